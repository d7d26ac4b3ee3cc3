#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO
import SessionLog

/// Erasure and retention in the central store. Each records what it removed, so a copy still
/// waiting on some kiosk is not taken in again: an erased session's id goes to `erased`, a purge's
/// cut-off to `retention` (the insert trigger checks both).
public enum CentralErasure {
    /// Session ids in the store that start with `code` (a full id or the code a visitor was shown).
    public static func sessions(matching code: String, _ db: CentralDatabase) async throws(CentralError) -> [UUID] {
        let prefix = code.lowercased().filter { $0.isHexDigit || $0 == "-" }
        var ids: [UUID] = []
        try await db.rows("SELECT id FROM routewijzer.sessions WHERE id::text LIKE \(prefix + "%") ORDER BY id LIMIT 10") { row in
            ids.append(try row.decode(UUID.self))
        }
        return ids
    }

    public struct Forgotten: Sendable, Equatable {
        public var sessions = 0
        public var contacts = 0
    }

    /// Deletes the session and its contact details, and remembers the id as erased.
    public static func forget(_ id: UUID, _ db: CentralDatabase) async throws(CentralError) -> Forgotten {
        try await db.transaction { db throws(CentralError) in
            try await db.execute("INSERT INTO routewijzer.erased (id) VALUES (\(id)) ON CONFLICT (id) DO NOTHING")
            let s = try await db.execute("DELETE FROM routewijzer.sessions WHERE id = \(id)") ?? 0
            let c = try await db.execute("DELETE FROM routewijzer.contacts WHERE session = \(id)") ?? 0
            return Forgotten(sessions: s, contacts: c)
        }
    }

    public struct Purged: Sendable, Equatable {
        public var sessions = 0
        public var contacts = 0
    }

    /// Deletes sessions that ended before `cutoff` and contacts past their retention date;
    /// with `dryRun`, only counts them.
    public static func purge(endedBefore cutoff: UTCTime, now: UTCTime, dryRun: Bool, _ db: CentralDatabase) async throws(CentralError) -> Purged {
        let cutoffDate = Date(timeIntervalSince1970: TimeInterval(cutoff.seconds))
        let nowDate = Date(timeIntervalSince1970: TimeInterval(now.seconds))
        if dryRun {
            var p = Purged()
            try await db.rows("SELECT count(*) FROM routewijzer.sessions WHERE ended_at < \(cutoffDate)") { p.sessions = try $0.decode(Int.self) }
            try await db.rows("SELECT count(*) FROM routewijzer.contacts WHERE retain_until <= \(nowDate)") { p.contacts = try $0.decode(Int.self) }
            return p
        }
        return try await db.transaction { db throws(CentralError) in
            try await db.execute("""
                INSERT INTO routewijzer.retention (what, before) VALUES ('sessions', \(cutoffDate))
                ON CONFLICT (what) DO UPDATE SET before = greatest(routewijzer.retention.before, excluded.before)
                """)
            let s = try await db.execute("DELETE FROM routewijzer.sessions WHERE ended_at < \(cutoffDate)") ?? 0
            let c = try await db.execute("DELETE FROM routewijzer.contacts WHERE retain_until <= \(nowDate)") ?? 0
            return Purged(sessions: s, contacts: c)
        }
    }
}

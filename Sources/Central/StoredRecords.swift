#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import PostgresNIO
import RouteCatalog
import SessionLog
import SystemIO

/// Reads the central store's sessions back as session-log lines, so `export` and `report` read
/// them with exactly the code they use for files: the same record, the same output.
public enum StoredRecords {
    /// One session as a log line, built by the server: the fields of `OutcomeRecord`, in the
    /// order the records arrived (`seq`), which for one data directory is the order of its log.
    static let lineSQL = """
        SELECT '{"answers":' || answers::text
          || ',"catalogueSHA256":' || to_json(catalogue_sha256)::text
          || ',"catalogueVersion":' || to_json(catalogue_version)::text
          || ',"channel":' || to_json(channel)::text
          || CASE WHEN contact_left IS NULL THEN '' ELSE ',"contactLeft":' || contact_left::text END
          || ',"endedAt":"' || to_char(ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '"'
          || CASE WHEN event IS NULL THEN '' ELSE ',"event":' || to_json(event)::text END
          || ',"id":"' || upper(id::text) || '"'
          || ',"language":' || to_json(language)::text
          || ',"outcome":' || to_json(outcome)::text
          || ',"routes":' || routes::text
          || ',"schema":' || record_schema
          || ',"startedAt":"' || to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '"}'
        FROM routewijzer.sessions
        """

    /// Writes every stored session started in [since, until) (either may be nil) to `fd`, one
    /// line each; returns how many. The window only narrows what is fetched: the reading command
    /// applies its own filter exactly as it does on files.
    public static func write(to fd: Int32, since: UTCTime?, until: UTCTime?, _ db: CentralDatabase) async throws(CentralError) -> Int {
        var query: PostgresQuery
        switch (since, until) {
        case let (s?, u?):
            query = "\(unescaped: lineSQL) WHERE started_at >= \(date(s)) AND started_at < \(date(u)) ORDER BY seq"
        case let (s?, nil):
            query = "\(unescaped: lineSQL) WHERE started_at >= \(date(s)) ORDER BY seq"
        case let (nil, u?):
            query = "\(unescaped: lineSQL) WHERE started_at < \(date(u)) ORDER BY seq"
        case (nil, nil):
            query = "\(unescaped: lineSQL) ORDER BY seq"
        }
        var out = OutputBuffer(fd: fd)
        var count = 0
        try await db.rows(query) { row in
            let cell = row.first!
            guard let bytes = cell.bytes else { return }
            bytes.withUnsafeReadableBytes { out.append($0) }
            out.append(0x0A)
            count += 1
            if out.failed != 0 { throw CentralError.local(Language.en[.centralWritingRecordsFailed, String(cString: strerror(out.failed))]) }
        }
        out.flush()
        if out.failed != 0 { throw CentralError.local(Language.en[.centralWritingRecordsFailed, String(cString: strerror(out.failed))]) }
        return count
    }

    static func date(_ t: UTCTime) -> Date { Date(timeIntervalSince1970: TimeInterval(t.seconds)) }

    struct OutputBuffer {
        let fd: Int32
        var bytes: [UInt8] = []
        var failed: Int32 = 0

        init(fd: Int32) { self.fd = fd; bytes.reserveCapacity(1 << 20) }

        mutating func append(_ b: UnsafeRawBufferPointer) {
            bytes.append(contentsOf: b)
            if bytes.count >= 1 << 20 { flush() }
        }

        mutating func append(_ c: UInt8) { bytes.append(c) }

        mutating func flush() {
            if failed == 0, let e = SystemFileSystem().writeAll(fd, bytes) { failed = e }
            bytes.removeAll(keepingCapacity: true)
        }
    }
}

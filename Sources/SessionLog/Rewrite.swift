#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import RouteCatalog
import SystemIO

/// Atomic rewrites of the files in a data directory (retention, erasure), under the same lock as
/// the appends: the kept lines go to a temporary file in the same directory, which is fsynced and
/// renamed over the original; then the directory is fsynced. Writers notice the new inode and
/// reopen. A crash at any moment leaves either the old or the new file, never a mixture.
public struct LogMaintenance {
    public let directory: DataDirectory

    public init(directory: DataDirectory) { self.directory = directory }

    public enum Decision { case keep, drop, quarantine }

    public struct Result: Sendable, Equatable {
        public var kept = 0
        public var dropped = 0
        public var quarantined = 0
    }

    /// Result of `purge` and `forget`.
    public struct Summary: Sendable, Equatable {
        public var sessions = Result()
        public var contacts = Result()
        public var quarantine = Result()
        /// Temporary files of interrupted rewrites, removed (paths).
        public var temporaryFilesRemoved: [String] = []
        /// Lines that may still hold personal data but could not be tied to a session (`forget`).
        public var unattributed: [DamagedLine] = []
    }

    /// What `purge` would do, counted without changing anything (`purge --dry-run`, and the
    /// numbers a confirmation asks about).
    public struct PurgePlan: Sendable, Equatable {
        public var sessions = Result()
        public var contacts = Result()
        /// The start of the oldest session that stays, and of the newest that goes.
        public var oldestKept: UTCTime?
        public var newestDropped: UTCTime?
        /// Sessions that ended before this moment go.
        public var cutoff: UTCTime
    }

    func sessionDecision(cutoff: UTCTime) -> (UnsafeRawBufferPointer) -> Decision {
        let decoder = JSONDecoder()
        return { line in
            // A line the readers report as damaged is moved aside, never kept as if it were a
            // record (it would then never expire).
            guard let record = try? SessionLogReader.decode(line, decoder: decoder) else { return .quarantine }
            return record.endedAt < cutoff ? .drop : .keep
        }
    }

    func contactDecision(now: UTCTime) -> (UnsafeRawBufferPointer) -> Decision {
        let decoder = JSONDecoder()
        return { line in
            guard let c = try? decoder.decode(ContactRecord.self, from: Data(line)) else { return .quarantine }
            return c.retainUntil < now ? .drop : .keep
        }
    }

    /// Counts what `purge(olderThanDays:now:)` would delete, keep and quarantine.
    public func purgePlan(olderThanDays days: Int, now: UTCTime = .now()) throws(SessionLogError) -> PurgePlan {
        guard days >= 0 else { throw SessionLogError(.invalidArgument, detail: "--older-than \(days)") }
        var plan = PurgePlan(cutoff: now.adding(days: -days))
        let sessions = sessionDecision(cutoff: plan.cutoff), contacts = contactDecision(now: now)
        let reader = LineReader(fs: directory.fs)
        for (name, decide, isSessions) in [(DataDirectory.sessionsFile, sessions, true), (DataDirectory.contactsFile, contacts, false)] {
            let path = directory.file(name)
            var st = stat()
            guard directory.fs.lstat(path, &st) == 0 else { continue }
            var result = Result()
            let tail: LineReader.Tail?
            do {
                tail = try reader.forEachLine(path: path) { line, _, _ in
                let decision = decide(line)
                switch decision {
                case .keep: result.kept += 1
                case .drop: result.dropped += 1
                case .quarantine: result.quarantined += 1
                }
                guard isSessions, decision != .quarantine, let started = RecordSkim(line)?.startedAt else { return }
                if decision == .keep, plan.oldestKept == nil || started < plan.oldestKept! { plan.oldestKept = started }
                if decision == .drop, plan.newestDropped == nil || plan.newestDropped! < started { plan.newestDropped = started }
                }
            } catch let e as SessionLogError {
                throw e
            } catch {
                throw SessionLogError(.ioError, path: path)
            }
            if tail != nil { result.quarantined += 1 }
            if isSessions { plan.sessions = result } else { plan.contacts = result }
        }
        return plan
    }

    /// Deletes session records that ended more than `days` days before `now`, and contacts whose
    /// retention date has passed. Lines that cannot be read are moved to the quarantine file.
    public func purge(olderThanDays days: Int, now: UTCTime = .now()) throws(SessionLogError) -> Summary {
        guard days >= 0 else { throw SessionLogError(.invalidArgument, detail: "--older-than \(days)") }
        let sessions = sessionDecision(cutoff: now.adding(days: -days)), contacts = contactDecision(now: now)
        return try directory.withLock { () throws(SessionLogError) -> Summary in
            var s = Summary()
            s.sessions = try rewriteLocked(DataDirectory.sessionsFile, decide: sessions)
            s.contacts = try rewriteLocked(DataDirectory.contactsFile, decide: contacts)
            s.temporaryFilesRemoved = try removeTemporaryFiles()
            return s
        }
    }

    /// Erases everything stored about one session: its outcome record(s), its contact details,
    /// any quarantined bytes that mention it or its contact's e-mail address, and leftover
    /// temporary files. What may still hold it is reported in `unattributed`.
    public func forget(sessionID: UUID) throws(SessionLogError) -> Summary {
        try forget(sessionIDs: [sessionID], emails: [])
    }

    /// Erases the sessions with these ids and the contacts with these e-mail addresses (compared
    /// without regard to case), each with everything that belongs to it: a contact's session, a
    /// session's contact, the quarantined lines that mention either (a torn contact line keeps
    /// the name and address, written before the session id), and the temporary files an
    /// interrupted rewrite left (copies of the files). Lines of `contacts.quarantine` that name no
    /// complete session id cannot be tied to anyone: they are kept and listed in `unattributed`.
    public func forget(sessionIDs: Set<UUID>, emails: Set<String>) throws(SessionLogError) -> Summary {
        let decoder = JSONDecoder()
        return try directory.withLock { () throws(SessionLogError) -> Summary in
            var s = Summary()
            // Every session and address that belongs to what is asked for, through contacts.
            var ids = sessionIDs
            var addresses = Set(emails.map { ContactRules.trimmed($0).lowercased() }.filter { !$0.isEmpty })
            do {
                try ContactStore(directory: directory).forEach { c in
                    if ids.contains(c.sessionID) || addresses.contains(c.email.lowercased()) {
                        ids.insert(c.sessionID)
                        addresses.insert(c.email.lowercased())
                    }
                }
            } catch let e as SessionLogError {
                throw e
            } catch {
                throw SessionLogError(.ioError, path: directory.contactsPath)
            }
            let patterns = ids.flatMap { [Array($0.uuidString.uppercased().utf8), Array($0.uuidString.lowercased().utf8)] }
                + addresses.map { Array($0.utf8) }
            func mentions(_ line: UnsafeRawBufferPointer) -> Bool {
                patterns.contains { LogMaintenance.contains(line, $0, ignoringCase: true) }
            }
            s.sessions = try rewriteLocked(DataDirectory.sessionsFile) { line in
                if let skim = RecordSkim(line), let id = skim.id { return ids.contains(id) ? .drop : .keep }
                return mentions(line) ? .drop : .keep
            }
            s.contacts = try rewriteLocked(DataDirectory.contactsFile) { line in
                if let c = try? decoder.decode(ContactRecord.self, from: Data(line)) {
                    return ids.contains(c.sessionID) || addresses.contains(c.email.lowercased()) ? .drop : .keep
                }
                return mentions(line) ? .drop : .keep
            }
            let contactsQuarantine = DataDirectory.quarantineName(for: DataDirectory.contactsFile)
            for q in [DataDirectory.quarantineName(for: DataDirectory.sessionsFile), contactsQuarantine] {
                var kept = 0   // line numbers in the file as rewritten
                let r = try rewriteLocked(q) { line in
                    if mentions(line) { return .drop }
                    kept += 1
                    if q == contactsQuarantine && !LogMaintenance.containsUUID(line) {
                        s.unattributed.append(DamagedLine(file: directory.file(q), line: kept, offset: 0,
                                                          reason: "torn contact line without a complete session id"))
                    }
                    return .keep
                }
                s.quarantine.dropped += r.dropped
                s.quarantine.kept += r.kept
            }
            s.temporaryFilesRemoved = try removeTemporaryFiles()
            return s
        }
    }

    /// Removes the temporary files of rewrites (`.sessions.jsonl.tmp-PID` …): the caller holds
    /// the lock, so no rewrite is running and any such file was left by one that was
    /// interrupted; it is a copy of data the files themselves hold (or held before an erasure).
    func removeTemporaryFiles() throws(SessionLogError) -> [String] {
        let names = [DataDirectory.sessionsFile, DataDirectory.contactsFile,
                     DataDirectory.quarantineName(for: DataDirectory.sessionsFile),
                     DataDirectory.quarantineName(for: DataDirectory.contactsFile)].map { ".\($0).tmp-" }
        guard let entries = directory.fs.directoryEntries(directory.path) else {
            throw SessionLogError.from(errno: errno, path: directory.path)
        }
        let found = entries.filter { name in names.contains(where: { name.hasPrefix($0) }) }
        var removed: [String] = []
        for name in found.sorted() {
            let path = directory.file(name)
            if directory.fs.unlink(path) != 0 { throw SessionLogError.from(errno: errno, path: path) }
            removed.append(path)
        }
        if !removed.isEmpty { try directory.syncDirectory() }
        return removed
    }

    /// Whether `pattern` (ASCII letters compared without case when `ignoringCase`) occurs in `line`.
    static func contains(_ line: UnsafeRawBufferPointer, _ pattern: [UInt8], ignoringCase: Bool) -> Bool {
        guard !pattern.isEmpty, line.count >= pattern.count else { return false }
        func fold(_ b: UInt8) -> UInt8 { ignoringCase && b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        let first = fold(pattern[0])
        var i = 0
        let last = line.count - pattern.count
        outer: while i <= last {
            if fold(line[i]) == first {
                for k in 1..<pattern.count where fold(line[i + k]) != fold(pattern[k]) {
                    i += 1
                    continue outer
                }
                return true
            }
            i += 1
        }
        return false
    }

    /// Whether the line holds a complete UUID (8-4-4-4-12 hex digits).
    static func containsUUID(_ line: UnsafeRawBufferPointer) -> Bool {
        let shape: [Int] = [8, 4, 4, 4, 12]
        guard line.count >= 36 else { return false }
        func isHex(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66) }
        for start in 0...(line.count - 36) {
            var i = start
            var ok = true
            for (g, n) in shape.enumerated() {
                for _ in 0..<n where ok { ok = isHex(line[i]); i += 1 }
                if g < 4 && ok { ok = line[i] == 0x2D; i += 1 }
                if !ok { break }
            }
            if ok { return true }
        }
        return false
    }

    /// Rewrites one file; the caller holds the lock. A missing file is left missing. An unfinished
    /// last line (a writer that died mid-write) is quarantined.
    func rewriteLocked(_ name: String, decide: (UnsafeRawBufferPointer) -> Decision) throws(SessionLogError) -> Result {
        let fs = directory.fs
        let path = directory.file(name)
        var st = stat()
        if fs.lstat(path, &st) != 0 {
            if errno == ENOENT { return Result() }
            throw SessionLogError.from(errno: errno, path: path)
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw SessionLogError(st.st_mode & S_IFMT == S_IFLNK ? .symlinkRefused : .notARegularFile, path: path)
        }
        try directory.checkFile(st, path: path)
        let mode = mode_t(st.st_mode & 0o777)
        // The new version beside the file (".name.tmp-…"), put over it whole at the end.
        let writer: AtomicFile.Writer
        do { writer = try AtomicFile.Writer(replacing: path, mode: mode, fs: fs) } catch {
            throw SessionLogError.from(errno: error.errno, path: error.path)
        }
        let out = writer.fd
        var result = Result()
        var quarantined: [UInt8] = []
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 18)
        var writeError: Int32?
        do {
            let tail = try LineReader(fs: fs).forEachLine(path: path) { line, _, _ in
                guard writeError == nil else { return }
                switch decide(line) {
                case .keep:
                    result.kept += 1
                    buffer.append(contentsOf: line)
                    buffer.append(0x0A)
                    if buffer.count >= 1 << 18 {
                        writeError = fs.writeAll(out, buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                case .drop:
                    result.dropped += 1
                case .quarantine:
                    result.quarantined += 1
                    quarantined.append(contentsOf: line)
                    quarantined.append(0x0A)
                }
            }
            if let tail {
                // Copy the unfinished bytes to quarantine as they are.
                let fd = fs.open(path, O_RDONLY | O_CLOEXEC, 0)
                if fd >= 0 {
                    var bytes = [UInt8](repeating: 0, count: tail.length)
                    let n = bytes.withUnsafeMutableBytes { fs.preadFully(fd, $0.baseAddress!, tail.length, tail.offset) }
                    _ = fs.close(fd)
                    if n == tail.length {
                        quarantined += bytes
                        quarantined.append(0x0A)
                        result.quarantined += 1
                    }
                }
            }
        } catch let e as SessionLogError {
            throw e
        } catch {
            throw SessionLogError(.ioError, path: path)
        }
        if writeError == nil, !buffer.isEmpty { writeError = fs.writeAll(out, buffer) }
        if let e = writeError { throw SessionLogError.from(errno: e, path: writer.temporary) }
        do { try writer.sync() } catch {
            throw SessionLogError(error.errno == ENOSPC ? .diskFull : .syncFailed, path: error.path, code: error.errno)
        }
        // Quarantine first: moved lines are never only in memory.
        if !quarantined.isEmpty {
            let qName = DataDirectory.quarantineName(for: name)
            let q = try directory.openFile(qName, flags: O_WRONLY | O_APPEND, mode: mode)
            defer { _ = fs.close(q) }
            if let e = fs.writeAll(q, quarantined) { throw SessionLogError.from(errno: e, path: directory.file(qName)) }
            if fs.fdatasync(q) != 0 { throw SessionLogError(.syncFailed, path: directory.file(qName), code: errno) }
        }
        do { try writer.commit() } catch { throw SessionLogError.from(errno: error.errno, path: error.path) }
        return result
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

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
        { line in
            guard let skim = RecordSkim(line), let ended = skim.endedAt else { return .quarantine }
            return ended < cutoff ? .drop : .keep
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
            return s
        }
    }

    /// Erases everything stored about one session: its outcome record(s), its contact details, and
    /// any quarantined bytes that mention it.
    public func forget(sessionID: UUID) throws(SessionLogError) -> Summary {
        let decoder = JSONDecoder()
        let upper = Array(sessionID.uuidString.uppercased().utf8)
        let lower = Array(sessionID.uuidString.lowercased().utf8)
        func mentions(_ line: UnsafeRawBufferPointer) -> Bool {
            guard line.count >= upper.count else { return false }
            for pattern in [upper, lower] {
                var i = 0
                let last = line.count - pattern.count
                while i <= last {
                    if line[i] == pattern[0] && pattern.withUnsafeBytes({ memcmp(line.baseAddress! + i, $0.baseAddress!, pattern.count) }) == 0 {
                        return true
                    }
                    i += 1
                }
            }
            return false
        }
        return try directory.withLock { () throws(SessionLogError) -> Summary in
            var s = Summary()
            s.sessions = try rewriteLocked(DataDirectory.sessionsFile) { line in
                if let skim = RecordSkim(line), let id = skim.id { return id == sessionID ? .drop : .keep }
                return mentions(line) ? .drop : .keep
            }
            s.contacts = try rewriteLocked(DataDirectory.contactsFile) { line in
                if let c = try? decoder.decode(ContactRecord.self, from: Data(line)) { return c.sessionID == sessionID ? .drop : .keep }
                return mentions(line) ? .drop : .keep
            }
            for q in [DataDirectory.quarantineName(for: DataDirectory.sessionsFile), DataDirectory.quarantineName(for: DataDirectory.contactsFile)] {
                let r = try rewriteLocked(q) { mentions($0) ? .drop : .keep }
                s.quarantine.dropped += r.dropped
                s.quarantine.kept += r.kept
            }
            return s
        }
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
        let mode = mode_t(st.st_mode & 0o777)
        let tmpName = ".\(name).tmp-\(getpid())"
        let tmpPath = directory.file(tmpName)
        _ = fs.unlink(tmpPath)
        let out = fs.open(tmpPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        if out < 0 { throw SessionLogError.from(errno: errno, path: tmpPath) }
        _ = fs.fchmod(out, mode)
        var committed = false
        defer {
            if !committed { _ = fs.unlink(tmpPath) }
        }
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
            _ = fs.close(out)
            throw e
        } catch {
            _ = fs.close(out)
            throw SessionLogError(.ioError, path: path)
        }
        if writeError == nil, !buffer.isEmpty { writeError = fs.writeAll(out, buffer) }
        if let e = writeError {
            _ = fs.close(out)
            throw SessionLogError.from(errno: e, path: tmpPath)
        }
        if fs.fsync(out) != 0 {
            let e = errno
            _ = fs.close(out)
            throw SessionLogError(e == ENOSPC ? .diskFull : .syncFailed, path: tmpPath, code: e)
        }
        _ = fs.close(out)
        // Quarantine first: moved lines are never only in memory.
        if !quarantined.isEmpty {
            let qName = DataDirectory.quarantineName(for: name)
            let q = try directory.openFile(qName, flags: O_WRONLY | O_APPEND, mode: mode)
            defer { _ = fs.close(q) }
            if let e = fs.writeAll(q, quarantined) { throw SessionLogError.from(errno: e, path: directory.file(qName)) }
            if fs.fdatasync(q) != 0 { throw SessionLogError(.syncFailed, path: directory.file(qName), code: errno) }
        }
        if fs.rename(tmpPath, path) != 0 { throw SessionLogError.from(errno: errno, path: path) }
        committed = true
        try directory.syncDirectory()
        return result
    }
}

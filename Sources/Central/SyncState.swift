#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import RouteCatalog
import SessionLog
import SystemIO

/// How far each log file of a data directory has been shipped: the file (device and inode, so a
/// log rewritten by purge or forget is recognised as a new file) and the byte offset just after
/// the last line the central store has committed.
///
/// Kept in `sync-state.json` in the data directory, replaced atomically (temporary file, fsync,
/// rename, fsync of the directory), and advanced only after the database has committed the lines
/// before the offset. A crash at any point leaves the old or the new mark; with the old one the
/// same lines are shipped again and the store, keyed by session id, keeps them once.
public struct SyncState: Codable, Equatable, Sendable {
    public struct Mark: Codable, Equatable, Sendable {
        public var device: UInt64
        public var inode: UInt64
        public var offset: Int64

        public init(device: UInt64, inode: UInt64, offset: Int64) {
            self.device = device; self.inode = inode; self.offset = offset
        }
    }

    public static let fileName = "sync-state.json"
    public static let lockName = "sync.lock"

    public var version = 1
    /// By log file name (`sessions.jsonl`, `contacts.jsonl`).
    public var files: [String: Mark] = [:]

    public init() {}

    /// Reads the state; a missing file is the empty state. A damaged file is not trusted: the
    /// warning is returned and everything is shipped again (the store keeps each session once).
    public static func load(from directory: DataDirectory) -> (SyncState, warning: String?) {
        let path = directory.file(fileName)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return (SyncState(), nil) }
            return (SyncState(), "\(path) cannot be read (\(String(cString: strerror(errno)))); shipping from the start.")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        guard let state = try? JSONDecoder().decode(SyncState.self, from: Data(bytes)), state.version == 1 else {
            return (SyncState(), "\(path) is damaged; shipping from the start (sessions already there are kept once).")
        }
        return (state, nil)
    }

    /// Replaces the state file atomically and durably.
    public func save(to directory: DataDirectory) throws(CentralError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes: [UInt8]
        do { bytes = Array(try encoder.encode(self)) + [0x0A] } catch { throw CentralError.local(Language.en[.centralSyncStateNotEncoded, "\(error)"]) }
        do {
            try AtomicFile.replace(directory.file(Self.fileName), with: bytes, mode: directory.fileMode)
        } catch {
            throw CentralError.local(Language.en[.centralCannotBeWritten, error.path, error.reason])
        }
    }
}

/// One `sync` at a time per data directory: an exclusive lock on `sync.lock`, held until the
/// process ends (the kernel releases it when a killed process dies).
public final class SyncLock {
    let fd: Int32

    /// Nil when another sync holds it.
    public init?(directory: DataDirectory) throws(CentralError) {
        let path = directory.file(SyncState.lockName)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, directory.fileMode)
        guard fd >= 0 else { throw CentralError.local(Language.en[.centralCannotBeOpened, path, String(cString: strerror(errno))]) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let e = errno
            close(fd)
            if e == EWOULDBLOCK { return nil }
            throw CentralError.local(Language.en[.centralCannotBeLocked, path, String(cString: strerror(e))])
        }
        self.fd = fd
    }

    deinit { close(fd) }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The directory holding the session log, the contacts store and their lock.
///
/// Default: `$XDG_DATA_HOME/routewijzer` or `~/.local/share/routewijzer` (per user, created 0700).
/// Shared deployments (SSH + kiosk) set `--data-dir` or `ROUTEWIJZER_DATA_DIR` to a directory
/// owned by a group with the setgid bit (`chmod 2770`): files are then created 0660, otherwise 0600.
public struct DataDirectory: Sendable {
    public static let sessionsFile = "sessions.jsonl"
    public static let lockFile = "routewijzer.lock"
    public static let quarantineFile = "sessions.quarantine"
    public static let contactsFile = "contacts.jsonl"
    public static let contactsAuditFile = "contacts-audit.jsonl"

    public let path: String

    /// `sessions.jsonl` → `sessions.quarantine`: torn tails and damaged lines of a log, kept apart.
    public static func quarantineName(for name: String) -> String {
        (name.hasSuffix(".jsonl") ? String(name.dropLast(6)) : name) + ".quarantine"
    }
    public let fs: any FileSystemCalls

    public init(path: String, fs: any FileSystemCalls = SystemFileSystem()) {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        self.path = p
        self.fs = fs
    }

    /// `--data-dir`, else `ROUTEWIJZER_DATA_DIR`, else `$XDG_DATA_HOME/routewijzer`, else
    /// `$HOME/.local/share/routewijzer`.
    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        if let e = explicit, !e.isEmpty { return e }
        if let e = environment["ROUTEWIJZER_DATA_DIR"], !e.isEmpty { return e }
        if let x = environment["XDG_DATA_HOME"], x.hasPrefix("/") { return x + "/routewijzer" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return home + "/.local/share/routewijzer"
    }

    /// The environment of this process.
    public static func processEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment
    }

    public func file(_ name: String) -> String { path + "/" + name }
    public var sessionsPath: String { file(Self.sessionsFile) }
    public var lockPath: String { file(Self.lockFile) }
    public var quarantinePath: String { file(Self.quarantineFile) }
    public var contactsPath: String { file(Self.contactsFile) }
    public var contactsAuditPath: String { file(Self.contactsAuditFile) }

    /// True when the directory has the setgid bit: a group-shared deployment.
    public var isGroupShared: Bool {
        var st = stat()
        guard fs.lstat(path, &st) == 0 else { return false }
        return st.st_mode & S_ISGID != 0
    }

    /// 0660 in a group-shared (setgid) directory, otherwise 0600.
    public var fileMode: mode_t { isGroupShared ? 0o660 : 0o600 }

    /// Creates the directory (and parents) with mode 0700 if it does not exist.
    public func create() throws(SessionLogError) {
        var st = stat()
        if fs.lstat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw SessionLogError(.directoryMissing, path: path, code: ENOTDIR) }
            return
        }
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if fs.lstat(prefix, &st) == 0 { continue }
            if fs.mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw SessionLogError.from(errno: errno, path: prefix)
            }
        }
    }

    /// Opens (creating if needed) a file of this directory with `O_CLOEXEC|O_NOFOLLOW`. A newly
    /// created file gets `fileMode` exactly (not reduced by the umask). Refuses symbolic links and
    /// anything that is not a regular file.
    func openFile(_ name: String, flags: Int32, mode: mode_t? = nil) throws(SessionLogError) -> Int32 {
        let p = file(name)
        let m = mode ?? fileMode
        let base = flags | O_CLOEXEC | O_NOFOLLOW
        var fd = fs.open(p, base | O_CREAT | O_EXCL, m)
        if fd >= 0 {
            _ = fs.fchmod(fd, m)
        } else if errno == EEXIST {
            fd = fs.open(p, base, 0)
        }
        if fd < 0 {
            let e = errno
            if e == ELOOP { throw SessionLogError(.symlinkRefused, path: p, code: e) }
            throw SessionLogError.from(errno: e, path: p)
        }
        var st = stat()
        if fs.fstat(fd, &st) != 0 {
            let e = errno
            _ = fs.close(fd)
            throw SessionLogError.from(errno: e, path: p)
        }
        if st.st_mode & S_IFMT != S_IFREG {
            _ = fs.close(fd)
            throw SessionLogError(.notARegularFile, path: p)
        }
        return fd
    }

    /// Runs `body` holding `flock(LOCK_EX)` on the lock file, which is never renamed or removed.
    public func withLock<T>(_ body: () throws(SessionLogError) -> T) throws(SessionLogError) -> T {
        let fd = try openFile(Self.lockFile, flags: O_RDWR)
        defer { _ = fs.close(fd) }
        if fs.lockRetrying(fd, LOCK_EX) != 0 { throw SessionLogError.from(errno: errno, path: lockPath) }
        defer { _ = fs.lockRetrying(fd, LOCK_UN) }
        return try body()
    }

    /// fsync of the directory itself, so a rename or a new file survives a crash.
    func syncDirectory() throws(SessionLogError) {
        let fd = fs.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        if fd < 0 { throw SessionLogError.from(errno: errno, path: path) }
        defer { _ = fs.close(fd) }
        if fs.fsync(fd) != 0 { throw SessionLogError.from(errno: errno, path: path, fallback: .syncFailed) }
    }
}

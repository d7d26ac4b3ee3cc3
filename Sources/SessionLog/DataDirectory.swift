#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SystemIO

/// The directory holding the session log, the contacts store and their lock.
///
/// Default: `$XDG_DATA_HOME/routewijzer` or `~/.local/share/routewijzer` (per user, created 0700).
/// Shared deployments (SSH + kiosk) set `--data-dir` or `ROUTEWIJZER_DATA_DIR` to a directory
/// owned by a group with the setgid bit (`chmod 2770`): files are then created 0660, otherwise 0600.
/// A directory or file that others could change (writable by everyone, owned by someone else) is
/// refused with a message that says what to do.
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
    /// `$HOME/.local/share/routewijzer`, with the home directory from the password database when
    /// `HOME` is not set. Never a shared folder such as `/tmp`: without any of these it throws.
    public static func resolve(explicit: String?, environment: [String: String]) throws(SessionLogError) -> String {
        if let e = explicit, !e.isEmpty { return e }
        if let e = environment["ROUTEWIJZER_DATA_DIR"], !e.isEmpty { return e }
        if let x = environment["XDG_DATA_HOME"], x.hasPrefix("/") { return x + "/routewijzer" }
        guard let home = homeDirectory(environment: environment) else { throw SessionLogError(.noDataDirectory) }
        return (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.local/share/routewijzer"
    }

    /// `HOME` when it is an absolute path, else this user's home directory in the password
    /// database; nil when neither is known.
    public static func homeDirectory(environment: [String: String]) -> String? {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        guard let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir else { return nil }
        let home = String(cString: dir)
        return home.hasPrefix("/") ? home : nil
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

    /// Creates the directory (and parents) with mode 0700 if it does not exist; an existing one
    /// must pass `checkDirectory`.
    public func create() throws(SessionLogError) {
        var st = stat()
        if fs.lstat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw SessionLogError(.directoryMissing, path: path, code: ENOTDIR) }
            try checkDirectory(st)
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

    /// Refuses a data directory others could tamper with: writable by everyone, or owned by
    /// another user (not root) without being a group-shared (setgid) directory.
    func checkDirectory(_ st: stat) throws(SessionLogError) {
        if st.st_mode & S_IWOTH != 0 {
            throw SessionLogError(.unsafePermissions, path: path,
                                  detail: "the folder is writable by everyone (mode \(Self.octal(st.st_mode))); use a folder only you or your group can write: chmod o-w \(path)")
        }
        let me = geteuid()
        if st.st_uid != me && st.st_uid != 0 && st.st_mode & S_ISGID == 0 {
            throw SessionLogError(.unsafePermissions, path: path,
                                  detail: "the folder belongs to user \(st.st_uid), not to you (\(me)); use your own folder, or a group-shared one (chmod 2770, see docs/coordinators.md)")
        }
    }

    /// Refuses a file others could have planted or could change: writable by everyone, or owned by
    /// another user (not root) unless the directory is group-shared and the file is of its group.
    func checkFile(_ st: stat, path p: String) throws(SessionLogError) {
        if st.st_mode & S_IWOTH != 0 {
            throw SessionLogError(.unsafePermissions, path: p,
                                  detail: "the file is writable by everyone (mode \(Self.octal(st.st_mode))); chmod o-w \(p) after checking its contents")
        }
        let me = geteuid()
        guard st.st_uid != me && st.st_uid != 0 else { return }
        var dir = stat()
        if fs.lstat(path, &dir) == 0, dir.st_mode & S_ISGID != 0, st.st_gid == dir.st_gid { return }
        throw SessionLogError(.unsafePermissions, path: p,
                              detail: "the file belongs to user \(st.st_uid), not to you (\(me)), and the folder is not group-shared; check it and chown it, or move it away")
    }

    static func octal(_ mode: mode_t) -> String {
        "0" + String(mode & 0o7777, radix: 8)
    }

    /// Opens (creating if needed) a file of this directory with `O_CLOEXEC|O_NOFOLLOW`. A newly
    /// created file gets `fileMode` exactly (not reduced by the umask). Refuses symbolic links,
    /// anything that is not a regular file, and a file that fails `checkFile`, in a directory that
    /// passes `checkDirectory`.
    func openFile(_ name: String, flags: Int32, mode: mode_t? = nil) throws(SessionLogError) -> Int32 {
        let p = file(name)
        var dir = stat()
        if fs.lstat(path, &dir) == 0 { try checkDirectory(dir) }
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
        do {
            try checkFile(st, path: p)
        } catch {
            _ = fs.close(fd)
            throw error
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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A small file that holds a secret (the kiosk's PIN hash, the central store's password): read
/// only when it is a regular file of this account (or root) that no one else may read or write.
/// Anyone who can read it can try PINs against the hash offline, as fast as their computers
/// allow; anyone who can write it can set their own. The kiosk config and the central settings
/// both read theirs here, and each words a `Problem` for its own users.
public enum PrivateFile {
    /// Why the file was not read.
    public enum Problem: Error, Sendable, Hashable {
        /// `open(2)` failed (not `ENOENT`, which is "no file").
        case cannotOpen(errno: Int32)
        case notARegularFile
        /// It belongs to another account than this one (and not to root).
        case ownedByAnother(owner: uid_t, me: uid_t)
        /// Group or others have some access: `mode` holds the permission bits.
        case openToOthers(mode: mode_t)
        case tooLarge(limit: Int)
        case readFailed(errno: Int32)

        /// The permission bits as `chmod` writes them (`0644`).
        public static func octal(_ mode: mode_t) -> String {
            let digits = String(UInt32(mode & 0o7777), radix: 8)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }

    /// The bytes of the file at `path`, or nil when there is none. `followLinks: false` refuses
    /// a symbolic link in the last component.
    public static func read(_ path: String, limit: Int, followLinks: Bool = true,
                            fs: any FileSystemCalls = SystemFileSystem()) throws(Problem) -> [UInt8]? {
        let fd = fs.open(path, O_RDONLY | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW), 0)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .cannotOpen(errno: errno)
        }
        defer { _ = fs.close(fd) }
        var st = stat()
        guard fs.fstat(fd, &st) == 0 else { throw .readFailed(errno: errno) }
        if let problem = protectionProblem(st) { throw problem }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = buffer.withUnsafeMutableBytes { fs.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .readFailed(errno: errno)
            }
            if n == 0 { return bytes }
            bytes += buffer[0..<n]
            if bytes.count > limit { throw .tooLarge(limit: limit) }
        }
    }

    /// Why a file with this status may not hold a secret, or nil.
    public static func protectionProblem(_ st: stat, me: uid_t = geteuid()) -> Problem? {
        guard st.st_mode & S_IFMT == S_IFREG else { return .notARegularFile }
        if st.st_uid != me && st.st_uid != 0 { return .ownedByAnother(owner: st.st_uid, me: me) }
        if st.st_mode & 0o077 != 0 { return .openToOthers(mode: st.st_mode & 0o7777) }
        return nil
    }
}

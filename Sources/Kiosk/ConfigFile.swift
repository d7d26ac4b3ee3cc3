#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import RouteCatalog
import SystemIO

/// Reading and writing the kiosk config file.
///
/// Writing is atomic: the new contents go to a temporary file in the same directory, created
/// 0600 whatever the umask, fsynced, renamed over the old file, and the directory is fsynced. A
/// crash leaves the old file or the new one, never half of one. A missing directory is created
/// 0700.
public enum KioskConfigFile {
    /// The config at `path`, or nil when there is no such file.
    public static func load(path: String) throws(KioskError) -> KioskConfig? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .file(path: path, describeErrno())
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .file(path: path, describeErrno()) }
        if let problem = protectionProblem(st, path: path) { throw .file(path: path, problem) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw .file(path: path, describeErrno()) }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > 1 << 20 { throw .file(path: path, Language.nl[.kioskConfigTooLarge]) }
        }
        return try KioskConfig.decode(bytes, path: path)
    }

    /// Why a config file may not be used, or nil: it must be a regular file of this user (or
    /// root) that no one else can read or write (mode 0600). Anyone who can read it can try PINs
    /// against its hash offline, as fast as their computers allow; anyone who can write it can
    /// set their own PIN.
    static func protectionProblem(_ st: stat, path: String) -> String? {
        guard st.st_mode & S_IFMT == S_IFREG else { return Language.nl[.kioskConfigNotARegularFile] }
        let me = geteuid()
        if st.st_uid != me && st.st_uid != 0 {
            return Language.nl[.kioskConfigOwnedByOther, st.st_uid, me]
        }
        if st.st_mode & 0o077 != 0 {
            return Language.nl[.kioskConfigOpenToOthers, String(st.st_mode & 0o777, radix: 8), path]
        }
        return nil
    }

    /// Writes `config` to `path` atomically, mode 0600.
    public static func save(_ config: KioskConfig, path: String) throws(KioskError) {
        let bytes = try config.encoded()
        let directory = parent(of: path)
        try makeDirectories(directory, reportingAs: path)
        do {
            try AtomicFile.replace(path, with: bytes, mode: 0o600)
        } catch {
            throw .file(path: error.path, error.reason)
        }
    }

    static func parent(of path: String) -> String { AtomicFile.parent(of: path) }

    static func makeDirectories(_ directory: String, reportingAs path: String) throws(KioskError) {
        var st = stat()
        if stat(directory, &st) == 0 { return }
        if directory != "/" && directory != "." { try makeDirectories(parent(of: directory), reportingAs: path) }
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw .file(path: directory, describeErrno())
        }
    }

    static func describeErrno() -> String {
        String(cString: strerror(errno))
    }
}

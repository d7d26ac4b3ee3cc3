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
    /// The config at `path`, or nil when there is no such file. It must be a regular file of
    /// this account (or root) that no one else can read or write (mode 0600): see `PrivateFile`.
    public static func load(path: String) throws(KioskError) -> KioskConfig? {
        let bytes: [UInt8]
        do {
            guard let read = try PrivateFile.read(path, limit: 1 << 20) else { return nil }
            bytes = read
        } catch {
            throw .file(path: path, words(error, path: path))
        }
        return try KioskConfig.decode(bytes, path: path)
    }

    /// Why the config file was not read, for the advisor who set the kiosk up.
    static func words(_ problem: PrivateFile.Problem, path: String) -> String {
        switch problem {
        case .cannotOpen(let e), .readFailed(let e): return String(cString: strerror(e))
        case .notARegularFile: return Language.nl[.kioskConfigNotARegularFile]
        case .ownedByAnother(let owner, let me):
            return Language.nl[.kioskConfigOwnedByOther, owner, me]
        case .openToOthers(let mode):
            return Language.nl[.kioskConfigOpenToOthers, String(mode & 0o777, radix: 8), path]
        case .tooLarge: return Language.nl[.kioskConfigTooLarge]
        }
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

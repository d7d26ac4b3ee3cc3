#if canImport(Glibc)
import Glibc
#endif

/// Replacing a small file whole or not at all (settings, marks): the new bytes go to a temporary
/// file beside it (created exclusively, never through a symbolic link, with the final mode from
/// the start), are synced, renamed over the old file, and the directory is synced so the rename
/// survives a power cut. On any failure the old file is as it was and the temporary one is gone.
/// The session logs are rewritten by `SessionLog`'s streaming rewrite, which ends the same way.
public enum AtomicFile {
    public struct Failure: Error, Sendable, Hashable {
        /// The file the failing call was about (the temporary file, the target or the directory).
        public var path: String
        public var errno: Int32
        public var reason: String { String(cString: strerror(errno)) }
    }

    public static func replace(
        _ path: String, with bytes: [UInt8], mode: mode_t, fs: any FileSystemCalls = SystemFileSystem()
    ) throws(Failure) {
        let directory = parent(of: path)
        let name = path[path.index(after: path.lastIndex(of: "/") ?? path.index(before: path.startIndex))...]
        let temporary = directory + "/." + name + ".tmp-\(getpid())"
        let fd = fs.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        if fd < 0 {
            // A temporary file left by a process that died with this pid: never ours to keep.
            guard errno == EEXIST, fs.unlink(temporary) == 0 else { throw Failure(path: temporary, errno: errno) }
            return try replace(path, with: bytes, mode: mode, fs: fs)
        }
        var failure: Failure?
        if fs.fchmod(fd, mode) != 0 {
            failure = Failure(path: temporary, errno: errno)
        } else if let e = fs.writeAll(fd, bytes) {
            failure = Failure(path: temporary, errno: e)
        } else if fs.fsync(fd) != 0 {
            failure = Failure(path: temporary, errno: errno)
        }
        _ = fs.close(fd)
        if failure == nil, fs.rename(temporary, path) != 0 { failure = Failure(path: path, errno: errno) }
        if let failure {
            _ = fs.unlink(temporary)
            throw failure
        }
        let dfd = fs.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        if dfd >= 0 { _ = fs.fsync(dfd); _ = fs.close(dfd) }
    }

    /// The directory part of `path` ("." for a bare name).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

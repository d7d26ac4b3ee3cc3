#if canImport(Glibc)
import Glibc
#endif

/// Replacing a small file whole or not at all (settings, marks): the new bytes go to a temporary
/// file beside it (created exclusively, never through a symbolic link, with the final mode from
/// the start), are synced, renamed over the old file, and the directory is synced so the rename
/// survives a power cut. On any failure the old file is as it was and the temporary one is gone.
/// `Writer` does the same for a file written as a stream (an export, the log's rewrite).
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
        let writer = try Writer(replacing: path, mode: mode, fs: fs)
        if let e = fs.writeAll(writer.fd, bytes) { throw Failure(path: writer.temporary, errno: e) }
        try writer.commit()
    }

    /// A new version of a file, written to a temporary file beside it (created exclusively,
    /// never through a symbolic link, with the final mode from the start) and put over the file
    /// by `commit()`: synced, renamed, the directory synced, so the file is whole or as it was,
    /// even after a power cut. Never committed, the temporary file is removed. For small files
    /// (`replace`) and streams (exports, the log's rewrite) alike.
    public final class Writer {
        /// The file to replace, and the temporary one beside it (".name.tmp-PID-RANDOM").
        public let path: String
        public let temporary: String
        /// Where to write the new version; -1 once `sync` closed it.
        public private(set) var fd: Int32
        let fs: any FileSystemCalls
        private var committed = false

        public init(replacing path: String, mode: mode_t, fs: any FileSystemCalls = SystemFileSystem()) throws(Failure) {
            let directory = AtomicFile.parent(of: path)
            let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
            var temporary = "", fd: Int32 = -1
            for _ in 0..<8 {
                temporary = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
                fd = fs.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
                if fd >= 0 || errno != EEXIST { break }
            }
            guard fd >= 0 else { throw Failure(path: temporary, errno: errno) }
            // The mode asked for, whatever the umask.
            if fs.fchmod(fd, mode) != 0 {
                let e = errno
                _ = fs.close(fd)
                _ = fs.unlink(temporary)
                throw Failure(path: temporary, errno: e)
            }
            self.path = path
            self.temporary = temporary
            self.fd = fd
            self.fs = fs
        }

        deinit {
            if fd >= 0 { _ = fs.close(fd) }
            if !committed { _ = fs.unlink(temporary) }
        }

        /// Syncs and closes the temporary file: the new version is on disk, nothing is replaced
        /// yet (a caller may first do what must come before, as the log's rewrite moves lines to
        /// quarantine).
        public func sync() throws(Failure) {
            guard fd >= 0 else { return }
            let failed = fs.fsync(fd) != 0
            let e = errno
            _ = fs.close(fd)
            fd = -1
            if failed { throw Failure(path: temporary, errno: e) }
        }

        /// Puts the new version in place of the file (syncing it first if that was not done),
        /// then syncs the directory. A failing directory sync is reported (the new version is in
        /// place, but the disk did not confirm that the rename will survive a power cut).
        public func commit() throws(Failure) {
            try sync()
            if fs.rename(temporary, path) != 0 { throw Failure(path: path, errno: errno) }
            committed = true
            let directory = AtomicFile.parent(of: path)
            let dfd = fs.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
            guard dfd >= 0 else { return }
            let failed = fs.fsync(dfd) != 0
            let e = errno
            _ = fs.close(dfd)
            if failed { throw Failure(path: directory, errno: e) }
        }
    }

    /// The directory part of `path` ("." for a bare name).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

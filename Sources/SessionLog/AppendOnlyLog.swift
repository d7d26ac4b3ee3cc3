#if canImport(Glibc)
import Glibc
#endif
import SystemIO

/// Appends whole lines to one file of a data directory so that many processes can write at once
/// and a crash (kill -9, power loss, full disk) never leaves a damaged line behind:
///
/// 1. `flock(LOCK_EX)` on the directory's lock file, which is never renamed;
/// 2. the log is opened `O_APPEND|O_CREAT|O_CLOEXEC|O_NOFOLLOW` (a symbolic link is refused) and
///    reopened when the path no longer names the open inode (after purge, forget, rotation);
/// 3. a torn tail (bytes after the last `\n`, left by a writer that died mid-write) is copied to the
///    quarantine file and cut off with `ftruncate`;
/// 4. the line is written in full (looping on short writes and EINTR), then `fdatasync`;
/// 5. on any error the file is cut back to where the record started and the error is thrown; an
///    fsync error is never retried (the page cache can no longer be trusted), the file is reopened;
/// 6. `append` returns only after the lock is released: only then may the caller say "saved".
public final class AppendOnlyLog {
    public let directory: DataDirectory
    public let name: String
    /// Mode for newly created files; nil means the directory's default (0600 or 0660).
    let mode: mode_t?
    private var fd: Int32 = -1
    private var lockFD: Int32 = -1

    var fs: any FileSystemCalls { directory.fs }
    public var path: String { directory.file(name) }
    /// Where torn tails of this log go: `sessions.jsonl` → `sessions.quarantine`.
    public var quarantineName: String { DataDirectory.quarantineName(for: name) }

    public init(directory: DataDirectory, name: String = DataDirectory.sessionsFile, mode: mode_t? = nil) {
        self.directory = directory
        self.name = name
        self.mode = mode
    }

    deinit {
        if fd >= 0 { _ = fs.close(fd) }
        if lockFD >= 0 { _ = fs.close(lockFD) }
    }

    /// Closes the open file descriptors; the next append reopens them.
    public func close() {
        if fd >= 0 { _ = fs.close(fd); fd = -1 }
        if lockFD >= 0 { _ = fs.close(lockFD); lockFD = -1 }
    }

    /// Appends one line. `line` must end in `\n` and contain no other newline.
    public func append(line: [UInt8]) throws(SessionLogError) {
        guard line.last == 0x0A, line.dropLast().firstIndex(of: 0x0A) == nil else {
            throw SessionLogError(.invalidArgument, path: path, detail: "a record must be exactly one line")
        }
        if lockFD < 0 {
            lockFD = try directory.openFile(DataDirectory.lockFile, flags: O_RDWR, mode: mode)
        }
        if fs.lockRetrying(lockFD, LOCK_EX) != 0 {
            throw SessionLogError.from(errno: errno, path: directory.lockPath)
        }
        var failure: SessionLogError?
        do {
            try appendLocked(line)
        } catch {
            failure = error
        }
        _ = fs.lockRetrying(lockFD, LOCK_UN)
        if let failure { throw failure }
    }

    /// Appends one record as a JSON line.
    public func append(_ record: OutcomeRecord) throws(SessionLogError) {
        let line: [UInt8]
        do { line = try record.jsonLine() } catch {
            throw SessionLogError(.invalidArgument, path: path, detail: "record cannot be encoded")
        }
        try append(line: line)
    }

    private func appendLocked(_ line: [UInt8]) throws(SessionLogError) {
        try ensureOpen()
        var st = stat()
        if fs.fstat(fd, &st) != 0 { throw SessionLogError.from(errno: errno, path: path) }
        var size = Int64(st.st_size)
        if size > 0 {
            size = try repairTornTail(size: size)
        }
        let start = size
        if let e = fs.writeAll(fd, line) {
            cutBack(to: start)
            throw SessionLogError.from(errno: e, path: path)
        }
        if fs.fdatasync(fd) != 0 {
            let e = errno
            // fsyncgate: after a failed fsync the kernel may have dropped the dirty pages and
            // cleared the error. Do not retry; cut the record off, drop this descriptor.
            _ = fs.ftruncate(fd, start)
            _ = fs.close(fd)
            fd = -1
            throw SessionLogError(e == ENOSPC || e == EDQUOT ? .diskFull : .syncFailed, path: path, code: e)
        }
    }

    /// Removes a partly written record so the file ends on a record boundary again.
    private func cutBack(to start: Int64) {
        if fs.ftruncate(fd, start) == 0 {
            _ = fs.fdatasync(fd)
        } else {
            // Could not cut back: forget this descriptor; the next append repairs the torn tail.
            _ = fs.close(fd)
            fd = -1
        }
    }

    /// Opens the log, or reopens it when the path no longer names the open inode.
    private func ensureOpen() throws(SessionLogError) {
        if fd >= 0 {
            var onPath = stat()
            var open = stat()
            if fs.lstat(path, &onPath) == 0, fs.fstat(fd, &open) == 0,
               onPath.st_dev == open.st_dev, onPath.st_ino == open.st_ino {
                return
            }
            _ = fs.close(fd)
            fd = -1
        }
        let newFD = try directory.openFile(name, flags: O_RDWR | O_APPEND, mode: mode)
        fd = newFD
    }

    /// If the file does not end in `\n`, copies the bytes after the last `\n` to the quarantine
    /// file and truncates them away. Returns the new size.
    private func repairTornTail(size: Int64) throws(SessionLogError) -> Int64 {
        var last: UInt8 = 0
        if fs.preadFully(fd, &last, 1, size - 1) != 1 { throw SessionLogError.from(errno: errno, path: path) }
        if last == 0x0A { return size }
        // Scan backwards for the last newline.
        let chunk = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        var end = size
        var cut: Int64 = 0
        search: while end > 0 {
            let begin = max(0, end - Int64(chunk))
            let n = Int(end - begin)
            let got = buffer.withUnsafeMutableBytes { fs.preadFully(fd, $0.baseAddress!, n, begin) }
            if got != n { throw SessionLogError.from(errno: errno == 0 ? EIO : errno, path: path) }
            var i = n - 1
            while i >= 0 {
                if buffer[i] == 0x0A { cut = begin + Int64(i) + 1; break search }
                i -= 1
            }
            end = begin
        }
        // Copy the tail (size - cut bytes) to the quarantine file, then cut it off.
        let qfd = try directory.openFile(quarantineName, flags: O_WRONLY | O_APPEND, mode: mode)
        defer { _ = fs.close(qfd) }
        var offset = cut
        while offset < size {
            let n = Int(min(Int64(chunk), size - offset))
            let got = buffer.withUnsafeMutableBytes { fs.preadFully(fd, $0.baseAddress!, n, offset) }
            if got != n { throw SessionLogError.from(errno: errno == 0 ? EIO : errno, path: path) }
            if let e = buffer.withUnsafeBytes({ fs.writeAll(qfd, UnsafeRawBufferPointer(rebasing: $0[0..<n])) }) {
                throw SessionLogError.from(errno: e, path: directory.file(quarantineName))
            }
            offset += Int64(n)
        }
        if let e = fs.writeAll(qfd, [0x0A]) { throw SessionLogError.from(errno: e, path: directory.file(quarantineName)) }
        if fs.fdatasync(qfd) != 0 { throw SessionLogError(.syncFailed, path: directory.file(quarantineName), code: errno) }
        if fs.ftruncate(fd, cut) != 0 { throw SessionLogError.from(errno: errno, path: path) }
        if fs.fdatasync(fd) != 0 { throw SessionLogError(.syncFailed, path: path, code: errno) }
        return cut
    }
}

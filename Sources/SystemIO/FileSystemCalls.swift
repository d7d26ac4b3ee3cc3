#if canImport(Glibc)
import Glibc
#endif

/// The system calls Routewijzer's files go through, behind a seam so tests can inject ENOSPC, EIO,
/// short writes and EINTR. Each call follows the C convention: a negative result means failure and the
/// reason is in `errno`.
public protocol FileSystemCalls: Sendable {
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    func close(_ fd: Int32) -> Int32
    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int
    func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int
    func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int
    func fdatasync(_ fd: Int32) -> Int32
    func fsync(_ fd: Int32) -> Int32
    func ftruncate(_ fd: Int32, _ length: Int64) -> Int32
    func flock(_ fd: Int32, _ operation: Int32) -> Int32
    func fstat(_ fd: Int32, _ info: inout stat) -> Int32
    /// `lstat`: does not follow a symbolic link.
    func lstat(_ path: String, _ info: inout stat) -> Int32
    /// `stat`: follows a symbolic link (a path the user named).
    func stat(_ path: String, _ info: inout stat) -> Int32
    /// The names in a directory, without "." and ".."; nil on failure (`errno` says why).
    func directoryEntries(_ path: String) -> [String]?
    func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32
    func rename(_ from: String, _ to: String) -> Int32
    func unlink(_ path: String) -> Int32
    func mkdir(_ path: String, _ mode: mode_t) -> Int32
}

/// `flock(2)`; a free function because inside the struct the name means the method.
private func systemFlock(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }
/// `stat(2)`, for the same reason (and `Glibc.stat` names the struct).
private func systemStat(_ path: String, _ info: inout stat) -> Int32 { stat(path, &info) }

/// The real system calls.
public struct SystemFileSystem: FileSystemCalls {
    public init() {}
    public func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
    public func close(_ fd: Int32) -> Int32 { Glibc.close(fd) }
    public func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { Glibc.write(fd, buffer, count) }
    public func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { Glibc.read(fd, buffer, count) }
    public func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int {
        Glibc.pread(fd, buffer, count, off_t(offset))
    }
    public func fdatasync(_ fd: Int32) -> Int32 { Glibc.fdatasync(fd) }
    public func fsync(_ fd: Int32) -> Int32 { Glibc.fsync(fd) }
    public func ftruncate(_ fd: Int32, _ length: Int64) -> Int32 { Glibc.ftruncate(fd, off_t(length)) }
    public func flock(_ fd: Int32, _ operation: Int32) -> Int32 { systemFlock(fd, operation) }
    public func fstat(_ fd: Int32, _ info: inout stat) -> Int32 { Glibc.fstat(fd, &info) }
    public func lstat(_ path: String, _ info: inout stat) -> Int32 { Glibc.lstat(path, &info) }
    public func stat(_ path: String, _ info: inout Glibc.stat) -> Int32 { systemStat(path, &info) }
    public func directoryEntries(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        errno = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return errno == 0 ? names : nil
    }
    public func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 { Glibc.fchmod(fd, mode) }
    public func rename(_ from: String, _ to: String) -> Int32 { Glibc.rename(from, to) }
    public func unlink(_ path: String) -> Int32 { Glibc.unlink(path) }
    public func mkdir(_ path: String, _ mode: mode_t) -> Int32 { Glibc.mkdir(path, mode) }
}

extension FileSystemCalls {
    /// Writes all bytes, looping on short writes and EINTR. Returns nil or the errno of the failure.
    public func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard var p = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                return e
            }
            if n == 0 { return EIO }          // no progress: treat as an I/O error, never spin
            p += n
            left -= n
        }
        return nil
    }

    public func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    /// `flock`, retried on EINTR.
    public func lockRetrying(_ fd: Int32, _ op: Int32) -> Int32 {
        while true {
            let r = flock(fd, op)
            if r == 0 || errno != EINTR { return r }
        }
    }

    /// `pread` that retries on EINTR and reads until `count` bytes or end of file.
    public func preadFully(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, count - done, offset + Int64(done))
            if n < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if n == 0 { break }
            done += n
        }
        return done
    }
}

/// A file layer that passes every call to another one, for fault injection: a type states its
/// `base` and writes only the calls it changes (short writes, EINTR, a failing fsync).
public protocol ForwardingFileSystem: FileSystemCalls {
    var base: any FileSystemCalls { get }
}

extension ForwardingFileSystem {
    public func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { base.open(path, flags, mode) }
    public func close(_ fd: Int32) -> Int32 { base.close(fd) }
    public func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { base.write(fd, buffer, count) }
    public func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { base.read(fd, buffer, count) }
    public func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int {
        base.pread(fd, buffer, count, offset)
    }
    public func fdatasync(_ fd: Int32) -> Int32 { base.fdatasync(fd) }
    public func fsync(_ fd: Int32) -> Int32 { base.fsync(fd) }
    public func ftruncate(_ fd: Int32, _ length: Int64) -> Int32 { base.ftruncate(fd, length) }
    public func flock(_ fd: Int32, _ operation: Int32) -> Int32 { base.flock(fd, operation) }
    public func fstat(_ fd: Int32, _ info: inout stat) -> Int32 { base.fstat(fd, &info) }
    public func lstat(_ path: String, _ info: inout stat) -> Int32 { base.lstat(path, &info) }
    public func stat(_ path: String, _ info: inout stat) -> Int32 { base.stat(path, &info) }
    public func directoryEntries(_ path: String) -> [String]? { base.directoryEntries(path) }
    public func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 { base.fchmod(fd, mode) }
    public func rename(_ from: String, _ to: String) -> Int32 { base.rename(from, to) }
    public func unlink(_ path: String) -> Int32 { base.unlink(path) }
    public func mkdir(_ path: String, _ mode: mode_t) -> Int32 { base.mkdir(path, mode) }
}

extension FileSystemCalls {
    /// Writes all of `text` as UTF-8; nil or the errno of the failure.
    @discardableResult
    public func writeAll(_ fd: Int32, _ text: String) -> Int32? {
        var t = text
        return t.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
    }
}

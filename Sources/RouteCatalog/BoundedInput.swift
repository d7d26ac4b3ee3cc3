#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Reading a whole input (a catalogue, an answers document, a config file) with an upper bound on
/// its size, so that a huge or endless input (`/dev/zero`, a FIFO, gigabytes on standard input)
/// ends in a clear message instead of filling the memory.
public enum BoundedInput {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// "128 MiB", "1 MiB", "512 KiB".
    public static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB"
            : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }

    /// The whole regular file at `path`, at most `limit` bytes. `what` names it in messages
    /// ("catalogue file"). Opened without waiting (a FIFO is refused, not waited on).
    public static func read(path: String, limit: Int, what: String) throws(Failure) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { throw Failure(description: "cannot read the \(what) (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(description: "cannot read the \(what) (\(String(cString: strerror(errno))))") }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(description: "cannot read the \(what) (it is a directory)")
        default: throw Failure(description: "cannot read the \(what) (not a regular file)")
        }
        if Int(st.st_size) > limit { throw tooLarge(what, limit) }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return try read(fd: fd, limit: limit, what: what)
    }

    /// Everything from a file descriptor (standard input) until its end, at most `limit` bytes:
    /// reading stops at the first byte beyond.
    public static func read(fd: Int32, limit: Int, what: String) throws(Failure) -> Data {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                if bytes.count + n > limit { throw tooLarge(what, limit) }
                bytes += chunk[0..<n]
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw Failure(description: "cannot read the \(what) (\(String(cString: strerror(errno))))")
            }
        }
        return Data(bytes)
    }

    static func tooLarge(_ what: String, _ limit: Int) -> Failure {
        Failure(description: "the \(what) is larger than \(describe(bytes: limit)), the most this program reads")
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Lines from a file descriptor with read(2), for the plain mode.
///
/// Written here rather than using `Swift.readLine`, because that one retries a read interrupted
/// by a signal: Ctrl-C (SIGINT) or a dropped SSH connection (SIGHUP) would then go unnoticed
/// until the next Enter. This reader gives up the line as soon as a read is interrupted and
/// `interrupted()` says a stop signal is pending, so the questionnaire can record the session and
/// end.
public final class LineInput {
    let fd: Int32
    let interrupted: () -> Bool
    var buffer: [UInt8] = []
    var start = 0
    var ended = false
    let chunkSize: Int

    public init(fd: Int32, chunkSize: Int = 4096, interrupted: @escaping () -> Bool) {
        self.fd = fd
        self.chunkSize = chunkSize
        self.interrupted = interrupted
    }

    /// The next line without its line ending (`\n` or `\r\n`); the last line may lack one. nil at
    /// the end of the input, on a read error, or when a stop signal interrupted the read.
    public func next() -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                if start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
                return line
            }
            if ended {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                buffer.removeAll(); start = 0
                return line
            }
            if start > 0 { buffer.removeFirst(start); start = 0 }
            var chunk = [UInt8](repeating: 0, count: chunkSize)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
            } else if n < 0 && errno == EINTR {
                if interrupted() { return nil }
            } else {
                ended = true
            }
        }
    }
}

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
///
/// Linear in the input: each byte is looked at once for a line break (the search resumes where
/// the last one stopped), and consumed bytes are dropped in bulk. Bounded: a line longer than
/// `maximumLineBytes` is read to its end but not kept; it comes back as an empty line with
/// `lastLineWasTooLong` set, so a 100 MB line (or an endless one over SSH) costs neither memory
/// nor minutes.
public final class LineInput {
    /// The longest line kept: far more than any answer (a name, an e-mail address, a number).
    public static let maximumLineBytes = 4096

    let fd: Int32
    let interrupted: () -> Bool
    let chunkSize: Int
    let maximumLineBytes: Int
    var buffer: [UInt8] = []
    /// What one read(2) fills.
    var chunk: [UInt8]
    /// Where the next line starts in `buffer`.
    var start = 0
    /// Bytes from `start` up to here hold no line break.
    var scanned = 0
    /// Reading on through a line that was too long, up to its line break.
    var discarding = false
    var ended = false
    /// Whether the line `next` returned last was too long and came back empty.
    public private(set) var lastLineWasTooLong = false

    public init(fd: Int32, chunkSize: Int = 65536, maximumLineBytes: Int = LineInput.maximumLineBytes,
                interrupted: @escaping () -> Bool) {
        self.fd = fd
        self.chunkSize = chunkSize
        self.maximumLineBytes = maximumLineBytes
        self.interrupted = interrupted
        chunk = [UInt8](repeating: 0, count: max(1, chunkSize))
    }

    /// The next line without its line ending (`\n` or `\r\n`); the last line may lack one. nil at
    /// the end of the input, on a read error, or when a stop signal interrupted the read.
    public func next() -> String? {
        lastLineWasTooLong = false
        while true {
            if let newline = firstLineBreak() {
                if discarding {
                    discarding = false
                    consume(through: newline)
                    lastLineWasTooLong = true
                    return ""
                }
                var end = newline
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                consume(through: newline)
                return line
            }
            scanned = buffer.count
            if discarding || buffer.count - start > maximumLineBytes {
                // Too long: forget what there is, keep reading to the line break.
                discarding = true
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanned = 0
            }
            if ended {
                defer { buffer.removeAll(); start = 0; scanned = 0 }
                if discarding {
                    discarding = false
                    lastLineWasTooLong = true
                    return ""
                }
                guard start < buffer.count else { return nil }
                return String(decoding: buffer[start...], as: UTF8.self)
            }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
            } else if n < 0 && errno == EINTR {
                if interrupted() { return nil }
            } else {
                ended = true
            }
        }
    }

    /// The position of the first line break at or after `scanned`.
    private func firstLineBreak() -> Int? {
        guard scanned < buffer.count else { return nil }
        return buffer.withUnsafeBytes { raw in
            memchr(raw.baseAddress! + scanned, 0x0A, raw.count - scanned).map { raw.baseAddress!.distance(to: UnsafeRawPointer($0)) }
        }
    }

    /// Drops the line ending at `newline`; the buffer is compacted once most of it is consumed,
    /// so each byte is moved a bounded number of times.
    private func consume(through newline: Int) {
        start = newline + 1
        scanned = start
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
            scanned = 0
        } else if start > 65536 && start > buffer.count / 2 {
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
    }
}

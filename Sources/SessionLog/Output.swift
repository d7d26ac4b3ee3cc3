#if canImport(Glibc)
import Glibc
#endif

/// A buffered writer to a file descriptor (standard output or an export file).
public final class ByteSink {
    let fd: Int32
    let ownsFD: Bool
    let path: String
    var buffer: [UInt8] = []
    let limit = 1 << 18

    public init(fd: Int32, path: String = "<stdout>") {
        self.fd = fd; self.ownsFD = false; self.path = path
        buffer.reserveCapacity(limit + 4096)
    }

    /// Creates (or replaces the contents of) a file with mode 0600: exports hold session data.
    public init(creating path: String) throws(SessionLogError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw SessionLogError.from(errno: errno, path: path) }
        self.fd = fd; self.ownsFD = true; self.path = path
        buffer.reserveCapacity(limit + 4096)
    }

    deinit { if ownsFD { _ = Glibc.close(fd) } }

    @inline(__always) public func write(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= limit { try? flush() }
    }

    @inline(__always) public func write(byte: UInt8) { buffer.append(byte) }

    public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { try? flush() }
    }

    var pendingError: SessionLogError?

    public func flush() throws(SessionLogError) {
        if let e = pendingError { throw e }
        if buffer.isEmpty { return }
        if let e = SystemFileSystem().writeAll(fd, buffer) {
            pendingError = SessionLogError.from(errno: e, path: path)
            buffer.removeAll(keepingCapacity: true)
            throw pendingError!
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for a file, fsyncs it.
    public func finish() throws(SessionLogError) {
        try flush()
        if ownsFD && Glibc.fsync(fd) != 0 { throw SessionLogError(.syncFailed, path: path, code: errno) }
    }
}

/// CSV for Dutch Excel: UTF-8 BOM, `;` separator, CRLF, RFC 4180 quoting, a formula guard on text
/// cells and decimal commas. With `,` as separator (for tools) decimals use a point.
public struct CSVFormat: Sendable {
    public var delimiter: UInt8
    public var bom: Bool

    public init(delimiter: UInt8 = 0x3B, bom: Bool = true) {
        self.delimiter = delimiter; self.bom = bom
    }

    /// The Excel-for-NL default.
    public static let excel = CSVFormat()
    /// Comma-separated, no BOM.
    public static let tools = CSVFormat(delimiter: 0x2C, bom: false)

    public var decimalSeparator: Character { delimiter == 0x2C ? "." : "," }
}

/// Writes CSV rows.
public struct CSVWriter {
    public let sink: ByteSink
    public let format: CSVFormat
    var fieldIndex = 0

    public init(sink: ByteSink, format: CSVFormat) {
        self.sink = sink; self.format = format
        if format.bom { sink.write(bytes: [0xEF, 0xBB, 0xBF]) }
    }

    /// A text cell: guarded against formulas, quoted when needed.
    public mutating func text(_ s: String) {
        separator()
        var s = s
        if let first = s.utf8.first, first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D {
            s = "'" + s
        }
        raw(s)
    }

    /// A number cell: never guarded (a negative number stays a number).
    public mutating func number(_ v: Double) {
        separator()
        raw(CSVWriter.formatDecimal(v, separator: format.decimalSeparator))
    }

    public mutating func integer(_ v: Int) {
        separator()
        sink.write(String(v))
    }

    public mutating func empty() { separator() }

    public mutating func endRow() {
        sink.write(byte: 0x0D); sink.write(byte: 0x0A)
        fieldIndex = 0
        if sink.buffer.count >= sink.limit { try? sink.flush() }
    }

    public mutating func row(_ cells: [String]) {
        for c in cells { text(c) }
        endRow()
    }

    @inline(__always) mutating func separator() {
        if fieldIndex > 0 { sink.write(byte: format.delimiter) }
        fieldIndex += 1
    }

    @inline(__always) mutating func raw(_ s: String) {
        var s = s
        let d = format.delimiter
        s.withUTF8 { u in
            var needs = false
            for c in u where c == d || c == 0x22 || c == 0x0A || c == 0x0D { needs = true; break }
            if !needs {
                sink.buffer.append(contentsOf: u)
                return
            }
            sink.buffer.append(0x22)
            for c in u {
                if c == 0x22 { sink.buffer.append(0x22) }
                sink.buffer.append(c)
            }
            sink.buffer.append(0x22)
        }
    }

    /// Rounds to one decimal: `7,5`, `88`, `-0,3`.
    public static func formatDecimal(_ v: Double, separator: Character) -> String {
        guard v.isFinite else { return "" }
        let tenths = Int64((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let a = tenths.magnitude
        let whole = a / 10, frac = a % 10
        return frac == 0 ? "\(sign)\(whole)" : "\(sign)\(whole)\(separator)\(frac)"
    }
}

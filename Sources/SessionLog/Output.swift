#if canImport(Glibc)
import Glibc
#endif
import RouteCatalog
import SystemIO

/// A buffered writer to a file descriptor (standard output) or to an export file.
///
/// An export file is never written in place: the bytes go to a new temporary file beside it
/// (created 0600, whatever the umask), which `finish` fsyncs and renames over the path. A failure
/// at any point (a full disk, a killed process) leaves whatever was at the path before untouched.
/// A symbolic link or anything else that is not a regular file at the path is refused, before
/// and again just before the rename.
public final class ByteSink {
    let fd: Int32
    let path: String
    let fs: any FileSystemCalls
    /// The new file being written, until it is put over `path` (`finish`).
    private var writer: AtomicFile.Writer?
    var buffer: [UInt8] = []
    let limit = 1 << 18

    public init(fd: Int32, path: String = "<stdout>") {
        self.fd = fd; self.path = path; self.fs = SystemFileSystem()
        buffer.reserveCapacity(limit + 4096)
    }

    /// Starts an export file at `path` (mode 0600: exports hold session data); nothing is at the
    /// path until `finish`.
    public init(creating path: String, fs: any FileSystemCalls = SystemFileSystem()) throws(SessionLogError) {
        try Self.checkTarget(path, fs)
        let writer: AtomicFile.Writer
        do { writer = try AtomicFile.Writer(replacing: path, mode: 0o600, fs: fs) } catch {
            throw SessionLogError.from(errno: error.errno, path: path)
        }
        self.fd = writer.fd; self.path = path; self.fs = fs
        self.writer = writer
        buffer.reserveCapacity(limit + 4096)
    }

    /// Refuses a symbolic link, or anything but a regular file, at an export's path.
    static func checkTarget(_ path: String, _ fs: any FileSystemCalls) throws(SessionLogError) {
        var st = stat()
        guard fs.lstat(path, &st) == 0 else { return }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: throw SessionLogError(.symlinkRefused, path: path)
        default: throw SessionLogError(.notARegularFile, path: path)
        }
    }

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
        if let e = fs.writeAll(fd, buffer) {
            pendingError = SessionLogError.from(errno: e, path: path)
            buffer.removeAll(keepingCapacity: true)
            throw pendingError!
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes; for a file, puts it over the path whole (`AtomicFile.Writer.commit`).
    public func finish() throws(SessionLogError) {
        try flush()
        guard let writer else { return }
        do { try writer.sync() } catch {
            let e = error.errno
            pendingError = SessionLogError(e == ENOSPC || e == EDQUOT ? .diskFull : .syncFailed, path: path, code: e)
            throw pendingError!
        }
        try Self.checkTarget(path, fs)
        do { try writer.commit() } catch {
            pendingError = SessionLogError.from(errno: error.errno, path: path)
            throw pendingError!
        }
        self.writer = nil
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

    /// A text cell: guarded against formulas, quoted when needed, without control characters
    /// (ESC, C1, bidirectional overrides; a CSV on standard output reaches a terminal). Line
    /// breaks inside a cell stay.
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
        // Bytes that may start a control character: C0, DEL, and the lead bytes of C1 (C2), of
        // U+061C (D8) and of the bidirectional controls (E2). Rare, so only then the exact check.
        if s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) {
            s = TerminalText.strip(s)
        }
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

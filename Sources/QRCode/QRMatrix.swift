import CQrencode

/// How much of a QR code may be damaged and still read. Higher levels make a larger code for the
/// same text. `medium` (about 15 %) suits a code on a screen.
public enum QRErrorCorrection: Sendable, Hashable, CaseIterable {
    case low, medium, quartile, high

    var level: QRecLevel {
        switch self {
        case .low: return QR_ECLEVEL_L
        case .medium: return QR_ECLEVEL_M
        case .quartile: return QR_ECLEVEL_Q
        case .high: return QR_ECLEVEL_H
        }
    }
}

public enum QRCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text does not fit in the largest QR code (version 40) at this error-correction level.
    case tooLong(bytes: Int)
    /// libqrencode failed for another reason (the C `errno`).
    case encodingFailed(errno: Int32)

    public var description: String {
        switch self {
        case .tooLong(let n): return "the text (\(n) bytes) is too long for a QR code"
        case .encodingFailed(let e): return "libqrencode could not encode the text (errno \(e))"
        }
    }
}

/// The modules of a QR code: a square of dark and light, without the quiet zone around it.
///
/// A value type, so it can be kept in state, compared in tests and handed between threads.
public struct QRMatrix: Sendable, Hashable {
    /// The width of the quiet zone the standard asks for around the symbol, in modules.
    public static let quietZone = 4

    /// Modules per side (21 for version 1, up to 177 for version 40), quiet zone not included.
    public let size: Int
    /// The QR version (1–40); 0 when built from modules directly.
    public let version: Int
    /// Row-major, `true` is dark.
    public let modules: [Bool]

    /// A matrix from modules (row-major, `true` is dark); `modules.count` must be `size * size`.
    public init(size: Int, modules: [Bool], version: Int = 0) {
        precondition(size > 0 && modules.count == size * size, "QRMatrix needs size*size modules")
        self.size = size
        self.modules = modules
        self.version = version
    }

    /// Whether the module at `row`, `column` is dark. Outside the symbol (the quiet zone and
    /// beyond) everything is light.
    public subscript(row: Int, column: Int) -> Bool {
        guard row >= 0, row < size, column >= 0, column < size else { return false }
        return modules[row * size + column]
    }

    /// Encodes the UTF-8 bytes of `text` in byte mode, in the smallest version that holds them.
    public static func encode(_ text: String, correction: QRErrorCorrection = .medium) throws(QRCodeError) -> QRMatrix {
        try encode(bytes: Array(text.utf8), correction: correction)
    }

    /// Encodes bytes in byte (8-bit) mode, in the smallest version that holds them.
    public static func encode(bytes: [UInt8], correction: QRErrorCorrection = .medium) throws(QRCodeError) -> QRMatrix {
        // Byte-mode capacity of version 40: 2953 (L), 2331 (M), 1663 (Q), 1273 (H).
        let capacity: Int = switch correction {
        case .low: 2953
        case .medium: 2331
        case .quartile: 1663
        case .high: 1273
        }
        guard !bytes.isEmpty, bytes.count <= capacity else { throw .tooLong(bytes: bytes.count) }
        let code: UnsafeMutablePointer<QRcode>? = bytes.withUnsafeBufferPointer { buffer in
            QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, correction.level)
        }
        guard let code else {
            let e = errno
            if e == ERANGE { throw .tooLong(bytes: bytes.count) }
            throw .encodingFailed(errno: e)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each byte is the colour (1 = dark); the other bits describe the module's role.
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        return QRMatrix(size: width, modules: data.map { $0 & 1 == 1 }, version: Int(code.pointee.version))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

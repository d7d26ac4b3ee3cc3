#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension UUID {
    /// A UUID in its 36-character text form (8-4-4-4-12 hex digits, either case), read straight
    /// from bytes: the log readers parse one per line, and `UUID(uuidString:)` goes through a
    /// String and `sscanf`.
    static func parse(_ text: UnsafeRawBufferPointer) -> UUID? {
        guard text.count == 36, text[8] == 0x2D, text[13] == 0x2D, text[18] == 0x2D, text[23] == 0x2D else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var j = 0
            var k = 0
            while k < 36 {
                if k == 8 || k == 13 || k == 18 || k == 23 { k += 1; continue }
                guard let hi = hex(text[k]), let lo = hex(text[k + 1]) else { return false }
                out[j] = hi << 4 | lo
                j += 1
                k += 2
            }
            return true
        }
        return ok ? UUID(uuid: bytes) : nil
    }

    @inline(__always) private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

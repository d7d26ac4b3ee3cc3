#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A small strict JSON (RFC 8259) checker whose job is a precise message with the line and column
/// of the first error, for people editing `routes.json` by hand and for scripts sending answers.
/// The decoder does the real parsing afterwards; its own syntax messages do not reliably carry a
/// position, and it silently keeps one of two fields with the same name, which this checker
/// refuses. It also refuses invalid UTF-8 and nesting deeper than `maximumDepth`. One pass, no
/// allocation per value: linear in the size of the document.
public enum JSONSyntax {
    public struct Failure: Error, Equatable, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// Objects and lists nested deeper than this are refused: a catalogue needs about 20 levels,
    /// and every later stage (decoding, conditions) recurses once per level.
    public static let maximumDepth = 128

    /// Where a string holds a control character (see `TerminalText.isControl`), written as is or
    /// as an escape (`\u001b`, `\n`).
    public struct Position: Equatable, Sendable {
        public var line: Int
        public var column: Int
        /// The character, e.g. U+001B.
        public var scalar: UInt32
    }

    /// What one pass over a document found: the first syntax error, if any, and the first
    /// `maximumControlPositions` control characters inside strings (up to the error).
    public struct Report: Sendable {
        public var failure: Failure?
        public var controls: [Position]
    }

    public static let maximumControlPositions = 50

    public static func firstError(in data: Data) -> Failure? { check(data).failure }

    public static func check(_ data: Data) -> Report {
        data.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw)
            var failure: Failure?
            do throws(Failure) {
                if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { scanner.index = 3 }
                scanner.skipSpace()
                try scanner.value(depth: 0)
                scanner.skipSpace()
                if scanner.index < raw.count {
                    throw scanner.failure("unexpected \(scanner.describeCurrent()) after the end of the document")
                }
            } catch {
                failure = error
            }
            let places = scanner.locations(of: scanner.controls.map(\.offset))
            return Report(failure: failure, controls: zip(places, scanner.controls).map { place, control in
                Position(line: place.line, column: place.column, scalar: control.scalar)
            })
        }
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var index = 0
        /// Unescaped names of fields written with escapes (`"\u0061"`), for the duplicate check.
        var unescaped: [[UInt8]] = []
        /// Control characters inside strings: byte offset and scalar, in order.
        var controls: [(offset: Int, scalar: UInt32)] = []

        mutating func noteControl(at position: Int, _ scalar: UInt32) {
            if controls.count < JSONSyntax.maximumControlPositions { controls.append((position, scalar)) }
        }

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        func failure(_ message: String, at position: Int? = nil) -> Failure {
            let (line, column) = location(of: position ?? index)
            return Failure(line: line, column: column, message: message)
        }

        func location(of position: Int) -> (line: Int, column: Int) { locations(of: [position])[0] }

        /// Lines and columns of ascending byte offsets, in one pass.
        func locations(of positions: [Int]) -> [(line: Int, column: Int)] {
            var result: [(line: Int, column: Int)] = []
            var line = 1
            var column = 1
            var i = 0
            for position in positions {
                let end = min(position, bytes.count)
                while i < end {
                    if bytes[i] == 0x0A {
                        line += 1
                        column = 1
                    } else if bytes[i] & 0xC0 != 0x80 {
                        column += 1  // count characters, not UTF-8 continuation bytes
                    }
                    i += 1
                }
                result.append((line, column))
            }
            return result
        }

        func describeCurrent() -> String {
            guard index < bytes.count else { return "end of file" }
            let b = bytes[index]
            if b >= 0x20 && b < 0x7F { return "'\(Character(UnicodeScalar(b)))'" }
            return "byte 0x" + String(b, radix: 16)
        }

        @inline(__always)
        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else {
                throw failure("expected \(what), found \(describeCurrent())")
            }
            index += 1
        }

        mutating func value(depth: Int) throws(Failure) {
            guard depth < JSONSyntax.maximumDepth else {
                throw failure("nested deeper than \(JSONSyntax.maximumDepth) levels")
            }
            skipSpace()
            guard index < bytes.count else { throw failure("unexpected end of file, expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): _ = try string(asName: false)
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw failure("expected a value, found \(describeCurrent())")
            }
        }

        /// A field name: where its text is in the document, or (written with escapes) which entry
        /// of `unescaped` holds it.
        struct Name {
            var start: Int
            var count: Int
            var unescapedIndex: Int
        }

        /// The name as compared: its bytes, escapes decoded.
        func key(_ name: Name) -> [UInt8] {
            name.unescapedIndex >= 0 ? unescaped[name.unescapedIndex] : Array(bytes[name.start..<name.start + name.count])
        }

        func same(_ a: Name, _ b: Name) -> Bool {
            if a.unescapedIndex < 0 && b.unescapedIndex < 0 {
                return a.count == b.count && memcmp(bytes.baseAddress! + a.start, bytes.baseAddress! + b.start, a.count) == 0
            }
            return key(a) == key(b)
        }

        mutating func object(depth: Int) throws(Failure) {
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            // Names seen so far: compared one by one while there are few (the usual object),
            // through a hash set beyond that, so a document of many fields stays linear.
            var names: [(name: Name, position: Int)] = []
            var hashed: [[UInt8]: Int] = [:]
            let unescapedBefore = unescaped.count
            defer { unescaped.removeSubrange(unescapedBefore...) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw failure("expected a field name in double quotes, found \(describeCurrent())")
                }
                let position = index
                let name = try string(asName: true)
                var first: Int?
                if names.count < 32 {
                    first = names.first(where: { same($0.name, name) })?.position
                    names.append((name, position))
                    if names.count == 32 {
                        for n in names { hashed[key(n.name)] = n.position }
                    }
                } else {
                    let bytes = key(name)
                    first = hashed[bytes]
                    if first == nil { hashed[bytes] = position }
                }
                if let first {
                    let (line, column) = location(of: first)
                    let text = TerminalText.excerpt(String(decoding: key(name), as: UTF8.self))
                    throw failure("duplicate field \"\(text)\" (first at line \(line), column \(column))", at: position)
                }
                try expect(UInt8(ascii: ":"), "':' after the field name")
                try value(depth: depth + 1)
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end of file, expected ',' or '}'") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    skipSpace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                        throw failure("trailing comma before '}'")
                    }
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return
                }
                throw failure("expected ',' or '}' after a field, found \(describeCurrent())")
            }
        }

        mutating func array(depth: Int) throws(Failure) {
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                try value(depth: depth + 1)
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end of file, expected ',' or ']'") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    skipSpace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                        throw failure("trailing comma before ']'")
                    }
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return
                }
                throw failure("expected ',' or ']' in a list, found \(describeCurrent())")
            }
        }

        static func hex(_ b: UInt8) -> UInt32? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }

        /// Checks a string; for a field name (`asName`) also returns it as names are compared,
        /// decoding escapes only when there are any.
        mutating func string(asName: Bool) throws(Failure) -> Name {
            let start = index
            index += 1
            var decoded: [UInt8]?
            var plainFrom = index
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    var name = Name(start: start + 1, count: index - start - 1, unescapedIndex: -1)
                    if var d = decoded {
                        d.append(contentsOf: bytes[plainFrom..<index])
                        unescaped.append(d)
                        name.unescapedIndex = unescaped.count - 1
                    }
                    index += 1
                    return name
                }
                if b < 0x20 {
                    throw failure(b == 0x0A ? "line break inside a string (write \\n)" : "control character inside a string")
                }
                if b >= 0x80 {
                    let at = index
                    if try utf8Sequence() { noteControl(at: at, Scanner.scalar(at: at, in: bytes)) }
                    continue
                }
                if b == UInt8(ascii: "\\") {
                    let at = index
                    if asName && decoded == nil { decoded = [] }
                    decoded?.append(contentsOf: bytes[plainFrom..<index])
                    index += 1
                    guard index < bytes.count else { break }
                    let e = bytes[index]
                    if e == UInt8(ascii: "u") {
                        var code: UInt32 = 0
                        for _ in 0..<4 {
                            index += 1
                            guard index < bytes.count, let digit = Scanner.hex(bytes[index]) else {
                                throw failure("\\u must be followed by four hex digits")
                            }
                            code = code << 4 | digit
                        }
                        if let scalar = UnicodeScalar(code) {
                            if TerminalText.isControl(scalar) { noteControl(at: at, code) }
                            decoded?.append(contentsOf: String(Character(scalar)).utf8)
                        } else {
                            // A surrogate half: kept as its code behind a byte UTF-8 never has, so
                            // names still compare by what they say.
                            decoded?.append(contentsOf: [0xFF, UInt8(code >> 8), UInt8(code & 0xFF)])
                        }
                    } else if let plain = Scanner.escaped(e) {
                        if plain < 0x20 { noteControl(at: at, UInt32(plain)) }
                        decoded?.append(plain)
                    } else {
                        throw failure("invalid escape \\\(e >= 0x20 && e < 0x7F ? String(Character(UnicodeScalar(e))) : "byte 0x" + String(e, radix: 16))")
                    }
                    index += 1
                    plainFrom = index
                    continue
                }
                index += 1
            }
            throw failure("string not closed (it starts here)", at: start)
        }

        /// The scalar of the (valid) UTF-8 sequence at `i`.
        static func scalar(at i: Int, in bytes: UnsafeRawBufferPointer) -> UInt32 {
            let b0 = UInt32(bytes[i])
            if b0 < 0xE0 { return (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F) }
            return (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        }

        static func escaped(_ e: UInt8) -> UInt8? {
            switch e {
            case UInt8(ascii: "\""): return 0x22
            case UInt8(ascii: "\\"): return 0x5C
            case UInt8(ascii: "/"): return 0x2F
            case UInt8(ascii: "b"): return 0x08
            case UInt8(ascii: "f"): return 0x0C
            case UInt8(ascii: "n"): return 0x0A
            case UInt8(ascii: "r"): return 0x0D
            case UInt8(ascii: "t"): return 0x09
            default: return nil
            }
        }

        /// One multi-byte UTF-8 character (RFC 3629: no overlong forms, no surrogates, at most
        /// U+10FFFF). True when it is a control character (C1, a bidirectional control, a line or
        /// paragraph separator).
        mutating func utf8Sequence() throws(Failure) -> Bool {
            let b0 = bytes[index]
            let (length, low, high): (Int, UInt8, UInt8) = switch b0 {
            case 0xC2...0xDF: (2, 0x80, 0xBF)
            case 0xE0: (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80, 0xBF)
            case 0xED: (3, 0x80, 0x9F)
            case 0xF0: (4, 0x90, 0xBF)
            case 0xF1...0xF3: (4, 0x80, 0xBF)
            case 0xF4: (4, 0x80, 0x8F)
            default: (0, 0, 0)
            }
            guard length > 0, index + length <= bytes.count else { throw failure("invalid UTF-8 in a string") }
            let b1 = bytes[index + 1]
            guard b1 >= low && b1 <= high else { throw failure("invalid UTF-8 in a string") }
            for k in 2..<max(2, length) where bytes[index + k] & 0xC0 != 0x80 {
                throw failure("invalid UTF-8 in a string")
            }
            let isControl: Bool = switch length {
            case 2: (b0 == 0xC2 && b1 < 0xA0) || (b0 == 0xD8 && b1 == 0x9C)
            case 3: b0 == 0xE2 && ((b1 == 0x80 && (bytes[index + 2] == 0x8E || bytes[index + 2] == 0x8F
                                                   || (0xA8...0xAE).contains(bytes[index + 2])))
                                   || (b1 == 0x81 && (0xA6...0xA9).contains(bytes[index + 2])))
            default: false
            }
            index += length
            return isControl
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let n = word.utf8CodeUnitCount
            guard bytes.count - index >= n, memcmp(bytes.baseAddress! + index, word.utf8Start, n) == 0 else {
                throw failure("expected a value, found \(describeCurrent())")
            }
            index += n
        }

        mutating func number() throws(Failure) {
            func digits() -> Int {
                let start = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - start
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let intStart = index
            let n = digits()
            if n == 0 { throw failure("expected digits in a number") }
            if n > 1 && bytes[intStart] == UInt8(ascii: "0") { throw failure("numbers may not start with 0", at: intStart) }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                if digits() == 0 { throw failure("expected digits after the decimal point") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                if digits() == 0 { throw failure("expected digits in the exponent") }
            }
        }
    }
}

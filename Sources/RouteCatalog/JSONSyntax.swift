#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A small strict JSON (RFC 8259) syntax checker whose only job is a precise message with the line
/// and column of the first error, for people editing `routes.json` by hand. The decoder does the
/// real parsing afterwards; its own syntax messages do not reliably carry a position.
public enum JSONSyntax {
    public struct Failure: Error, Equatable, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    public static func firstError(in data: Data) -> Failure? {
        var scanner = Scanner(bytes: Array(data))
        do {
            if scanner.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.index = 3 }
            scanner.skipSpace()
            try scanner.value(depth: 0)
            scanner.skipSpace()
            if scanner.index < scanner.bytes.count {
                throw scanner.failure("unexpected \(scanner.describeCurrent()) after the end of the document")
            }
            return nil
        } catch let failure as Failure {
            return failure
        } catch {
            return nil
        }
    }

    private struct Scanner {
        var bytes: [UInt8]
        var index = 0

        func failure(_ message: String, at position: Int? = nil) -> Failure {
            let end = min(position ?? index, bytes.count)
            var line = 1
            var column = 1
            var i = 0
            while i < end {
                if bytes[i] == 0x0A {
                    line += 1
                    column = 1
                } else if bytes[i] & 0xC0 != 0x80 {
                    column += 1  // count characters, not UTF-8 continuation bytes
                }
                i += 1
            }
            return Failure(line: line, column: column, message: message)
        }

        func describeCurrent() -> String {
            guard index < bytes.count else { return "end of file" }
            let b = bytes[index]
            if b >= 0x20 && b < 0x7F { return "'\(Character(UnicodeScalar(b)))'" }
            return "byte 0x" + String(b, radix: 16)
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else {
                throw failure("expected \(what), found \(describeCurrent())")
            }
            index += 1
        }

        mutating func value(depth: Int) throws {
            guard depth < 512 else { throw failure("nesting deeper than 512 levels") }
            skipSpace()
            guard index < bytes.count else { throw failure("unexpected end of file, expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw failure("expected a value, found \(describeCurrent())")
            }
        }

        mutating func object(depth: Int) throws {
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw failure("expected a field name in double quotes, found \(describeCurrent())")
                }
                try string()
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

        mutating func array(depth: Int) throws {
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

        mutating func string() throws {
            let start = index
            index += 1
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    index += 1
                    return
                }
                if b < 0x20 {
                    throw failure(b == 0x0A ? "line break inside a string (write \\n)" : "control character inside a string")
                }
                if b == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { break }
                    let e = bytes[index]
                    if e == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            index += 1
                            guard index < bytes.count, Character(UnicodeScalar(bytes[index])).isHexDigit else {
                                throw failure("\\u must be followed by four hex digits")
                            }
                        }
                    } else if !"\"\\/bfnrt".utf8.contains(e) {
                        throw failure("invalid escape \\\(Character(UnicodeScalar(e)))")
                    }
                }
                index += 1
            }
            throw failure("string not closed (it starts here)", at: start)
        }

        mutating func literal(_ word: String) throws {
            let w = Array(word.utf8)
            guard bytes.count - index >= w.count, Array(bytes[index..<index + w.count]) == w else {
                throw failure("expected a value, found \(describeCurrent())")
            }
            index += w.count
        }

        mutating func number() throws {
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

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// A `Decoder` for documents `JSONSyntax` has accepted, for speed: a catalogue of tens of thousands
/// of routes spent most of `match` and `validate` in Foundation's `JSONDecoder`, which builds a
/// dictionary for every object and a coding path for every value. This one parses the bytes once
/// into a flat array of nodes and looks fields up by comparing bytes. It keeps no coding path
/// (`codingPath` is empty): what goes wrong is worded by `JSONDecoder` (below).
///
/// It is the fast path, not the authority: anything it does not expect (a number with a
/// fraction where an integer is asked for, a value of another type, a missing field) throws, and
/// the caller then decodes with `JSONDecoder`, whose result and messages count. A test checks
/// that both agree on the bundled catalogue, the fixtures and every fuzz input.
public struct FastJSONDecoder {
    public init() {}

    struct Unsupported: Error {}

    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard data.count < Int(Int32.max) else { throw Unsupported() }
        return try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw)
            parser.skipSpace()
            try parser.value()
            let document = Document(bytes: raw, nodes: parser.nodes)
            return try T(from: NodeDecoder(document: document, node: 0))
        }
    }

    enum Kind: UInt8 { case object, array, string, number, bool, null }

    /// One value. Containers: `end` is the index of the node after the whole subtree, `count` the
    /// number of children (an object's children are its names and values, alternating). Strings
    /// and numbers: `start..<end` is the text (without quotes).
    struct Node {
        var kind: Kind
        var escaped: Bool = false
        var count: Int32 = 0
        var start: Int32 = 0
        var end: Int32 = 0
    }

    struct Parser {
        let bytes: UnsafeRawBufferPointer
        var index = 0
        var nodes: [Node] = []

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
            nodes.reserveCapacity(bytes.count / 8)
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        }

        @inline(__always) mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func value() throws {
            guard index < bytes.count else { throw Unsupported() }
            switch bytes[index] {
            case UInt8(ascii: "{"): try container(.object, close: UInt8(ascii: "}"))
            case UInt8(ascii: "["): try container(.array, close: UInt8(ascii: "]"))
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): nodes.append(Node(kind: .bool, start: Int32(index), end: Int32(index + 4))); index += 4
            case UInt8(ascii: "f"): nodes.append(Node(kind: .bool, start: Int32(index), end: Int32(index + 5))); index += 5
            case UInt8(ascii: "n"): nodes.append(Node(kind: .null)); index += 4
            default:
                let start = index
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                         UInt8(ascii: "e"), UInt8(ascii: "E"): index += 1
                    default:
                        nodes.append(Node(kind: .number, start: Int32(start), end: Int32(index)))
                        return
                    }
                }
                nodes.append(Node(kind: .number, start: Int32(start), end: Int32(index)))
            }
        }

        mutating func container(_ kind: Kind, close: UInt8) throws {
            let me = nodes.count
            nodes.append(Node(kind: kind))
            index += 1
            var count: Int32 = 0
            skipSpace()
            if index < bytes.count, bytes[index] == close {
                index += 1
            } else {
                while true {
                    skipSpace()
                    if kind == .object {
                        try string()
                        skipSpace()
                        index += 1   // ':'
                        skipSpace()
                        count += 1
                    }
                    try value()
                    count += 1
                    skipSpace()
                    guard index < bytes.count else { throw Unsupported() }
                    let b = bytes[index]
                    index += 1
                    if b == close { break }
                }
            }
            nodes[me].count = count
            nodes[me].end = Int32(nodes.count)
        }

        mutating func string() throws {
            index += 1
            let start = index
            var escaped = false
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    nodes.append(Node(kind: .string, escaped: escaped, start: Int32(start), end: Int32(index)))
                    index += 1
                    return
                }
                if b == UInt8(ascii: "\\") {
                    escaped = true
                    index += 2
                    continue
                }
                index += 1
            }
            throw Unsupported()
        }
    }

    /// Lists of at least this many elements are decoded on every core.
    static let concurrentElements = 1_000

    /// The parsed document. `bytes` lives as long as the decoding call; nothing changes after
    /// parsing, so workers may read it at once.
    final class Document: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
        let nodes: [Node]
        init(bytes: UnsafeRawBufferPointer, nodes: [Node]) {
            self.bytes = bytes
            self.nodes = nodes
        }

        /// The index of the node after `i` and its subtree.
        @inline(__always) func after(_ i: Int) -> Int {
            let n = nodes[i]
            return n.kind == .object || n.kind == .array ? Int(n.end) : i + 1
        }

        func string(_ i: Int) throws -> String {
            let n = nodes[i]
            guard n.kind == .string else { throw Unsupported() }
            let text = UnsafeRawBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)])
            guard n.escaped else { return String(decoding: text, as: UTF8.self) }
            // Escapes are rare: hand the string, quotes and all, to JSONDecoder.
            let quoted = UnsafeRawBufferPointer(rebasing: bytes[Int(n.start) - 1..<Int(n.end) + 1])
            return try JSONDecoder().decode(String.self, from: Data(quoted))
        }

        /// Whether the string node `i` is exactly `key` (names with escapes are compared decoded).
        func name(_ i: Int, is key: String) -> Bool {
            let n = nodes[i]
            if n.escaped { return (try? string(i)) == key }
            var key = key
            let count = Int(n.end - n.start)
            return key.withUTF8 { k in
                k.count == count && memcmp(k.baseAddress!, bytes.baseAddress! + Int(n.start), count) == 0
            }
        }

        func integer(_ i: Int) throws -> Int {
            let n = nodes[i]
            guard n.kind == .number else { throw Unsupported() }
            var p = Int(n.start)
            let end = Int(n.end)
            let negative = bytes[p] == UInt8(ascii: "-")
            if negative { p += 1 }
            guard p < end else { throw Unsupported() }
            var value = 0
            while p < end {
                let d = bytes[p] &- UInt8(ascii: "0")
                guard d < 10 else { throw Unsupported() }   // a fraction or an exponent
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = negative ? m.subtractingReportingOverflow(Int(d)) : m.addingReportingOverflow(Int(d))
                guard !o1 && !o2 else { throw Unsupported() }
                value = s
                p += 1
            }
            return value
        }

        func double(_ i: Int) throws -> Double {
            let n = nodes[i]
            guard n.kind == .number,
                  let d = Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)]), as: UTF8.self)),
                  d.isFinite else { throw Unsupported() }
            return d
        }

        func bool(_ i: Int) throws -> Bool {
            let n = nodes[i]
            guard n.kind == .bool else { throw Unsupported() }
            return bytes[Int(n.start)] == UInt8(ascii: "t")
        }
    }

    struct NodeDecoder: Decoder {
        let document: Document
        let node: Int
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard document.nodes[node].kind == .object else { throw Unsupported() }
            return KeyedDecodingContainer(Keyed<Key>(document: document, node: node))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard document.nodes[node].kind == .array else { throw Unsupported() }
            return Unkeyed(document: document, node: node)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(document: document, node: node) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let document: Document
        let node: Int
        /// For an object of many fields: where each value is, so a lookup is not a search.
        let index: [String: Int]?
        var codingPath: [any CodingKey] { [] }

        init(document: Document, node: Int) {
            self.document = document
            self.node = node
            guard document.nodes[node].count > 64 else {
                index = nil
                return
            }
            var index: [String: Int] = [:]
            var i = node + 1
            let end = Int(document.nodes[node].end)
            while i < end {
                if let name = try? document.string(i), index[name] == nil { index[name] = i + 1 }
                i = document.after(i + 1)
            }
            self.index = index
        }

        var allKeys: [Key] {
            var keys: [Key] = []
            var i = node + 1
            let end = Int(document.nodes[node].end)
            while i < end {
                if let name = try? document.string(i), let key = Key(stringValue: name) { keys.append(key) }
                i = document.after(i + 1)
            }
            return keys
        }

        /// The value node of `key`, or nil.
        func value(_ key: Key) -> Int? {
            let name = key.stringValue
            if let index { return index[name] }
            var i = node + 1
            let end = Int(document.nodes[node].end)
            while i < end {
                if document.name(i, is: name) { return i + 1 }
                i = document.after(i + 1)
            }
            return nil
        }

        func required(_ key: Key) throws -> Int {
            guard let v = value(key) else { throw Unsupported() }
            return v
        }

        func contains(_ key: Key) -> Bool { value(key) != nil }
        func decodeNil(forKey key: Key) throws -> Bool { document.nodes[try required(key)].kind == .null }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try document.bool(try required(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try document.string(try required(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try document.double(try required(key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try document.integer(try required(key)) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let v = try required(key)
            // A list of routes (or of anything else read straight from the nodes) is read so, and
            // on every core when it is long.
            if document.nodes[v].kind == .array, let list = T.self as? any ConcurrentlyDecodable.Type {
                return try list.decodeConcurrently(document, v) as! T
            }
            return try T(from: NodeDecoder(document: document, node: v))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try NodeDecoder(document: document, node: try required(key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try NodeDecoder(document: document, node: try required(key)).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { throw Unsupported() }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw Unsupported() }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let document: Document
        let node: Int
        var codingPath: [any CodingKey] { [] }
        var count: Int? { Int(document.nodes[node].count) }
        var currentIndex = 0
        var next: Int
        var isAtEnd: Bool { currentIndex >= Int(document.nodes[node].count) }

        init(document: Document, node: Int) {
            self.document = document
            self.node = node
            next = node + 1
        }

        mutating func take() throws -> Int {
            guard !isAtEnd else { throw Unsupported() }
            let i = next
            next = document.after(i)
            currentIndex += 1
            return i
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { throw Unsupported() }
            if document.nodes[next].kind == .null { _ = try take(); return true }
            return false
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try document.bool(try take()) }
        mutating func decode(_ type: String.Type) throws -> String { try document.string(try take()) }
        mutating func decode(_ type: Double.Type) throws -> Double { try document.double(try take()) }
        mutating func decode(_ type: Int.Type) throws -> Int { try document.integer(try take()) }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let i = try take()
            return try T(from: NodeDecoder(document: document, node: i))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            return try NodeDecoder(document: document, node: try take()).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            return try NodeDecoder(document: document, node: try take()).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder { throw Unsupported() }
    }

    struct Single: SingleValueDecodingContainer {
        let document: Document
        let node: Int
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool { document.nodes[node].kind == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try document.bool(node) }
        func decode(_ type: String.Type) throws -> String { try document.string(node) }
        func decode(_ type: Double.Type) throws -> Double { try document.double(node) }
        func decode(_ type: Int.Type) throws -> Int { try document.integer(node) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try T(from: NodeDecoder(document: document, node: node))
        }
    }
}

/// A list whose elements can be read apart, on every core: a list of `NodeReadable` elements
/// (a catalogue's routes).
protocol ConcurrentlyDecodable {
    static func decodeConcurrently(_ document: FastJSONDecoder.Document, _ node: Int) throws -> Self
}

extension Array: ConcurrentlyDecodable where Element: NodeReadable {
    static func decodeConcurrently(_ document: FastJSONDecoder.Document, _ node: Int) throws -> [Element] {
        let count = Int(document.nodes[node].count)
        guard count >= FastJSONDecoder.concurrentElements else { return try document.list(node) }
        var starts: [Int] = []
        starts.reserveCapacity(count)
        var i = node + 1
        for _ in 0..<count {
            starts.append(i)
            i = document.after(i)
        }
        let elements = starts
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var results = [Element?](repeating: nil, count: count)
        var failed = [Bool](repeating: false, count: workers)
        results.withUnsafeMutableBufferPointer { results in
            failed.withUnsafeMutableBufferPointer { failed in
                let out = UncheckedBuffers(results: results, failed: failed)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    // Contiguous slices: neighbouring elements are neighbours in memory.
                    let slice = (count * worker / workers)..<(count * (worker + 1) / workers)
                    for k in slice {
                        do {
                            out.results[k] = try Element.read(document, elements[k])
                        } catch {
                            out.failed[worker] = true
                            return
                        }
                    }
                }
            }
        }
        if failed.contains(true) { throw FastJSONDecoder.Unsupported() }
        return results.map { $0! }
    }
}

/// Workers write to different elements only.
private struct UncheckedBuffers<T>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<T?>
    let failed: UnsafeMutableBufferPointer<Bool>
}

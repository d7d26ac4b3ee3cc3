#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Matching
import RouteCatalog

/// A seeded mutator for JSON inputs (catalogues, answers documents): the fuzzing behind the
/// `FuzzTests` (a bounded run in every test run) and `rw-fuzz` (as long as you like). Starting from
/// a corpus of valid and hostile documents, each input is a few mutations away from one of them:
/// bytes flipped, inserted, deleted or repeated, pieces of another corpus document spliced in,
/// and JSON-shaped changes that reach deeper than random bytes do (extreme numbers, control
/// characters, deep nesting, duplicate fields, long strings).
public struct JSONMutator {
    public var random: SplitMix64
    public let corpus: [[UInt8]]

    public init(corpus: [[UInt8]], seed: UInt64) {
        precondition(!corpus.isEmpty, "an empty corpus")
        self.corpus = corpus
        random = SplitMix64(seed: seed)
    }

    /// Tokens that have broken JSON readers and rule engines before.
    static let tokens: [String] = [
        "1e307", "-1e307", "1e400", "-0", "0.5", "9223372036854775807", "-9223372036854775808",
        "18446744073709551616", "null", "true", "[]", "{}", "\"\"", "\"\\u001b]52;c;aGk=\\u0007\"",
        "\"\\ud800\"", "\"\u{9B}2J\"", "\"\u{202E}\"", "{\"not\":", "{\"all\":[", "{\"any\":[]}",
        "\"question\":\"education\"", "\"op\":\"between\"", "\"weight\":", "\"min\":", ",", ":", "\"",
        "\\", "\u{0}", "\"schemaVersion\":1,",
    ]

    public mutating func next() -> [UInt8] {
        var bytes = corpus[Int.random(in: 0..<corpus.count, using: &random)]
        for _ in 0..<Int.random(in: 1...4, using: &random) { mutate(&bytes) }
        return bytes
    }

    mutating func position(_ bytes: [UInt8]) -> Int { bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random) }

    mutating func mutate(_ bytes: inout [UInt8]) {
        let p = position(bytes)
        switch Int.random(in: 0..<10, using: &random) {
        case 0 where p < bytes.count:
            bytes[p] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
        case 1:
            bytes.insert(UInt8.random(in: 0...255, using: &random), at: p)
        case 2 where !bytes.isEmpty:
            let end = min(bytes.count, p + Int.random(in: 1...16, using: &random))
            bytes.removeSubrange(min(p, end)..<end)
        case 3 where p < bytes.count:
            let end = min(bytes.count, p + Int.random(in: 1...64, using: &random))
            bytes.insert(contentsOf: bytes[p..<end], at: p)
        case 4:
            let other = corpus[Int.random(in: 0..<corpus.count, using: &random)]
            let q = position(other)
            let end = min(other.count, q + Int.random(in: 1...256, using: &random))
            bytes.insert(contentsOf: other[min(q, end)..<end], at: p)
        case 5, 6:
            bytes.insert(contentsOf: Array(Self.tokens.randomElement(using: &random)!.utf8), at: p)
        case 7:
            // A number replaced by an extreme one.
            if let digit = bytes[p...].firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                var end = digit
                while end < bytes.count, (0x30...0x39).contains(bytes[end]) || bytes[end] == 0x2E || bytes[end] == 0x65 { end += 1 }
                let extreme = ["1e307", "-9223372036854775808", "9223372036854775807", "0", "-1", "1001", "4096"].randomElement(using: &random)!
                bytes.replaceSubrange(digit..<end, with: Array(extreme.utf8))
            }
        case 8:
            // Deep nesting.
            let depth = Int.random(in: 1...300, using: &random)
            bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth), at: p)
        default:
            // A long string.
            bytes.insert(contentsOf: [0x22] + Array(repeating: UInt8(ascii: "x"), count: Int.random(in: 100...100_000, using: &random)) + [0x22], at: p)
        }
    }

    /// The files of a corpus directory, in name order.
    public static func corpus(directory: String) -> [[UInt8]] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name.hasSuffix(".json") { names.append(name) }
        }
        return names.sorted().compactMap { name in
            try? Array(BoundedInput.read(path: directory + "/" + name, limit: 1 << 24, what: "corpus file"))
        }
    }
}

/// What one fuzz input must do: go through the same loading as the commands and end in a result
/// or in listed problems. A trap ends the process, which is the failure the fuzzing looks for;
/// the functions return a text for the other broken promises (an error without a problem, a
/// message a terminal would act on).
public enum FuzzHarness {
    /// The bytes as a catalogue, loaded as every command loads one; when accepted, the engine
    /// ranks and explains a few sets of answers.
    public static func catalogue(_ bytes: [UInt8]) -> String? {
        do {
            let checked = try CheckedCatalogue(try CatalogueLoader.decode(Data(bytes), file: "fuzz.json"))
            var g = SplitMix64(seed: UInt64(bytes.count))
            for answers in [[:]] + (0..<3).map({ _ in randomAnswers(checked.engine.catalogue, &g) }) {
                let result = checked.engine.match(answers)
                if result.routes.count != checked.engine.catalogue.routes.count { return "match lost routes" }
                _ = MatchDocument(result, language: .nl)
            }
            return nil
        } catch {
            if error.problems.isEmpty { return "refused without naming a problem" }
            return unsafe(error.problems.map(\.description))
        }
    }

    /// The bytes as an answers document for `checked`'s catalogue; when accepted, matched.
    public static func answers(_ bytes: [UInt8], _ checked: CheckedCatalogue) -> String? {
        do {
            let answers = try AnswersReader.read(Data(bytes), source: "fuzz.json", catalogue: checked.engine.catalogue)
            _ = MatchDocument(checked.engine.match(answers), language: .en)
            return nil
        } catch {
            if error.messages.isEmpty { return "refused without naming a problem" }
            return unsafe(error.messages)
        }
    }

    static func unsafe(_ messages: [String]) -> String? {
        for m in messages where TerminalText.containsControl(m) || m.count > 20_000 {
            return "a message a terminal would act on, or too long: \(TerminalText.excerpt(m, limit: 200))"
        }
        return nil
    }
}

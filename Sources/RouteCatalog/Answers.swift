#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One answer to one question. The JSON form is the plain JSON value:
/// an option id (`"mbo-4"`), an integer (`8`), a boolean (`true`) or a list of option ids.
public enum AnswerValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case option(String)
    case number(Int)
    case boolean(Bool)
    case options([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Most values are option ids, then numbers: tried in that order, because every failed
        // attempt builds an error (with its coding path), which was a quarter of the time it
        // took to decode a large catalogue.
        if let s = try? container.decode(String.self) {
            self = .option(s)
        } else if let n = try? container.decode(Int.self) {
            self = .number(n)
        } else if let b = try? container.decode(Bool.self) {
            self = .boolean(b)
        } else if let list = try? container.decode([String].self) {
            self = .options(list)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected an option id (string), an integer, true/false or a list of option ids")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .option(let s): try container.encode(s)
        case .number(let n): try container.encode(n)
        case .boolean(let b): try container.encode(b)
        case .options(let list): try container.encode(list)
        }
    }

    public var description: String {
        switch self {
        case .option(let s): return s
        case .number(let n): return String(n)
        case .boolean(let b): return b ? "true" : "false"
        case .options(let list): return list.joined(separator: ",")
        }
    }
}

/// A session's answers, keyed by question id. This is the public answers contract:
/// scripts send it to `routewijzer match`, and the session log stores it.
public typealias Answers = [String: AnswerValue]

/// Reads the answers contract from JSON text with messages that say where and what is wrong.
public enum AnswersReader {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var source: String
        public var messages: [String]
        public var description: String { messages.map { "\(source): \($0)" }.joined(separator: "\n") }
    }

    /// The largest answers document read: 1 MiB (a full set of answers is about 300 bytes).
    public static let maximumBytes = 1 << 20
    /// At most this many problems are listed, then how many more there are.
    public static let maximumMessages = 50

    /// Decodes `{"question": value, …}` and checks it against the catalogue's questions. Every
    /// problem is listed: a value of the wrong type, an unknown question or option, a number out
    /// of range; a field given twice is refused.
    public static func read(_ data: Data, source: String, catalogue: Catalogue) throws(Failure) -> Answers {
        guard data.count <= maximumBytes else {
            throw Failure(source: source, messages: ["the answers document is larger than \(BoundedInput.describe(bytes: maximumBytes)), the most this program reads"])
        }
        if let syntax = JSONSyntax.firstError(in: data) {
            throw Failure(source: source, messages: ["line \(syntax.line), column \(syntax.column): JSON syntax error: \(syntax.message)"])
        }
        let probe: AnswersProbe
        do {
            probe = try JSONDecoder().decode(AnswersProbe.self, from: data)
        } catch {
            throw Failure(source: source, messages: ["expected a JSON object of answers keyed by question id, e.g. {\"education\": \"mbo-4\"}"])
        }
        // A value that is not an answer at all is named by its JSON path, as the decoder would;
        // a value the catalogue does not allow by its question id.
        var problems = probe.malformed.map { id in
            (id, "$.\(TerminalText.excerpt(id)): \(catalogue.malformedAnswer(id).message)")
        }
        problems += catalogue.answerProblems(probe.answers).map { p in
            (p.questionId, "\(TerminalText.excerpt(p.questionId)): \(p.message)")
        }
        guard problems.isEmpty else {
            problems.sort { $0.0 < $1.0 }
            var messages = problems.prefix(maximumMessages).map(\.1)
            if problems.count > maximumMessages { messages.append("… and \(problems.count - maximumMessages) more problems") }
            throw Failure(source: source, messages: messages)
        }
        return probe.answers
    }

    /// Decodes every field on its own, so that every value of the wrong type is reported, not
    /// only the first.
    private struct AnswersProbe: Decodable {
        var answers: Answers = [:]
        /// Fields whose value is not a value of the answers contract.
        var malformed: [String] = []

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            for key in c.allKeys {
                do {
                    answers[key.stringValue] = try c.decode(AnswerValue.self, forKey: key)
                } catch {
                    malformed.append(key.stringValue)
                }
            }
        }
    }
}

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
        if let b = try? container.decode(Bool.self) {
            self = .boolean(b)
        } else if let n = try? container.decode(Int.self) {
            self = .number(n)
        } else if let s = try? container.decode(String.self) {
            self = .option(s)
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

    /// Decodes `{"question": value, …}` and checks it against the catalogue's questions.
    public static func read(_ data: Data, source: String, catalogue: Catalogue) throws -> Answers {
        if let syntax = JSONSyntax.firstError(in: data) {
            throw Failure(source: source, messages: ["line \(syntax.line), column \(syntax.column): JSON syntax error: \(syntax.message)"])
        }
        let answers: Answers
        do {
            answers = try JSONDecoder().decode(Answers.self, from: data)
        } catch let error as DecodingError {
            let problem = CatalogueLoader.problem(from: error, file: source)
            let message = (problem.path == "$" || problem.path == nil)
                ? "expected a JSON object of answers keyed by question id, e.g. {\"education\": \"mbo-4\"}"
                : "\(problem.path!): \(problem.message)"
            throw Failure(source: source, messages: [message])
        }
        let problems = catalogue.answerProblems(answers)
        if !problems.isEmpty { throw Failure(source: source, messages: problems.map(\.description)) }
        return answers
    }
}

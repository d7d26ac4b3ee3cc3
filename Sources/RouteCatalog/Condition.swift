#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A rule over the answers. Leaves compare one question's answer; `all`, `any` and `not` nest.
public indirect enum Condition: Sendable, Hashable {
    case compare(question: String, op: Operator, operand: Operand)
    case all([Condition])
    case any([Condition])
    case not(Condition)

    public enum Operator: String, Sendable, Codable, CaseIterable {
        case equals, notEquals, `in`, notIn, gte, lte, between, contains, containsAny, answered

        /// Which question kinds this operator may be used with.
        public var fitsKinds: Set<Question.Kind> {
            switch self {
            case .equals, .notEquals: return [.single, .number, .boolean]
            case .in, .notIn: return [.single]
            case .gte, .lte, .between: return [.number]
            case .contains, .containsAny: return [.multiple]
            case .answered: return [.single, .multiple, .number, .boolean]
            }
        }
    }

    /// What a leaf compares against.
    public enum Operand: Sendable, Hashable {
        case none
        case value(AnswerValue)
        case values([AnswerValue])
        case range(min: Int, max: Int)
    }

    /// What a leaf tests, whatever its operator: the one definition of every operator's meaning.
    /// The explained evaluation (`Condition.evaluate`/`trace`) and the compiled form the ranking,
    /// the outcome tables and `validate`'s search run on (`ConditionProgram`) both derive theirs
    /// from it, so an operator is added here (its case, `fitsKinds`, its operand in `init(from:)`
    /// and one line in `test`) and nowhere else.
    ///
    /// Three-valued: a leaf on an unanswered question is unknown, except `answered`, which fails.
    /// An answer of another kind than the test reads makes the test not hold (a catalogue that
    /// `validate` accepts never asks that).
    public enum Test: Sendable, Hashable {
        /// The question has an answer.
        case answered
        /// The answer is this value (a set of options: the same options, in any order).
        case equal(AnswerValue)
        /// A single-choice answer is one of these options.
        case oneOf([String])
        /// A multiple-choice answer includes at least one of these options.
        case anyOf([String])
        /// A number answer lies in [min, max].
        case range(min: Int64, max: Int64)
        /// Never holds: a malformed leaf (an operand that does not fit its operator).
        case never
    }

    /// The test of a leaf, and whether its outcome is turned round (`notEquals`, `notIn`).
    public static func test(_ op: Operator, _ operand: Operand) -> (test: Test, negated: Bool) {
        func ids(_ values: [AnswerValue]) -> [String] { values.compactMap { if case .option(let id) = $0 { id } else { nil } } }
        switch (op, operand) {
        case (.answered, _): return (.answered, false)
        case (.equals, .value(let v)): return (.equal(v), false)
        case (.notEquals, .value(let v)): return (.equal(v), true)
        case (.in, .values(let vs)): return (.oneOf(ids(vs)), false)
        case (.notIn, .values(let vs)): return (.oneOf(ids(vs)), true)
        case (.gte, .value(.number(let n))): return (.range(min: Int64(n), max: .max), false)
        case (.lte, .value(.number(let n))): return (.range(min: .min, max: Int64(n)), false)
        case (.between, .range(let lo, let hi)): return (.range(min: Int64(lo), max: Int64(hi)), false)
        case (.contains, .value(.option(let id))): return (.anyOf([id]), false)
        case (.containsAny, .values(let vs)): return (.anyOf(ids(vs)), false)
        default: return (.never, false)
        }
    }

    /// Every question id this condition reads.
    public var questionIds: Set<String> {
        switch self {
        case .compare(let q, _, _): return [q]
        case .all(let parts), .any(let parts): return parts.reduce(into: []) { $0.formUnion($1.questionIds) }
        case .not(let inner): return inner.questionIds
        }
    }

    /// A compact, readable form used in traces and validation messages.
    public var summary: String {
        switch self {
        case .compare(let q, let op, let operand):
            switch operand {
            case .none: return "\(q) \(op.rawValue)"
            case .value(let v): return "\(q) \(op.rawValue) \(v)"
            case .values(let vs): return "\(q) \(op.rawValue) [\(vs.map(\.description).joined(separator: ", "))]"
            case .range(let lo, let hi): return "\(q) between \(lo) and \(hi)"
            }
        case .all(let parts): return "all(" + parts.map(\.summary).joined(separator: "; ") + ")"
        case .any(let parts): return "any(" + parts.map(\.summary).joined(separator: "; ") + ")"
        case .not(let inner): return "not(" + inner.summary + ")"
        }
    }
}

extension Condition: Codable {
    private enum Keys: String, CodingKey {
        case question, op, value, values, min, max, all, any, not
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        // `contains` rather than a set of all keys: this runs for every condition of a catalogue.
        let (all, any, not, leaf) = (c.contains(.all), c.contains(.any), c.contains(.not), c.contains(.question))
        let combinators = (all ? 1 : 0) + (any ? 1 : 0) + (not ? 1 : 0)
        if combinators > 1 || (combinators == 1 && leaf) {
            let present = Set(c.allKeys.map(\.stringValue))
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a condition is either {question, op, …} or exactly one of all / any / not, found keys \(present.sorted().joined(separator: ", "))"))
        }
        if all {
            self = .all(try c.decode([Condition].self, forKey: .all))
            return
        }
        if any {
            self = .any(try c.decode([Condition].self, forKey: .any))
            return
        }
        if not {
            self = .not(try c.decode(Condition.self, forKey: .not))
            return
        }
        guard leaf else {
            throw DecodingError.keyNotFound(Keys.question, .init(
                codingPath: decoder.codingPath,
                debugDescription: "a condition needs \"question\" and \"op\", or one of \"all\", \"any\", \"not\""))
        }
        let question = try c.decode(String.self, forKey: .question)
        let opName = try c.decode(String.self, forKey: .op)
        guard let op = Operator(rawValue: opName) else {
            throw DecodingError.dataCorruptedError(
                forKey: .op, in: c,
                debugDescription: "unknown operator \"\(TerminalText.excerpt(opName))\"; expected one of \(Operator.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let operand: Operand
        switch op {
        case .answered:
            operand = .none
        case .equals, .notEquals, .gte, .lte, .contains:
            operand = .value(try c.decode(AnswerValue.self, forKey: .value))
        case .in, .notIn, .containsAny:
            operand = .values(try c.decode([AnswerValue].self, forKey: .values))
        case .between:
            operand = .range(min: try c.decode(Int.self, forKey: .min), max: try c.decode(Int.self, forKey: .max))
        }
        self = .compare(question: question, op: op, operand: operand)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .compare(let q, let op, let operand):
            try c.encode(q, forKey: .question)
            try c.encode(op.rawValue, forKey: .op)
            switch operand {
            case .none: break
            case .value(let v): try c.encode(v, forKey: .value)
            case .values(let vs): try c.encode(vs, forKey: .values)
            case .range(let lo, let hi):
                try c.encode(lo, forKey: .min)
                try c.encode(hi, forKey: .max)
            }
        case .all(let parts): try c.encode(parts, forKey: .all)
        case .any(let parts): try c.encode(parts, forKey: .any)
        case .not(let inner): try c.encode(inner, forKey: .not)
        }
    }
}

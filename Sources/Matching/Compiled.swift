import RouteCatalog

/// Conditions compiled against one catalogue: question ids become indexes and option ids become
/// bits, so ranking a thousand routes costs no hashing and no allocation per condition. The
/// explanation (`Condition.trace`) is built only for what is shown.
struct CompiledCondition: Sendable {
    enum Node: Sendable {
        case answered(q: Int)
        case equals(q: Int, CompiledValue, negated: Bool)
        case member(q: Int, mask: UInt64, negated: Bool)  // in / notIn on a single choice
        case range(q: Int, lo: Int, hi: Int)               // gte / lte / between
        case containsAny(q: Int, mask: UInt64)             // contains / containsAny
        case all([Node])
        case any([Node])
        indirect case not(Node)
        case never                                         // a leaf `validate` rejects
    }

    let root: Node

    init(_ condition: Condition, _ index: QuestionIndex) {
        root = Self.compile(condition, index)
    }

    private static func compile(_ condition: Condition, _ index: QuestionIndex) -> Node {
        switch condition {
        case .all(let parts): return .all(parts.map { compile($0, index) })
        case .any(let parts): return .any(parts.map { compile($0, index) })
        case .not(let inner): return .not(compile(inner, index))
        case .compare(let qid, let op, let operand):
            guard let q = index.position[qid] else { return .never }
            switch (op, operand) {
            case (.answered, _):
                return .answered(q: q)
            case (.equals, .value(let v)), (.notEquals, .value(let v)):
                guard let cv = index.compile(v, question: q) else { return .never }
                return .equals(q: q, cv, negated: op == .notEquals)
            case (.in, .values(let vs)), (.notIn, .values(let vs)):
                return .member(q: q, mask: index.mask(vs, question: q), negated: op == .notIn)
            case (.gte, .value(.number(let n))): return .range(q: q, lo: n, hi: Int.max)
            case (.lte, .value(.number(let n))): return .range(q: q, lo: Int.min, hi: n)
            case (.between, .range(let lo, let hi)): return .range(q: q, lo: lo, hi: hi)
            case (.contains, .value(let v)): return .containsAny(q: q, mask: index.mask([v], question: q))
            case (.containsAny, .values(let vs)): return .containsAny(q: q, mask: index.mask(vs, question: q))
            default: return .never
            }
        }
    }

    func evaluate(_ answers: CompiledAnswers) -> Outcome { Self.evaluate(root, answers.values) }

    private static func evaluate(_ node: Node, _ a: [CompiledValue]) -> Outcome {
        switch node {
        case .answered(let q):
            if case .missing = a[q] { return .fail }
            return .pass
        case .equals(let q, let v, let negated):
            if case .missing = a[q] { return .unknown }
            return (a[q] == v) != negated ? .pass : .fail
        case .member(let q, let mask, let negated):
            switch a[q] {
            case .missing: return .unknown
            case .option(let bit): return ((mask & bit) != 0) != negated ? .pass : .fail
            default: return .fail
            }
        case .range(let q, let lo, let hi):
            switch a[q] {
            case .missing: return .unknown
            case .number(let n): return lo <= n && n <= hi ? .pass : .fail
            default: return .fail
            }
        case .containsAny(let q, let mask):
            switch a[q] {
            case .missing: return .unknown
            case .options(let bits): return (bits & mask) != 0 ? .pass : .fail
            default: return .fail
            }
        case .all(let parts):
            var result = Outcome.pass
            for p in parts {
                switch evaluate(p, a) {
                case .fail: result = .fail
                case .unknown where result == .pass: result = .unknown
                default: break
                }
            }
            return result
        case .any(let parts):
            var result = Outcome.fail
            for p in parts {
                switch evaluate(p, a) {
                case .pass: result = .pass
                case .unknown where result == .fail: result = .unknown
                default: break
                }
            }
            return result
        case .not(let inner):
            switch evaluate(inner, a) {
            case .pass: return .fail
            case .fail: return .pass
            case .unknown: return .unknown
            }
        case .never:
            return .fail
        }
    }
}

/// An answer in compiled form: options are single bits of a 64-bit mask.
enum CompiledValue: Sendable, Equatable {
    case missing
    case option(UInt64)
    case options(UInt64)
    case number(Int)
    case boolean(Bool)
}

/// Question ids to positions, option ids to bits (a question has at most 64 options).
struct QuestionIndex: Sendable {
    let position: [String: Int]
    let optionBits: [[String: UInt64]]

    init(_ questions: [Question]) {
        var position: [String: Int] = [:]
        for (i, q) in questions.enumerated() where position[q.id] == nil { position[q.id] = i }
        self.position = position
        optionBits = questions.map { q in
            var bits: [String: UInt64] = [:]
            for (i, o) in q.choices.prefix(64).enumerated() { bits[o.id] = 1 << UInt64(i) }
            return bits
        }
    }

    func compile(_ value: AnswerValue, question q: Int) -> CompiledValue? {
        switch value {
        case .option(let id): return optionBits[q][id].map(CompiledValue.option)
        case .number(let n): return .number(n)
        case .boolean(let b): return .boolean(b)
        case .options(let ids): return .options(ids.reduce(0) { $0 | (optionBits[q][$1] ?? 0) })
        }
    }

    func mask(_ values: [AnswerValue], question q: Int) -> UInt64 {
        values.reduce(0) { mask, v in
            if case .option(let id) = v { return mask | (optionBits[q][id] ?? 0) }
            return mask
        }
    }
}

/// Answers laid out by question position.
struct CompiledAnswers: Sendable {
    var values: [CompiledValue]

    init(_ answers: Answers, _ index: QuestionIndex) {
        values = Array(repeating: .missing, count: index.optionBits.count)
        for (id, value) in answers {
            guard let q = index.position[id] else { continue }
            values[q] = index.compile(value, question: q) ?? .missing
        }
    }
}

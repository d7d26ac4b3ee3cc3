import RouteCatalog

/// The three outcomes of a condition. `unknown` means a question it reads was not answered.
public enum Outcome: String, Sendable, Codable, Hashable {
    case pass, fail, unknown
}

/// The full evaluation of a condition: its outcome and the outcome of every part. Nothing is
/// short-circuited, because the trace is what explains a result to a person.
public struct Trace: Sendable, Hashable, Codable {
    public var condition: String
    public var outcome: Outcome
    public var parts: [Trace]

    public init(condition: String, outcome: Outcome, parts: [Trace] = []) {
        self.condition = condition
        self.outcome = outcome
        self.parts = parts
    }
}

extension Condition {
    /// The outcome only, without building the trace.
    public func evaluate(_ answers: Answers) -> Outcome {
        switch self {
        case .compare(let question, let op, let operand):
            return Self.compare(answers[question], op, operand)
        case .all(let conditions):
            var result = Outcome.pass
            for c in conditions {
                switch c.evaluate(answers) {
                case .fail: result = .fail
                case .unknown where result == .pass: result = .unknown
                default: break
                }
            }
            return result
        case .any(let conditions):
            var result = Outcome.fail
            for c in conditions {
                switch c.evaluate(answers) {
                case .pass: result = .pass
                case .unknown where result == .fail: result = .unknown
                default: break
                }
            }
            return result
        case .not(let inner):
            switch inner.evaluate(answers) {
            case .pass: return .fail
            case .fail: return .pass
            case .unknown: return .unknown
            }
        }
    }

    /// Evaluates every part (Kleene three-valued logic) and keeps the whole tree.
    public func trace(_ answers: Answers) -> Trace { trace(answers, reusing: nil) }

    /// The same, taking the condition texts from `template`, an earlier trace of this very
    /// condition, instead of writing them out again (the engine keeps one per criterion).
    func trace(_ answers: Answers, reusing template: Trace?) -> Trace {
        func parts(_ conditions: [Condition]) -> [Trace] {
            conditions.indices.map { conditions[$0].trace(answers, reusing: template?.parts[$0]) }
        }
        switch self {
        case .compare(let question, let op, let operand):
            return Trace(condition: template?.condition ?? summary, outcome: Self.compare(answers[question], op, operand))
        case .all(let conditions):
            let parts = parts(conditions)
            let outcome: Outcome = parts.contains { $0.outcome == .fail } ? .fail
                : parts.contains { $0.outcome == .unknown } ? .unknown : .pass
            return Trace(condition: "all", outcome: outcome, parts: parts)
        case .any(let conditions):
            let parts = parts(conditions)
            let outcome: Outcome = parts.contains { $0.outcome == .pass } ? .pass
                : parts.contains { $0.outcome == .unknown } ? .unknown : .fail
            return Trace(condition: "any", outcome: outcome, parts: parts)
        case .not(let inner):
            let part = inner.trace(answers, reusing: template?.parts.first)
            let outcome: Outcome = switch part.outcome {
            case .pass: .fail
            case .fail: .pass
            case .unknown: .unknown
            }
            return Trace(condition: "not", outcome: outcome, parts: [part])
        }
    }

    /// A leaf's outcome, from the one definition of the operators (`Condition.test`).
    static func compare(_ answer: AnswerValue?, _ op: Operator, _ operand: Operand) -> Outcome {
        let (test, negated) = Condition.test(op, operand)
        if test == .answered { return answer == nil ? .fail : .pass }
        guard let answer else { return .unknown }
        let holds: Bool
        switch (test, answer) {
        case (.equal(.options(let wanted)), .options(let chosen)): holds = Set(wanted) == Set(chosen)
        case (.equal(let v), _): holds = answer == v
        case (.oneOf(let ids), .option(let id)): holds = ids.contains(id)
        case (.anyOf(let ids), .options(let chosen)): holds = ids.contains(where: chosen.contains)
        case (.range(let lo, let hi), .number(let a)): holds = lo <= Int64(a) && Int64(a) <= hi
        default: holds = false
        }
        return holds != negated ? .pass : .fail
    }
}

extension Catalogue {
    /// The questions a person with these answers is asked, in order: a question whose `showIf`
    /// does not pass is skipped.
    public func visibleQuestions(_ answers: Answers) -> [Question] {
        let effective = effectiveAnswers(answers)
        return questions.filter { q in q.showIf.map { $0.evaluate(effective) == .pass } ?? true }
    }

    /// The questions that are asked or may still be asked: those whose `showIf` does not fail
    /// (an undecided one counts), for an honest "question 3 of 12".
    public func possibleQuestions(_ answers: Answers) -> [Question] {
        let effective = effectiveAnswers(answers)
        return questions.filter { q in q.showIf.map { $0.evaluate(effective) != .fail } ?? true }
    }

    /// The answers with those to hidden questions dropped, in question order, so a later showIf
    /// sees exactly what the visitor could have answered.
    public func effectiveAnswers(_ answers: Answers) -> Answers {
        var kept: Answers = [:]
        for q in questions {
            let visible = q.showIf.map { $0.evaluate(kept) == .pass } ?? true
            if visible, let value = answers[q.id] { kept[q.id] = value }
        }
        return kept
    }
}

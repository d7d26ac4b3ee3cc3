import RouteCatalog

/// The checks of `routewijzer validate` that need the engine: routes that no answers can make
/// eligible, failing examples, and which conditions the examples exercise.
public enum CatalogueCheck {
    /// All problems: structural ones first, then unreachable routes and failing examples.
    public static func problems(_ loaded: LoadedCatalogue, policy: SourcePolicy = SourcePolicy()) -> [CatalogueProblem] {
        let catalogue = loaded.catalogue
        let structural = catalogue.structuralProblems(file: loaded.file, policy: policy)
        // Reachability and examples rest on valid references; skip them when those are broken.
        if structural.contains(where: { !$0.isWarning }) { return structural }
        var problems: [CatalogueProblem] = structural
        for (ri, route) in catalogue.routes.enumerated() where witness(for: route, in: catalogue) == nil {
            problems.append(CatalogueProblem(
                file: loaded.file, path: "$.routes[\(ri)].requirements",
                message: "route \"\(route.id)\" can never be eligible: no combination of answers passes all its requirements"))
        }
        problems += exampleProblems(loaded)
        return problems
    }

    // MARK: - Reachability

    /// A set of answers that makes every requirement of the route pass, or nil when none exists.
    /// Searches the answers of the questions the requirements read (and the questions their
    /// `showIf` reads), in questionnaire order, pruning as soon as a requirement fails. Numbers are
    /// tried at the boundaries the catalogue mentions; multiple choice as none, each single option,
    /// and all options.
    public static func witness(for route: Route, in catalogue: Catalogue) -> Answers? {
        let conditions = route.requirements.map(\.when)
        var needed = conditions.reduce(into: Set<String>()) { $0.formUnion($1.questionIds) }
        var frontier = Array(needed)
        while let id = frontier.popLast() {
            for dep in catalogue.question(id)?.showIf?.questionIds ?? [] where !needed.contains(dep) {
                needed.insert(dep)
                frontier.append(dep)
            }
        }
        let ordered = catalogue.questions.filter { needed.contains($0.id) }
        let boundaries = numberBoundaries(catalogue)

        var answers: Answers = [:]
        var assigned: Set<String> = []
        func search(_ i: Int) -> Bool {
            if conditions.contains(where: { partial($0, answers, assigned) == .fail }) { return false }
            if i == ordered.count {
                return conditions.allSatisfy { $0.evaluate(answers) == .pass }
            }
            let q = ordered[i]
            assigned.insert(q.id)
            defer { assigned.remove(q.id) }
            let visible = q.showIf.map { $0.evaluate(answers) == .pass } ?? true
            let candidates: [AnswerValue?] = visible ? [nil] + values(for: q, boundaries[q.id] ?? []) : [nil]
            for value in candidates {
                answers[q.id] = value
                if search(i + 1) { return true }
            }
            answers[q.id] = nil
            return false
        }
        return search(0) ? answers : nil
    }

    /// Like `evaluate`, but a question not yet assigned in the search is unknown for every
    /// operator (also `answered`), so a `fail` here is final whatever comes next.
    static func partial(_ condition: Condition, _ answers: Answers, _ assigned: Set<String>) -> Outcome {
        switch condition {
        case .compare(let q, _, _):
            return assigned.contains(q) ? condition.evaluate(answers) : .unknown
        case .all(let parts):
            let outcomes = parts.map { partial($0, answers, assigned) }
            return outcomes.contains(.fail) ? .fail : outcomes.contains(.unknown) ? .unknown : .pass
        case .any(let parts):
            let outcomes = parts.map { partial($0, answers, assigned) }
            return outcomes.contains(.pass) ? .pass : outcomes.contains(.unknown) ? .unknown : .fail
        case .not(let inner):
            switch partial(inner, answers, assigned) {
            case .pass: return .fail
            case .fail: return .pass
            case .unknown: return .unknown
            }
        }
    }

    private static func values(for q: Question, _ numbers: Set<Int>) -> [AnswerValue] {
        switch q.kind {
        case .single: return q.choices.map { .option($0.id) }
        case .boolean: return [.boolean(true), .boolean(false)]
        case .multiple: return [.options([])] + q.choices.map { .options([$0.id]) } + [.options(q.choices.map(\.id))]
        case .number:
            var candidates = numbers
            if let lo = q.min { candidates.insert(lo) }
            if let hi = q.max { candidates.insert(hi) }
            if candidates.isEmpty { candidates.insert(0) }
            return candidates
                .filter { n in (q.min.map { n >= $0 } ?? true) && (q.max.map { n <= $0 } ?? true) }
                .sorted().map { .number($0) }
        }
    }

    /// For every number question, each constant a condition compares it with, and its neighbours.
    private static func numberBoundaries(_ catalogue: Catalogue) -> [String: Set<Int>] {
        var result: [String: Set<Int>] = [:]
        func visit(_ c: Condition) {
            switch c {
            case .all(let parts), .any(let parts): parts.forEach(visit)
            case .not(let inner): visit(inner)
            case .compare(let q, _, let operand):
                var constants: [Int] = []
                switch operand {
                case .value(.number(let n)): constants = [n]
                case .values(let vs): constants = vs.compactMap { if case .number(let n) = $0 { n } else { nil } }
                case .range(let lo, let hi): constants = [lo, hi]
                default: break
                }
                for n in constants { result[q, default: []].formUnion([n - 1, n, n + 1]) }
            }
        }
        for q in catalogue.questions { q.showIf.map(visit) }
        for r in catalogue.routes { (r.requirements + r.weightedPreferences).forEach { visit($0.when) } }
        for s in catalogue.sharedSteps { s.showIf.map(visit) }
        for r in catalogue.routes { r.steps.forEach { $0.showIf.map(visit) } }
        return result
    }

    // MARK: - Examples

    static func exampleProblems(_ loaded: LoadedCatalogue) -> [CatalogueProblem] {
        let engine = Engine(loaded)
        var problems: [CatalogueProblem] = []
        for (ei, example) in loaded.catalogue.examples.enumerated() {
            let result = engine.match(example.answers)
            let fits = Dictionary(uniqueKeysWithValues: result.routes.map { ($0.route.id, $0) })
            let expectations: [(Fit, [String])] = [
                (.eligible, example.eligible ?? []), (.near, example.near ?? []), (.notEligible, example.notEligible ?? []),
            ]
            for (fit, ids) in expectations {
                for id in ids {
                    guard let got = fits[id], got.fit != fit else { continue }
                    let why = got.missing.map { "\($0.criterion.id): \($0.outcome.rawValue)" }.joined(separator: ", ")
                    problems.append(CatalogueProblem(
                        file: loaded.file, path: "$.examples[\(ei)]",
                        message: "example \"\(example.name)\": route \"\(id)\" is \(got.fit.rawValue), expected \(fit.rawValue)"
                            + (why.isEmpty ? "" : " (not passing: \(why))")))
                }
            }
            if let apart = example.alsoPossible {
                let expected = Set(apart)
                for m in result.routes where (m.group == .alsoPossible) != expected.contains(m.route.id) {
                    problems.append(CatalogueProblem(
                        file: loaded.file, path: "$.examples[\(ei)].alsoPossible",
                        message: "example \"\(example.name)\": route \"\(m.route.id)\" is in the group \(m.group == .forYou ? "for you" : "also possible"), expected \(expected.contains(m.route.id) ? "also possible" : "for you")"))
                }
            }
            if let top = example.top, let first = result.routes.first, first.route.id != top {
                problems.append(CatalogueProblem(
                    file: loaded.file, path: "$.examples[\(ei)].top",
                    message: "example \"\(example.name)\": expected \"\(top)\" ranked first, found \"\(first.route.id)\" (\(first.fit.rawValue), score \(formatScore(first.score)))"))
            }
        }
        return problems
    }

    // MARK: - Coverage

    public struct CoverageRow: Sendable, Hashable {
        public var path: String
        public var label: String
        public var passes: Int
        public var fails: Int
        public var unknowns: Int
        public var isCovered: Bool { passes > 0 && fails > 0 }
    }

    /// For every condition in the catalogue (showIf, requirements, preferences, shared steps): how
    /// many examples make it pass, fail, or leave it unknown.
    public static func coverage(_ catalogue: Catalogue) -> [CoverageRow] {
        let answerSets = catalogue.examples.map { catalogue.effectiveAnswers($0.answers) }
        func row(_ path: String, _ label: String, _ condition: Condition) -> CoverageRow {
            var r = CoverageRow(path: path, label: label, passes: 0, fails: 0, unknowns: 0)
            for answers in answerSets {
                switch condition.evaluate(answers) {
                case .pass: r.passes += 1
                case .fail: r.fails += 1
                case .unknown: r.unknowns += 1
                }
            }
            return r
        }
        var rows: [CoverageRow] = []
        for (qi, q) in catalogue.questions.enumerated() {
            if let c = q.showIf { rows.append(row("$.questions[\(qi)].showIf", "question \(q.id): showIf", c)) }
        }
        for (ri, r) in catalogue.routes.enumerated() {
            for (ci, c) in r.requirements.enumerated() {
                rows.append(row("$.routes[\(ri)].requirements[\(ci)]", "\(r.id): requirement \(c.id)", c.when))
            }
            for (ci, c) in r.weightedPreferences.enumerated() {
                rows.append(row("$.routes[\(ri)].preferences[\(ci)]", "\(r.id): preference \(c.id)", c.when))
            }
            for (si, step) in r.steps.enumerated() {
                if let c = step.showIf { rows.append(row("$.routes[\(ri)].steps[\(si)].showIf", "\(r.id): step \(si + 1)", c)) }
            }
        }
        for (si, s) in catalogue.sharedSteps.enumerated() {
            if let c = s.showIf { rows.append(row("$.sharedSteps[\(si)].showIf", "shared step \(s.id)", c)) }
        }
        return rows
    }
}

/// Scores are shown with one decimal: a point in English and in JSON, a comma in Dutch.
public func formatScore(_ score: Double, language: Language = .en) -> String {
    let tenths = Int((score * 10).rounded())
    return "\(tenths / 10)\(language == .nl ? "," : ".")\(abs(tenths % 10))"
}

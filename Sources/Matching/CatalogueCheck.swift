import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog

/// The checks of `routewijzer validate` that need the engine: routes that no answers can make
/// eligible, failing examples, and which conditions the examples exercise.
public enum CatalogueCheck {
    /// How many answers the reachability search may try per route before it gives up with a
    /// warning instead of an answer.
    public static let searchSteps = 100_000

    /// What `validate` reports, in order: errors (the catalogue is refused) and warnings (it is
    /// not; `validate --strict` fails on them too).
    public struct Findings: Sendable {
        public var all: [CatalogueProblem] = []
        /// The engine, built once the structure and ranges are sound (nil before).
        public var engine: Engine?
        public var problems: [CatalogueProblem] { all.filter { !$0.isWarning } }
        public var warnings: [CatalogueProblem] { all.filter(\.isWarning) }
    }

    /// Everything found, errors and warnings: problems of the file and structural ones first,
    /// then unreachable routes and failing examples.
    public static func problems(_ loaded: LoadedCatalogue, policy: SourcePolicy = SourcePolicy()) -> [CatalogueProblem] {
        findings(loaded, policy: policy).all
    }

    /// Everything `validate` checks. The engine checks (reachability, examples) rest on valid
    /// references and ranges, so they run only when the structure has no error.
    /// `policy`: how old a source may be (see `SourcePolicy`); `tables`: build the engine with its
    /// outcome tables (see `CheckedCatalogue`).
    public static func findings(_ loaded: LoadedCatalogue, policy: SourcePolicy = SourcePolicy(), searchSteps: Int = searchSteps,
                                tables: Bool = true) -> Findings {
        var findings = Findings()
        findings.all = loaded.inputProblems + loaded.catalogue.structuralProblems(file: loaded.file, policy: policy)
        guard findings.problems.isEmpty else { return findings }
        let engine = Engine(catalogue: loaded.catalogue, digest: loaded.digest, tableBudget: tables ? Tabulation.maximumTotal : 0)
        findings.engine = engine
        let verdicts = reachability(engine, searchSteps: searchSteps)
        for (ri, route) in loaded.catalogue.routes.enumerated() {
            switch verdicts[ri] {
            case .reachable:
                break
            case .unreachable:
                findings.all.append(CatalogueProblem(
                    file: loaded.file, path: "$.routes[\(ri)].requirements",
                    message: "route \"\(TerminalText.excerpt(route.id))\" can never be eligible: no combination of answers passes all its requirements"))
            case .undecided:
                findings.all.append(CatalogueProblem(
                    file: loaded.file, path: "$.routes[\(ri)].requirements",
                    message: "could not prove that route \"\(TerminalText.excerpt(route.id))\" can be eligible within \(searchSteps) steps; check its requirements by hand or give an example that makes it eligible",
                    severity: .warning))
            }
        }
        findings.all += exampleProblems(loaded, engine: engine)
        return findings
    }

    // MARK: - Reachability

    enum Reach: UInt8 { case reachable, unreachable, undecided }

    /// The verdict of every route, on every core for a large catalogue: each worker has its own
    /// search and takes every n-th route.
    static func reachability(_ engine: Engine, searchSteps: Int) -> [Reach] {
        let count = engine.catalogue.routes.count
        var verdicts = [Reach](repeating: .undecided, count: count)
        let workers = count >= 1_000 ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) : 1
        verdicts.withUnsafeMutableBufferPointer { buffer in
            let out = SharedBuffer(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var search = ReachabilitySearch(engine)
                var ri = worker
                while ri < count {
                    out.buffer[ri] = switch search.verdict(route: ri, budget: searchSteps) {
                    case .reachable: .reachable
                    case .unreachable: .unreachable
                    case .undecided: .undecided
                    }
                    ri += workers
                }
            }
        }
        return verdicts
    }

    /// Workers write to different elements only.
    struct SharedBuffer<T>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<T>
    }

    /// A set of answers that makes every requirement of the route pass, or nil when none exists
    /// (or none was found within `searchSteps`).
    public static func witness(for route: Route, in catalogue: Catalogue) -> Answers? {
        guard let ri = catalogue.routes.firstIndex(of: route) else { return nil }
        var search = ReachabilitySearch(Engine(catalogue: catalogue))
        if case .reachable(let answers) = search.verdict(route: ri, budget: searchSteps) { return answers }
        return nil
    }

    // MARK: - Examples

    static func exampleProblems(_ loaded: LoadedCatalogue, engine: Engine) -> [CatalogueProblem] {
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
                        message: "example \"\(TerminalText.excerpt(example.name))\": route \"\(TerminalText.excerpt(id))\" is \(got.fit.rawValue), expected \(fit.rawValue)"
                            + (why.isEmpty ? "" : " (not passing: \(why))")))
                }
            }
            if let apart = example.alsoPossible {
                let expected = Set(apart)
                for m in result.routes where (m.group == .alsoPossible) != expected.contains(m.route.id) {
                    problems.append(CatalogueProblem(
                        file: loaded.file, path: "$.examples[\(ei)].alsoPossible",
                        message: "example \"\(TerminalText.excerpt(example.name))\": route \"\(TerminalText.excerpt(m.route.id))\" is in the group \(m.group == .forYou ? "for you" : "also possible"), expected \(expected.contains(m.route.id) ? "also possible" : "for you")"))
                }
            }
            if let top = example.top, let first = result.routes.first, first.route.id != top {
                problems.append(CatalogueProblem(
                    file: loaded.file, path: "$.examples[\(ei)].top",
                    message: "example \"\(TerminalText.excerpt(example.name))\": expected \"\(TerminalText.excerpt(top))\" ranked first, found \"\(TerminalText.excerpt(first.route.id))\" (\(first.fit.rawValue), score \(formatScore(first.score)))"))
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
    let tenths = score.isFinite ? Int((min(max(score, -1e9), 1e9) * 10).rounded()) : 0
    return "\(tenths / 10)\(language == .nl ? "," : ".")\(abs(tenths % 10))"
}

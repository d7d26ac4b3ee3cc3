import Foundation
import Testing
import TestSupport
@testable import Matching
@testable import RouteCatalog

/// Ranking takes shortcuts (a compiled program, outcome tables for criteria that read one or two
/// questions, packed sort keys). This checks it against the plain definition, written out here
/// from the condition trees: the group from the role and school type chosen, fit from the
/// requirements, score and mismatch from the preferences, routes only for some left out; order by
/// group, fit, mismatch (the weight of failing preferences, light first, to 0.1), score (to
/// 0.001, high first), fewer missing,
/// shorter typical duration (the middle of the range), id.
@Suite struct RankingAgreementTests {
    struct Expected: Equatable, CustomStringConvertible {
        var id: String
        var group: Group
        var fit: Fit
        var score: Double
        var description: String { "\(id):\(group):\(fit):\(score)" }
    }

    func reference(_ catalogue: Catalogue, _ answers: Answers) -> [Expected] {
        let effective = catalogue.effectiveAnswers(answers)
        /// The option chosen for the question with this meaning, unless it says "no preference".
        func chosen(_ meaning: QuestionMeaning) -> String? {
            guard let q = catalogue.question(meaning: meaning), case .option(let id)? = effective[q.id],
                  q.option(id)?.noPreference != true else { return nil }
            return id
        }
        let role = chosen(.role), schoolType = chosen(.schoolType)
        var rows: [(e: Expected, mismatch: Double, missing: Int, months: Int)] = []
        for route in catalogue.routes where route.showIf?.evaluate(effective) != .fail {
            let apart = (role.map { !route.roles.contains($0) } ?? false) || (schoolType.map { !route.schoolTypes.contains($0) } ?? false)
            let outcomes = route.requirements.map { $0.when.evaluate(effective) }
            let missing = outcomes.filter { $0 != .pass }.count
            let blocked = zip(route.requirements, outcomes).contains { !$0.attainable && $1 == .fail }
            let fit: Fit = blocked ? .notEligible : (missing == 0 ? .eligible : .near)
            let total = route.weightedPreferences.reduce(0.0) { $0 + ($1.weight ?? 0) }
            let passed = route.weightedPreferences.reduce(0.0) { $0 + ($1.when.evaluate(effective) == .pass ? ($1.weight ?? 0) : 0) }
            let failed = route.weightedPreferences.reduce(0.0) { $0 + ($1.when.evaluate(effective) == .fail ? ($1.weight ?? 0) : 0) }
            rows.append((Expected(id: route.id, group: apart ? .alsoPossible : .forYou, fit: fit,
                                  score: total > 0 ? 100 * passed / total : 0), (failed * 10).rounded(), missing, route.durationMonths.min + route.durationMonths.max))
        }
        func fitRank(_ f: Fit) -> Int { f == .eligible ? 0 : (f == .near ? 1 : 2) }
        rows.sort { a, b in
            if a.e.group != b.e.group { return a.e.group == .forYou }
            if a.e.fit != b.e.fit { return fitRank(a.e.fit) < fitRank(b.e.fit) }
            if a.mismatch != b.mismatch { return a.mismatch < b.mismatch }
            let sa = (a.e.score * 1000).rounded(), sb = (b.e.score * 1000).rounded()
            if sa != sb { return sa > sb }
            if a.missing != b.missing { return a.missing < b.missing }
            if a.months != b.months { return a.months < b.months }
            return a.e.id < b.e.id
        }
        return rows.map(\.e)
    }

    func ranked(_ engine: Engine, _ answers: Answers) -> [Expected] {
        engine.rank(answers).map { Expected(id: engine.catalogue.routes[$0.routeIndex].id, group: $0.group, fit: $0.fit, score: $0.score) }
    }

    /// Random answers, some of them outside what the outcome tables cover: numbers out of the
    /// question's range, and a few questions left open.
    func answers(_ catalogue: Catalogue, _ g: inout SplitMix64) -> Answers {
        var a = randomAnswers(catalogue, &g)
        for q in catalogue.questions where q.kind == .number && Int.random(in: 0..<6, using: &g) == 0 {
            a[q.id] = .number((q.max ?? 60) + Int.random(in: 1...500, using: &g))
        }
        return a
    }

    @Test func onTheBundledCatalogue() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loaded = try CatalogueLoader.load(path: root.appendingPathComponent("routes.json").path)
        let engine = Engine(loaded)
        var g = SplitMix64(seed: 3)
        for _ in 0..<500 {
            let a = answers(loaded.catalogue, &g)
            #expect(ranked(engine, a) == reference(loaded.catalogue, a), "answers: \(a)")
        }
    }

    @Test func onAGeneratedCatalogueOfManyRoutes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let base = try CatalogueLoader.load(path: root.appendingPathComponent("routes.json").path).catalogue
        let catalogue = generate(from: base, routes: 300, conditions: 10, seed: 5)
        let engine = Engine(catalogue: catalogue)
        let tabulation = engine.table.tabulation
        #expect(tabulation.entries.contains { $0.offset >= 0 }, "some criteria are tabulated")
        #expect(tabulation.entries.contains { $0.offset >= 0 && $0.second != tabulation.constant }, "some tables cover two questions")
        var g = SplitMix64(seed: 9)
        for _ in 0..<100 {
            let a = answers(catalogue, &g)
            #expect(ranked(engine, a) == reference(catalogue, a))
        }
    }

    /// With little or no room for tables, criteria run the compiled program instead, and the
    /// ranking is the same.
    @Test(arguments: [0, 2_000])
    func aSmallTableBudgetFallsBackToTheProgram(budget: Int) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let base = try CatalogueLoader.load(path: root.appendingPathComponent("routes.json").path).catalogue
        let catalogue = generate(from: base, routes: 100, conditions: 10, seed: 8)
        let engine = Engine(catalogue: catalogue, digest: CatalogueDigest(hex: ""), tableBudget: budget)
        #expect(engine.table.tabulation.table.count <= budget)
        #expect(engine.table.tabulation.entries.contains { $0.offset < 0 })
        var g = SplitMix64(seed: 10)
        for _ in 0..<50 {
            let a = answers(catalogue, &g)
            #expect(ranked(engine, a) == reference(catalogue, a))
        }
    }
}

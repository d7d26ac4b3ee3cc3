import Foundation
import Testing
@testable import Matching
@testable import RouteCatalog
import TestSupport

/// Catalogues that `CheckedCatalogue` refuses still never make the engine trap when a program
/// builds one without the checks: the arithmetic on catalogue and answer values cannot overflow.
@Suite struct UncheckedCatalogueTests {
    func minimal() throws -> Catalogue { try loadFixture("minimal.json").catalogue }

    func rankEverything(_ c: Catalogue) -> [Engine.Ranking] {
        let engine = Engine(catalogue: c)
        var g = SplitMix64(seed: 3)
        var all: [Engine.Ranking] = []
        for _ in 0..<50 { all += engine.rank(randomAnswers(c, &g, skipOneIn: 3)) }
        _ = engine.match(["education": .option("hbo-bachelor"), "schoolType": .option("mbo")])
        return all
    }

    @Test(arguments: [[10.0, -9.0], [1e307, 1e307, 1e307], [-1.0], [0.0], [Double.greatestFiniteMagnitude]])
    func anyWeightsRankWithoutTrapping(weights: [Double]) throws {
        var c = try minimal()
        let template = c.routes[0].preferences![0]
        c.routes[0].preferences = weights.enumerated().map { i, w in
            var p = template
            p.id = "p\(i)"
            p.weight = w
            return p
        }
        let rankings = rankEverything(c)
        #expect(rankings.allSatisfy { $0.score.isFinite && $0.score >= 0 && $0.score <= 100 })
    }

    @Test func extremeNumberRangesAndValuesDoNotTrap() throws {
        var c = try minimal()
        c.questions[2].min = Int.min
        c.questions[2].max = Int.max
        c.routes[1].requirements[0].when = .compare(question: "experienceYears", op: .gte, operand: .value(.number(Int.max)))
        c.routes[0].preferences![0].when = .compare(question: "experienceYears", op: .between, operand: .range(min: Int.min, max: Int.max))
        _ = rankEverything(c)
        _ = Engine(catalogue: c).rank(["experienceYears": .number(Int.min)])
        _ = CatalogueCheck.witness(for: c.routes[1], in: c)
    }

    /// A criterion over twenty questions of 4,000 values each: the table size is never
    /// multiplied out (it overflowed).
    @Test func aCriterionOverManyLargeQuestionsDoesNotTrap() throws {
        var c = try minimal()
        let numbers = (0..<20).map { i in
            Question(id: "n\(i)", kind: .number, text: LocalizedText(nl: "n", en: "n"), min: 0, max: 4000)
        }
        c.questions += numbers
        c.routes[0].requirements[0].when = .all(numbers.map { .compare(question: $0.id, op: .gte, operand: .value(.number(1))) })
        _ = rankEverything(c)
    }

    @Test func scoresFormatWhateverTheyAre() {
        #expect(formatScore(.nan) == "0.0")
        #expect(formatScore(.infinity) == "0.0")
        #expect(formatScore(87.46) == "87.5")
    }
}

/// `validate`'s reachability search against the plain definition: a route can be eligible when
/// some answers (every combination, each question also unanswered) make all its requirements pass
/// after hidden answers are dropped.
@Suite struct ReachabilityTests {
    static let questions: [Question] = [
        Question(id: "a", kind: .single, text: LocalizedText(nl: "a", en: "a"),
                 options: ["x", "y", "z"].map { Choice(id: $0, label: LocalizedText(nl: $0, en: $0)) }),
        Question(id: "b", kind: .boolean, text: LocalizedText(nl: "b", en: "b")),
        Question(id: "n", kind: .number, text: LocalizedText(nl: "n", en: "n"), min: 0, max: 5),
        Question(id: "m", kind: .multiple, text: LocalizedText(nl: "m", en: "m"),
                 options: ["p", "q"].map { Choice(id: $0, label: LocalizedText(nl: $0, en: $0)) },
                 showIf: .compare(question: "a", op: .notEquals, operand: .value(.option("z")))),
    ]

    static func leaf<G: RandomNumberGenerator>(_ g: inout G) -> Condition {
        switch Int.random(in: 0..<9, using: &g) {
        case 0: return .compare(question: "a", op: .equals, operand: .value(.option(["x", "y", "z"].randomElement(using: &g)!)))
        case 1: return .compare(question: "a", op: .in, operand: .values([.option("x"), .option("z")]))
        case 2: return .compare(question: "b", op: .equals, operand: .value(.boolean(Bool.random(using: &g))))
        case 3: return .compare(question: "n", op: .gte, operand: .value(.number(Int.random(in: -1...7, using: &g))))
        case 4: return .compare(question: "n", op: .lte, operand: .value(.number(Int.random(in: -1...7, using: &g))))
        case 5: return .compare(question: "n", op: .between, operand: .range(min: Int.random(in: 0...3, using: &g), max: Int.random(in: 2...6, using: &g)))
        case 6: return .compare(question: "m", op: .contains, operand: .value(.option(Bool.random(using: &g) ? "p" : "q")))
        case 7: return .compare(question: ["a", "b", "n", "m"].randomElement(using: &g)!, op: .answered, operand: .none)
        default: return .compare(question: "n", op: .equals, operand: .value(.number(Int.random(in: 0...5, using: &g))))
        }
    }

    static func condition<G: RandomNumberGenerator>(_ g: inout G, depth: Int = 0) -> Condition {
        guard depth < 2 else { return leaf(&g) }
        switch Int.random(in: 0..<5, using: &g) {
        case 0: return .all((0..<Int.random(in: 1...3, using: &g)).map { _ in condition(&g, depth: depth + 1) })
        case 1: return .any((0..<Int.random(in: 1...3, using: &g)).map { _ in condition(&g, depth: depth + 1) })
        case 2: return .not(condition(&g, depth: depth + 1))
        default: return leaf(&g)
        }
    }

    /// Every combination of answers to the four questions.
    static let everyAnswerSet: [Answers] = {
        var sets: [Answers] = [[:]]
        let values: [(String, [AnswerValue?])] = [
            ("a", [nil, .option("x"), .option("y"), .option("z")]),
            ("b", [nil, .boolean(true), .boolean(false)]),
            ("n", [nil] + (0...5).map { .number($0) }),
            ("m", [nil, .options([]), .options(["p"]), .options(["q"]), .options(["p", "q"])]),
        ]
        for (id, options) in values {
            sets = sets.flatMap { s in options.map { v in var t = s; t[id] = v; return t } }
        }
        return sets
    }()

    @Test func theSearchAgreesWithEveryCombination() throws {
        var catalogue = try loadFixture("minimal.json").catalogue
        catalogue.questions = Self.questions
        catalogue.examples = []
        var g = SplitMix64(seed: 11)
        let template = catalogue.routes[0]
        catalogue.routes = (0..<300).map { r in
            var route = template
            route.id = "r\(r)"
            route.requirements = (0..<Int.random(in: 1...4, using: &g)).map { i in
                Criterion(id: "c\(i)", when: Self.condition(&g), pass: template.requirements[0].pass,
                          fail: template.requirements[0].fail, attainable: false)
            }
            return route
        }
        var search = ReachabilitySearch(Engine(catalogue: catalogue))
        var reachable = 0
        for (ri, route) in catalogue.routes.enumerated() {
            let expected = Self.everyAnswerSet.contains { answers in
                let effective = catalogue.effectiveAnswers(answers)
                return route.requirements.allSatisfy { $0.when.evaluate(effective) == .pass }
            }
            let verdict = search.verdict(route: ri, budget: CatalogueCheck.searchSteps)
            switch verdict {
            case .reachable(let witness):
                #expect(expected, "route \(ri): \(route.requirements.map(\.when.summary))")
                let effective = catalogue.effectiveAnswers(witness)
                #expect(route.requirements.allSatisfy { $0.when.evaluate(effective) == .pass }, "route \(ri): witness \(witness)")
                reachable += 1
            case .unreachable:
                #expect(!expected, "route \(ri): \(route.requirements.map(\.when.summary))")
            case .undecided:
                Issue.record("route \(ri) undecided")
            }
        }
        #expect(reachable > 50 && reachable < 290, "the generated routes cover both verdicts (\(reachable) reachable)")
    }

    /// Twenty questions of ten options, one requirement reading them all and two that contradict
    /// each other on the last: the contradiction is found after a few tries (the old search went
    /// through every combination of the first nineteen, 11^19, and never finished).
    @Test func aContradictionBehindManyQuestionsIsFoundAtOnce() throws {
        var c = try loadFixture("minimal.json").catalogue
        let options = (0..<10).map { Choice(id: "o\($0)", label: LocalizedText(nl: "o", en: "o")) }
        let many = (0..<20).map { Question(id: "t\($0)", kind: .single, text: LocalizedText(nl: "t", en: "t"), options: options) }
        c.questions += many
        c.examples = []
        let all = Condition.all(many.map { .compare(question: $0.id, op: .answered, operand: .none) })
        let last = Condition.compare(question: "t19", op: .equals, operand: .value(.option("o1")))
        c.routes[1].requirements = [
            Criterion(id: "every", when: all, pass: c.routes[1].requirements[0].pass, fail: c.routes[1].requirements[0].fail, attainable: false),
            Criterion(id: "o1", when: last, pass: c.routes[1].requirements[0].pass, fail: c.routes[1].requirements[0].fail, attainable: false),
            Criterion(id: "not-o1", when: .not(last), pass: c.routes[1].requirements[0].pass, fail: c.routes[1].requirements[0].fail, attainable: false),
        ]
        var search = ReachabilitySearch(Engine(catalogue: c))
        #expect(search.verdict(route: 1, budget: 1_000) == .unreachable)
    }

    /// What the search cannot settle within its budget is a warning naming the route, not an
    /// endless run and not an error.
    @Test func aSearchOverItsBudgetIsAWarning() throws {
        let loaded = try loadFixture("minimal.json")
        let findings = CatalogueCheck.findings(loaded, searchSteps: 1)
        #expect(findings.problems.isEmpty)
        let routes = findings.warnings.filter { $0.path?.hasPrefix("$.routes") == true }
        #expect(routes.map(\.path) == ["$.routes[0].requirements", "$.routes[1].requirements"])
        #expect(routes.first?.description == "\(loaded.file): $.routes[0].requirements: warning: could not prove that route \"kop\" can be eligible within 1 steps; check its requirements by hand or give an example that makes it eligible")
        #expect(!CatalogueCheck.findings(loaded).warnings.contains { $0.path?.hasPrefix("$.routes") == true })
    }

    /// Routes whose requirements read different questions are searched question group by group:
    /// two thousand generated routes of six requirements each are settled, none left undecided.
    @Test func manyGeneratedRoutesAreAllSettled() throws {
        let base = try loadBundled()
        let big = generate(from: base.catalogue, routes: 2_000, conditions: 10, seed: 5)
        let findings = CatalogueCheck.findings(LoadedCatalogue(catalogue: big, file: "big.json", sha256: ""))
        #expect(!findings.warnings.contains { $0.message.hasPrefix("could not prove") })
        #expect(findings.problems.allSatisfy { $0.message.contains("can never be eligible") }, "\(findings.problems.prefix(3))")
    }
}

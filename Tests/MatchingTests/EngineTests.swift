import Foundation
import Testing
import TestSupport
@testable import Matching
@testable import RouteCatalog

@Suite struct FitAndOrderTests {
    let loaded = try! loadFixture("minimal.json")
    var engine: Engine { Engine(loaded) }

    func route(_ result: MatchResult, _ id: String) -> RouteMatch { result.routes.first { $0.route.id == id }! }

    @Test func allRequirementsPassingIsEligible() {
        let result = engine.match(["education": .option("hbo-bachelor"), "schoolType": .option("mbo")])
        #expect(route(result, "kop").fit == .eligible)
        #expect(route(result, "kop").missing.isEmpty)
        #expect(route(result, "kop").score == 100)
    }

    @Test func onlyAttainableFailuresIsNear() {
        let result = engine.match(["sector": .option("installatie"), "experienceYears": .number(5), "schoolJob": .boolean(false)])
        let zij = route(result, "zij")
        #expect(zij.fit == .near)
        #expect(zij.missing.map(\.criterion.id) == ["job"])
        #expect(zij.missing[0].explanation.nl == "Zoek een school.")
    }

    @Test func unknownAnswersMakeNearWithTheMissingListed() {
        let result = engine.match([:])
        #expect(route(result, "kop").fit == .near)
        #expect(route(result, "kop").missing.map(\.outcome) == [.unknown])
    }

    @Test func anUnattainableFailureIsNotEligible() {
        let result = engine.match(["education": .option("mbo-4"), "sector": .option("non-technical"), "schoolJob": .boolean(true)])
        #expect(route(result, "kop").fit == .notEligible)
        // The experience question is hidden for non-technical people, yet the criterion fails.
        #expect(route(result, "zij").fit == .notEligible)
        #expect(route(result, "zij").missing.map(\.criterion.id) == ["experience"])
    }

    @Test func hiddenAnswersAreDropped() {
        let result = engine.match(["sector": .option("non-technical"), "experienceYears": .number(20), "schoolJob": .boolean(true)])
        #expect(result.answers["experienceYears"] == nil)
        #expect(route(result, "zij").fit == .notEligible)
    }

    @Test func orderIsFitThenMismatchThenScoreThenMissingThenDurationThenId() {
        // Both eligible. For vmbo, kop's one preference (mbo) fails: a mismatch with the
        // visitor's wish, so zij (no preferences, nothing that clashes) leads although kop is
        // shorter.
        let both: Answers = ["education": .option("hbo-bachelor"), "sector": .option("installatie"),
                             "experienceYears": .number(4), "schoolJob": .boolean(true), "schoolType": .option("vmbo")]
        #expect(engine.match(both).routes.map(\.route.id) == ["zij", "kop"])
        #expect(engine.match(both).routes.map(\.mismatches.count) == [0, 1])
        // For mbo the preference passes: no mismatch on either, score 100 against 0.
        var mbo = both
        mbo["schoolType"] = .option("mbo")
        #expect(engine.match(mbo).routes.map(\.route.id) == ["kop", "zij"])
        // Not answered: no mismatch on either, both score 0; the shorter route leads.
        var open = both
        open["schoolType"] = nil
        #expect(engine.match(open).routes.map(\.route.id) == ["kop", "zij"])
        // Eligible beats near whatever the mismatch: zij eligible, kop near (education unknown).
        var zijOnly = both
        zijOnly["education"] = nil
        #expect(engine.match(zijOnly).routes.map { "\($0.route.id):\($0.fit)" } == ["zij:eligible", "kop:near"])
    }

    @Test func tieBreaksOnDurationThenId() throws {
        var catalogue = loaded.catalogue
        // Give both routes the same single always-passing requirement and no preferences.
        let always = try condition(#"{"question":"education","op":"answered"}"#)
        for i in catalogue.routes.indices {
            catalogue.routes[i].requirements = [Criterion(id: "r", when: always, pass: .init(nl: "p", en: "p"),
                                                          fail: .init(nl: "f", en: "f"), attainable: false)]
            catalogue.routes[i].preferences = nil
            catalogue.routes[i].durationMonths = MonthRange(min: 6, max: 6)
        }
        let answers: Answers = ["education": .option("mbo-4")]
        #expect(Engine(catalogue: catalogue).match(answers).routes.map(\.route.id) == ["kop", "zij"])
        catalogue.routes[1].durationMonths = MonthRange(min: 3, max: 6)
        #expect(Engine(catalogue: catalogue).match(answers).routes.map(\.route.id) == ["zij", "kop"])
    }

    @Test func rankAndMatchAgree() {
        var g = SplitMix64(seed: 7)
        for _ in 0..<100 {
            let answers = randomAnswers(loaded.catalogue, &g)
            let ranked = engine.rank(answers).map { loaded.catalogue.routes[$0.routeIndex].id }
            #expect(ranked == engine.match(answers).routes.map(\.route.id))
        }
    }

    @Test func sharedStepsAttachToEligibleAndNearRoutesOnly() {
        let result = engine.match(["education": .option("hbo-bachelor"), "sector": .option("non-technical")])
        #expect(route(result, "kop").steps.map(\.text.nl) == ["Meld je aan", "Vraag een VOG aan."])
        #expect(route(result, "kop").steps.last?.sharedStepId == "vog")
        // No steps at all towards a route the visitor cannot take.
        #expect(route(result, "zij").fit == .notEligible)
        #expect(route(result, "zij").steps.isEmpty)
    }

    @Test func aSharedStepCanBeLimitedToSomeRoutes() {
        var catalogue = loaded.catalogue
        catalogue.sharedSteps[0].routes = ["zij"]
        let result = Engine(catalogue: catalogue).match(["education": .option("hbo-bachelor"), "schoolJob": .boolean(true)])
        #expect(route(result, "kop").steps.map(\.sharedStepId) == [nil])
        #expect(route(result, "zij").steps.map(\.sharedStepId) == [nil, "vog"])
        catalogue.sharedSteps[0].routes = ["nope"]
        #expect(catalogue.structuralProblems(file: "x").map(\.path) == ["$.sharedSteps[0].routes"])
    }

    @Test func providersAreRankedByDistanceFromTheProvince() throws {
        let result = engine.match(["province": .option("utrecht")])
        let places = route(result, "kop").places
        #expect(places.map(\.location.city) == ["Amsterdam", "Zwolle"])
        // Utrecht–Amsterdam is about 35 km, Utrecht–Zwolle about 81 km as the crow flies.
        #expect(abs(places[0].distanceKm! - 35.5) < 1.5)
        #expect(abs(places[1].distanceKm! - 80.7) < 1)
        #expect(result.initiatives.map(\.id) == ["pool"])
    }

    @Test func abroadHasNoDistances() {
        let result = engine.match(["province": .option("abroad")])
        #expect(route(result, "kop").places.allSatisfy { $0.distanceKm == nil })
        #expect(route(result, "kop").places.map(\.location.city) == ["Amsterdam", "Zwolle"])
        #expect(result.initiatives.isEmpty)
    }

    @Test func radixSortAgreesWithSort() {
        var g = SplitMix64(seed: 11)
        for n in [0, 1, 5, 64, 65, 1000, 3000] {
            // Mixed: random keys, keys sharing high bytes, and duplicates.
            var keys = (0..<n).map { i -> UInt64 in
                switch i % 3 {
                case 0: return g.next()
                case 1: return (UInt64(2) << 62) | UInt64(i % 97)
                default: return UInt64(i % 5)
                }
            }
            let expected = keys.sorted()
            radixSort(&keys)
            #expect(keys == expected, "n = \(n)")
            // Keys that fit in five bytes, sorted with only those.
            var narrow = expected.reversed().map { $0 & 0xFF_FFFF_FFFF }
            radixSort(&narrow, bytes: 5)
            #expect(narrow == narrow.sorted(), "n = \(n), five bytes")
        }
    }

    @Test func greatCircleDistanceIsRight() {
        // Amsterdam–Rotterdam: about 57 km.
        let d = greatCircleKilometres(lat1: 52.3676, lon1: 4.9041, lat2: 51.9244, lon2: 4.4777)
        #expect(abs(d - 57.4) < 1)
        #expect(greatCircleKilometres(lat1: 52, lon1: 5, lat2: 52, lon2: 5) == 0)
    }

    @Test func scoresFormatWithOneDecimal() {
        #expect(formatScore(85.714) == "85.7")
        #expect(formatScore(100) == "100.0")
        #expect(formatScore(0) == "0.0")
        #expect(formatScore(85.714, language: .nl) == "85,7")
    }
}

@Suite struct CatalogueCheckTests {
    @Test func theMinimalCatalogueIsClean() throws {
        #expect(CatalogueCheck.problems(try loadFixture("minimal.json")).isEmpty)
    }

    @Test func unreachableRoutesAreFound() throws {
        // The broken fixtures keep the old, unsourced shape: only their errors count here.
        let problems = CatalogueCheck.problems(try loadFixture("broken-unreachable.json")).filter { !$0.isWarning }
        #expect(problems.map(\.path) == ["$.routes[1].requirements"])
        #expect(problems[0].message.contains("\"zij\" can never be eligible"))
    }

    @Test func aWitnessRespectsShowIf() throws {
        let catalogue = try loadFixture("minimal.json").catalogue
        let witness = try #require(CatalogueCheck.witness(for: catalogue.route("zij")!, in: catalogue))
        #expect(catalogue.route("zij")!.requirements.allSatisfy { $0.when.evaluate(catalogue.effectiveAnswers(witness)) == .pass })
        // Experience only counts when the sector question lets it be asked.
        var c = catalogue
        c.routes[1].requirements[0].when = try condition(
            #"{"all":[{"question":"sector","op":"equals","value":"non-technical"},{"question":"experienceYears","op":"gte","value":3}]}"#)
        #expect(CatalogueCheck.witness(for: c.routes[1], in: c) == nil)
    }

    @Test func failingExamplesAreNamed() throws {
        let problems = CatalogueCheck.problems(try loadFixture("broken-example.json")).filter { !$0.isWarning }
        #expect(problems.count == 1)
        #expect(problems[0].message.contains("example \"installer\": route \"kop\" is notEligible, expected near"))
    }

    @Test func coverageCountsPassesAndFails() throws {
        let rows = CatalogueCheck.coverage(try loadFixture("minimal.json").catalogue)
        let bachelor = try #require(rows.first { $0.label == "kop: requirement bachelor" })
        #expect((bachelor.passes, bachelor.fails, bachelor.unknowns) == (1, 1, 0))
        #expect(bachelor.isCovered)
        let job = try #require(rows.first { $0.label == "zij: requirement job" })
        #expect((job.passes, job.fails) == (0, 2))
        #expect(!job.isCovered)
    }
}

/// Every text in the bundled catalogue has an English half: not empty, and for sentences not a
/// copy of the Dutch.
@Suite struct CatalogueTranslationTests {
    @Test func everyTextOfTheBundledCatalogueIsTranslated() throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("routes.json"))
        var pairs: [(path: String, nl: String, en: String)] = []
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                if Set(object.keys) == ["nl", "en"], let nl = object["nl"] as? String, let en = object["en"] as? String {
                    pairs.append((path, nl, en))
                    return
                }
                for (key, child) in object { walk(child, path + "." + key) }
            } else if let list = value as? [Any] {
                for (i, child) in list.enumerated() { walk(child, path + "[\(i)]") }
            }
        }
        walk(try JSONSerialization.jsonObject(with: data), "$")
        #expect(pairs.count > 300)
        for p in pairs {
            let blank = p.en.allSatisfy { $0.isWhitespace }
            #expect(!blank, "\(p.path): no English")
            #expect(!(p.nl == p.en && p.nl.split(separator: " ").count > 3), "\(p.path): English is a copy of the Dutch")
        }
    }

    @Test func validateRejectsATextWithoutEnglish() throws {
        var catalogue = try loadFixture("minimal.json").catalogue
        catalogue.routes[0].summary.en = " "
        #expect(catalogue.structuralProblems(file: "x").map(\.path) == ["$.routes[0].summary.en"])
    }
}

/// The engine finds the visitor's province by the question's meaning, as every other reader does,
/// not by the id the bundled catalogue happens to give it.
@Suite struct ProvinceByMeaningTests {
    @Test func aProvinceQuestionUnderAnotherIdStillGivesTheRegion() throws {
        var catalogue = try CatalogueLoader.load(path: packageRoot.appendingPathComponent("routes.json").path).catalogue
        let i = try #require(catalogue.questions.firstIndex { $0.meaning == .province })
        catalogue.questions[i].id = "woonprovincie"
        let engine = Engine(catalogue: catalogue)
        let result = engine.match(["woonprovincie": .option("overijssel"), "education": .option("hbo-bachelor")])
        #expect(result.region?.id == "overijssel")
        #expect(engine.match(["province": .option("overijssel")]).region == nil, "the old id means nothing now")
    }
}

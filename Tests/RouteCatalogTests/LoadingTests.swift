import Foundation
import Testing
@testable import RouteCatalog

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/catalogues")

func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

func loadError(_ json: String) -> [CatalogueProblem] {
    do {
        _ = try CatalogueLoader.decode(Data(json.utf8), file: "test.json")
        return []
    } catch let error as CatalogueLoadError {
        return error.problems
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

@Suite struct LoadingTests {
    @Test func minimalCatalogueLoadsWithItsHash() throws {
        let loaded = try CatalogueLoader.load(path: fixture("minimal.json"))
        #expect(loaded.catalogue.routes.map(\.id) == ["kop", "zij"])
        #expect(loaded.catalogue.question("experienceYears")?.kind == .number)
        let bytes = try Data(contentsOf: fixtures.appendingPathComponent("minimal.json"))
        #expect(loaded.sha256 == CatalogueLoader.sha256Hex(bytes))
        #expect(loaded.sha256.count == 64)
    }

    @Test func sha256MatchesAKnownVector() {
        #expect(CatalogueLoader.sha256Hex(Data("abc".utf8))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// The digest is computed on first use, from the bytes as they were read, and then kept.
    @Test func digestComputedLaterIsTheDigestOfTheBytesRead() async {
        var bytes = Data("abc".utf8)
        let digest = CatalogueDigest(of: bytes)
        bytes.append(contentsOf: [0x64])   // changing the caller's copy changes nothing
        let answers = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { digest.hex } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(answers) == ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"])
        #expect(CatalogueDigest(hex: "x").hex == "x")
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        let problems = loadError("{\n  \"a\": 1\n  \"b\": 2\n}")
        #expect(problems.count == 1)
        #expect(problems.first?.line == 3)
        #expect(problems.first?.column == 3)
        #expect(problems.first?.message.contains("expected ',' or '}'") == true)
    }

    @Test(arguments: [
        ("{\"a\": [1, 2,]}", 1, 13, "trailing comma"),
        ("{\"a\": \"open", 1, 7, "string not closed"),
        ("{\"a\": tru}", 1, 7, "expected a value"),
        ("{\"a\": 01}", 1, 7, "may not start with 0"),
        ("{\"a\": 1} x", 1, 10, "after the end"),
        ("{\"é\": \"ë\" \"b\"}", 1, 11, "expected ',' or '}'"),
    ])
    func syntaxErrorKinds(json: String, line: Int, column: Int, text: String) {
        let failure = JSONSyntax.firstError(in: Data(json.utf8))
        #expect(failure?.line == line)
        #expect(failure?.column == column)
        #expect(failure?.message.contains(text) == true, "\(String(describing: failure))")
    }

    @Test func validJSONHasNoSyntaxError() {
        #expect(JSONSyntax.firstError(in: Data("{\"a\": [1, -2.5e3, true, null, \"\\u00e9\"]}".utf8)) == nil)
    }

    @Test func typeErrorsNameTheJSONPath() throws {
        var json = try String(contentsOfFile: fixture("minimal.json"), encoding: .utf8)
        json = json.replacingOccurrences(of: "\"durationMonths\": {\"min\": 24, \"max\": 24}",
                                         with: "\"durationMonths\": {\"min\": \"24\", \"max\": 24}")
        json = json.replacingOccurrences(of: "\"schemaVersion\": 2", with: "\"schemaVersion\": \"2\"")
        let problems = loadError(json)
        // Both problems are reported, not only the first.
        #expect(problems.map(\.path) == ["$.schemaVersion", "$.routes[1].durationMonths.min"])
        #expect(problems.allSatisfy { $0.message.hasPrefix("expected an integer") })
    }

    @Test func unknownOperatorIsNamed() throws {
        var json = try String(contentsOfFile: fixture("minimal.json"), encoding: .utf8)
        json = json.replacingOccurrences(of: "\"op\": \"gte\"", with: "\"op\": \"atLeast\"")
        let problems = loadError(json)
        #expect(problems.count == 1)
        #expect(problems[0].path == "$.routes[1].requirements[0].when.all[1].op")
        #expect(problems[0].message.contains("unknown operator \"atLeast\""))
    }

    @Test func missingFileSaysSo() {
        #expect(throws: CatalogueLoadError.self) { try CatalogueLoader.load(path: "/nonexistent/routes.json") }
        do {
            _ = try CatalogueLoader.load(path: "/nonexistent/routes.json")
        } catch {
            #expect("\(error)".contains("no such file") || "\(error)".contains("No such file"))
        }
    }
}

@Suite struct StructuralValidationTests {
    func problems(_ name: String) throws -> [CatalogueProblem] {
        let loaded = try CatalogueLoader.load(path: fixture(name))
        return loaded.catalogue.structuralProblems(file: name)
    }

    @Test func minimalCatalogueHasNoProblems() throws {
        #expect(try problems("minimal.json").isEmpty)
    }

    @Test(arguments: [
        ("broken-duplicate-id.json", "$.routes[1]", "duplicate route id \"kop\""),
        ("broken-unknown-question.json", "$.routes[0].requirements[0].when.question", "unknown question \"diploma\""),
        ("broken-unknown-option.json", "$.questions[2].showIf", "has no option \"niet-technisch\""),
        ("broken-operator-kind.json", "$.routes[0].preferences[0].when.op", "does not fit the single question"),
        ("broken-unknown-provider.json", "$.routes[0].offeredAt[0].provider", "unknown provider \"fontys\""),
        ("broken-unknown-location.json", "$.routes[1].offeredAt[0].locations", "no location \"hs-rotterdam\""),
        ("broken-showif-forward.json", "$.questions[0].showIf", "only depend on questions asked earlier"),
    ])
    func eachKindOfStructuralProblem(file: String, path: String, message: String) throws {
        let found = try problems(file)
        #expect(found.contains { $0.path == path && $0.message.contains(message) }, "\(found)")
    }

    @Test func duplicateProblemsAreReportedOnce() throws {
        let found = try problems("broken-duplicate-id.json")
        #expect(Set(found).count == found.count, "\(found)")
    }
}

@Suite struct AnswerValidationTests {
    let catalogue = try! CatalogueLoader.load(path: fixture("minimal.json")).catalogue

    @Test func validAnswersPass() {
        let answers: Answers = ["education": .option("mbo-4"), "experienceYears": .number(3),
                                "profiles": .options(["bwi", "pie"]), "schoolJob": .boolean(true)]
        #expect(catalogue.answerProblems(answers).isEmpty)
    }

    @Test func unknownIdListsTheKnownOnes() {
        let problems = catalogue.answerProblems(["diploma": .option("x")])
        #expect(problems.count == 1)
        #expect(problems[0].questionId == "diploma")
        #expect(problems[0].message.contains("known ids: education, sector, experienceYears"))
    }

    @Test func unknownOptionListsTheAllowedOnes() {
        let problems = catalogue.answerProblems(["education": .option("hbo"), "profiles": .options(["bwi", "xyz"])])
        #expect(problems.map(\.questionId) == ["education", "profiles"])
        #expect(problems[0].message == "unknown option \"hbo\"; allowed: mbo-4, hbo-bachelor")
        #expect(problems[1].message.contains("\"xyz\""))
    }

    @Test func wrongKindsAndRangesAreExplained() {
        let problems = catalogue.answerProblems([
            "experienceYears": .number(51), "schoolJob": .option("yes"), "education": .number(4),
        ])
        let byId = Dictionary(uniqueKeysWithValues: problems.map { ($0.questionId, $0.message) })
        #expect(byId["experienceYears"] == "51 is above the maximum 50")
        #expect(byId["schoolJob"] == "expected true or false")
        #expect(byId["education"]?.hasPrefix("expected one option id") == true)
    }

    @Test func answersReaderRejectsNonObjectsAndReportsPaths() {
        #expect(throws: AnswersReader.Failure.self) {
            try AnswersReader.read(Data("[1]".utf8), source: "a.json", catalogue: catalogue)
        }
        do {
            _ = try AnswersReader.read(Data("{\"experienceYears\": 2.5}".utf8), source: "a.json", catalogue: catalogue)
            Issue.record("expected a failure")
        } catch let failure as AnswersReader.Failure {
            #expect(failure.description.hasPrefix("a.json: $.experienceYears:"), "\(failure)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func answerValuesRoundTrip() throws {
        let answers: Answers = ["a": .option("x"), "b": .number(3), "c": .boolean(false), "d": .options(["p", "q"])]
        let data = try JSONEncoder().encode(answers)
        #expect(try JSONDecoder().decode(Answers.self, from: data) == answers)
    }
}

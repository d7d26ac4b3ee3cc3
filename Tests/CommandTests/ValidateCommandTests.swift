import Foundation
import Testing

@Suite struct ValidateCommandTests {
    /// The bundled catalogue passes the source rules: every fact sourced from a dated deep page,
    /// nothing too old unless stated with its year, money on every route; no warning at all.
    /// Judged as on the day the catalogue was last checked (its `checkedOn`), so a checkout builds
    /// the same later; editors run `validate --strict` as of today, which flags facts that have
    /// grown old since.
    @Test func theBundledCatalogueIsValid() throws {
        let catalogue = try JSONSerialization.jsonObject(with: Data(contentsOf: packageRoot.appendingPathComponent("routes.json"))) as? [String: Any]
        let checkedOn = try #require(catalogue?["checkedOn"] as? String)
        let result = try run(["validate", "--strict", "--as-of", checkedOn, "routes.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout.contains("routes.json: OK"))
    }

    @Test func withoutAnArgumentTheBundledCatalogueIsChecked() throws {
        let result = try run(["validate"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// One broken catalogue per kind of problem, with the message it must produce.
    @Test(arguments: [
        ("broken-syntax.json", ":4:3: JSON syntax error: expected ',' or '}' after a field"),
        ("broken-type.json", ": $.routes[1].durationMonths.min: expected an integer"),
        ("broken-missing-field.json", ": $.routes[0]: missing required field \"steps\""),
        ("broken-duplicate-id.json", ": $.routes[1]: duplicate route id \"kop\""),
        ("broken-unknown-question.json", ": $.routes[0].requirements[0].when.question: unknown question \"diploma\""),
        ("broken-unknown-option.json", ": $.questions[2].showIf: question \"sector\" has no option \"niet-technisch\""),
        ("broken-operator-kind.json", ": $.routes[0].preferences[0].when.op: operator \"gte\" does not fit the single question \"schoolType\""),
        ("broken-showif-forward.json", ": $.questions[0].showIf: showIf may only depend on questions asked earlier"),
        ("broken-unreachable.json", ": $.routes[1].requirements: route \"zij\" can never be eligible"),
        ("broken-unknown-provider.json", ": $.routes[0].offeredAt[0].provider: unknown provider \"fontys\""),
        ("broken-unknown-location.json", ": $.routes[1].offeredAt[0].locations: provider \"hs\" has no location \"hs-rotterdam\""),
        ("broken-example.json", ": $.examples[1]: example \"installer\": route \"kop\" is notEligible, expected near"),
    ])
    func eachBrokenCatalogueFailsWithItsMessage(file: String, message: String) throws {
        let path = fixturePath(file)
        let result = try run(["validate", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(path + message), "\(result.stderr)")
        #expect(result.stderr.contains("problem"))
    }

    @Test func anUnreadableFileExitsWithTwo() throws {
        let result = try run(["validate", "/nonexistent/routes.json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/routes.json: cannot read the catalogue file"))
    }

    /// Warnings are reported but pass; `--strict` fails on them; the bundled catalogue passes
    /// `--strict` (judged as on the day it was last checked).
    @Test func strictFailsOnWarnings() throws {
        let text = try String(contentsOfFile: fixturePath("minimal.json"), encoding: .utf8)
            .replacingOccurrences(of: "https://example.org/vog", with: "https://example.org/")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("warned-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let lenient = try run(["validate", file.path])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stderr.contains("$.sharedSteps[0].sources[0].url: warning: \"https://example.org/\" is a site's home page"))
        #expect(lenient.stdout.contains("OK: catalogue test.1") && lenient.stdout.contains("1 warning"))
        let strict = try run(["validate", "--strict", file.path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("1 warning (--strict) found"))
        let badDate = try run(["validate", "--as-of", "30-11-2026", file.path])
        #expect(badDate.status == 2)
        #expect(badDate.stderr.contains("--as-of: expected a date as YYYY-MM-DD"))
    }

    @Test func coverageListsEveryCondition() throws {
        let result = try run(["validate", "--coverage", fixturePath("minimal.json")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Coverage by 2 examples: 4 of 5 conditions both pass and fail"), "\(result.stdout)")
        #expect(result.stdout.contains("ok            pass 1  fail 1  unknown 0  kop: requirement bachelor"), "\(result.stdout)")
        #expect(result.stdout.contains("never passes  pass 0  fail 2  unknown 0  zij: requirement job"), "\(result.stdout)")
    }
}

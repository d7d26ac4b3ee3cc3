import Foundation
import Matching
import RouteCatalog
import Testing
import TestSupport

/// A bounded fuzz run in every test run: inputs a few mutations away from the corpus in
/// Tests/Fixtures/fuzz, a fixed seed (so a failure comes back the same), a fixed number of inputs
/// (`ROUTEWIJZER_FUZZ_INPUTS`, default 1,500 per target, well under a minute). A trap ends the
/// test process; any other broken promise is reported with the input. Longer runs:
/// `scripts/fuzz` (rw-fuzz).
@Suite struct FuzzTests {
    static let inputs = ProcessInfo.processInfo.environment["ROUTEWIJZER_FUZZ_INPUTS"].flatMap(Int.init) ?? 1_500
    static let corpus = packageRoot.appendingPathComponent("Tests/Fixtures/fuzz").path

    @Test func theCatalogueLoaderNeverTrapsAndAlwaysNamesItsProblems() {
        var mutator = JSONMutator(corpus: JSONMutator.corpus(directory: Self.corpus + "/catalogue"), seed: 20261130)
        #expect(mutator.corpus.count >= 4)
        var accepted = 0
        for run in 0..<Self.inputs {
            let input = mutator.next()
            if let failure = FuzzHarness.catalogue(input) {
                Issue.record("input \(run): \(failure)\n\(String(decoding: input.prefix(2_000), as: UTF8.self))")
                return
            }
            if (try? CatalogueLoader.decode(Data(input), file: "x")) != nil { accepted += 1 }
        }
        #expect(accepted > 0, "some inputs decode, so the checks behind decoding are reached")
    }

    @Test func theAnswersReaderNeverTrapsAndAlwaysNamesItsProblems() throws {
        let checked = try CheckedCatalogue.load(path: packageRoot.appendingPathComponent("Tests/Fixtures/catalogues/minimal.json").path)
        var mutator = JSONMutator(corpus: JSONMutator.corpus(directory: Self.corpus + "/answers"), seed: 20261130)
        #expect(mutator.corpus.count >= 4)
        for run in 0..<Self.inputs * 4 {
            let input = mutator.next()
            if let failure = FuzzHarness.answers(input, checked) {
                Issue.record("input \(run): \(failure)\n\(String(decoding: input.prefix(2_000), as: UTF8.self))")
                return
            }
        }
    }

    /// The fast decoder is only ever the quicker way to the same catalogue: whatever it decodes,
    /// JSONDecoder decodes to an equal value (the other way round, JSONDecoder's result and
    /// messages are used). On the catalogues we ship and test with it must not fall back.
    @Test func theFastDecoderAgreesWithJSONDecoder() throws {
        let files = ["routes.json", "Tests/Fixtures/catalogues/minimal.json", "Tests/QuestionnaireTests/Fixtures/catalogue.json"]
        for file in files {
            let data = try Data(contentsOf: packageRoot.appendingPathComponent(file))
            #expect(try FastJSONDecoder().decode(Catalogue.self, from: data) == JSONDecoder().decode(Catalogue.self, from: data), "\(file)")
        }
        // Two thousand routes: decoded on every core.
        let big = try JSONEncoder().encode(generate(from: try loadBundled().catalogue, routes: 2_000, conditions: 10, seed: 3))
        #expect(try FastJSONDecoder().decode(Catalogue.self, from: big) == JSONDecoder().decode(Catalogue.self, from: big))
        var mutator = JSONMutator(corpus: JSONMutator.corpus(directory: Self.corpus + "/catalogue"), seed: 7)
        var agreed = 0
        for run in 0..<Self.inputs {
            let input = mutator.next()
            guard JSONSyntax.firstError(in: Data(input)) == nil,
                  let fast = try? FastJSONDecoder().decode(Catalogue.self, from: Data(input)) else { continue }
            let slow = try? JSONDecoder().decode(Catalogue.self, from: Data(input))
            #expect(slow == fast, "input \(run)")
            agreed += 1
        }
        #expect(agreed > 0)
    }
}

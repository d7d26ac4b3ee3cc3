import ArgumentParser
import Matching
import RouteCatalog
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `routewijzer match`: answers in, ranked and explained routes out.
struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the routes for a set of answers (JSON object keyed by question id).",
        discussion: """
            Reads the answers from FILE or standard input, e.g.
              echo '{"education":"mbo-4","sector":"installatie","experienceYears":8,"schoolType":"vmbo"}' | routewijzer match
            Exit status: 0 on success, 2 when the answers or the catalogue are not valid.
            The JSON output is documented in docs/routes.md ("match output").
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("Answers file; '-' or none reads standard input.", valueName: "file"))
    var answersFile: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "Language of the texts: nl or en.")
    var lang: Language = .nl

    @OptionGroup var catalogueOptions: CatalogueOptions

    func run() throws {
        let loaded = try catalogueOptions.load()
        let input = try readInput(answersFile)
        let answers: Answers
        do {
            answers = try AnswersReader.read(input.data, source: input.name, catalogue: loaded.catalogue)
        } catch let failure as AnswersReader.Failure {
            printError(failure.description)
            throw ExitCode(2)
        }
        let result = Engine(loaded).match(answers)
        switch format {
        case .json:
            print(try MatchReport.json(result, language: lang))
        case .text:
            print(MatchReport.text(result, catalogue: loaded.catalogue, language: lang), terminator: "")
        }
    }
}

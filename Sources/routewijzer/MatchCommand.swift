import ArgumentParser
import CommandOptions
import Matching
import RouteCatalog
import TerminalUI
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
            Exit status: 0 on success, 2 when the answers or the catalogue are not valid. The answers \
            document may be at most 1 MiB; every problem in it is listed, and a field given twice \
            is refused.
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
        let checked = try catalogueOptions.load()
        let input = try readInput(answersFile)
        let answers: Answers
        do {
            answers = try AnswersReader.read(input.data, source: input.name, catalogue: checked.loaded.catalogue)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let result = checked.engine.match(answers)
        switch format {
        case .json:
            let json = TerminalText.escapingControlsInJSON(Array(try MatchReport.json(result, language: lang).utf8))
            TerminalFront.writeAll(1, String(decoding: json, as: UTF8.self) + "\n")
        case .text:
            printOutput(MatchReport.text(result, catalogue: checked.loaded.catalogue, language: lang))
        }
    }
}

import ArgumentParser
import Matching
import RouteCatalog

/// `routewijzer validate`: every problem of a catalogue, one line each.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a route catalogue: syntax, types, references, reachability, examples.",
        discussion: "Exit status: 0 when the catalogue is valid, 1 when problems were found, 2 when it cannot be read.")

    @Argument(help: ArgumentHelp("The catalogue to check (default: the one the program uses).", valueName: "file"))
    var file: String?

    @Flag(help: "Also report, for every condition, how many examples make it pass and fail.")
    var coverage = false

    func run() throws {
        let path = file ?? CatalogueOptions.defaultPath()
        let loaded: LoadedCatalogue
        do {
            loaded = try CatalogueLoader.load(path: path)
        } catch let error as CatalogueLoadError {
            printError(error.description)
            printError("\(path): \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found")
            throw ExitCode(error.problems.count == 1 && error.problems[0].path == nil && error.problems[0].line == nil ? 2 : 1)
        }
        let problems = CatalogueCheck.problems(loaded)
        if coverage {
            let rows = CatalogueCheck.coverage(loaded.catalogue)
            let covered = rows.filter(\.isCovered).count
            print("Coverage by \(loaded.catalogue.examples.count) examples: \(covered) of \(rows.count) conditions both pass and fail")
            for row in rows {
                let mark = row.isCovered ? "ok" : (row.passes == 0 ? "never passes" : "never fails")
                print("  \(mark.padding(12))  pass \(row.passes)  fail \(row.fails)  unknown \(row.unknowns)  \(row.label)")
            }
        }
        for problem in problems { printError(problem.description) }
        let c = loaded.catalogue
        if problems.isEmpty {
            print("\(path): OK: catalogue \(c.catalogueVersion), \(c.questions.count) questions, \(c.routes.count) routes, \(c.providers.count) providers, \(c.examples.count) examples pass (sha256 \(loaded.sha256))")
        } else {
            printError("\(path): \(problems.count) problem\(problems.count == 1 ? "" : "s") found")
            throw ExitCode(1)
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

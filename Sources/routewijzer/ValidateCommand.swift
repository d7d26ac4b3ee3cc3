import ArgumentParser
import CommandOptions
import Matching
import RouteCatalog

/// `routewijzer validate`: every problem of a catalogue, one line each.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a route catalogue: syntax, types, references, reachability, examples.",
        discussion: """
            Exit status: 0 when the catalogue is valid (warnings may be listed), 1 when problems were \
            found (or warnings, with --strict), 2 when it cannot be read. Every command that reads a \
            catalogue runs these same checks and refuses a catalogue with problems (not for warnings); \
            the limits are in docs/routes.md.
            """)

    @Argument(help: ArgumentHelp("The catalogue to check (default: the one the program uses).", valueName: "file"))
    var file: String?

    @Flag(help: "Also report, for every condition, how many examples make it pass and fail.")
    var coverage = false

    @Flag(help: "Fail on warnings too (exit 1), not only on errors.")
    var strict = false

    @Option(help: ArgumentHelp("Flag a fact whose newest source page is older than this many months.", valueName: "months"))
    var maxAgeMonths = 24

    @Option(help: ArgumentHelp("Judge the sources' age as on this day (YYYY-MM-DD; default today).", valueName: "date"))
    var asOf: String?

    func run() throws {
        let path = file ?? CatalogueOptions.defaultPath()
        let loaded: LoadedCatalogue
        do {
            loaded = try CatalogueLoader.load(path: path)
        } catch {
            printError(error.description)
            printError("\(path): \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found")
            throw ExitCode(error.problems.count == 1 && error.problems[0].path == nil && error.problems[0].line == nil ? 2 : 1)
        }
        var policy = SourcePolicy(maxAgeMonths: maxAgeMonths)
        if let asOf {
            guard asOf.count == 10, let day = CalendarDay(parsing: asOf) else {
                printError("--as-of: expected a date as YYYY-MM-DD, found \"\(asOf)\"")
                throw ExitCode(2)
            }
            policy.today = day
        }
        guard maxAgeMonths > 0 else {
            printError("--max-age-months: expected a positive number of months, found \(maxAgeMonths)")
            throw ExitCode(2)
        }
        let findings = CatalogueCheck.findings(loaded, policy: policy, tables: false)
        if coverage {
            let rows = CatalogueCheck.coverage(loaded.catalogue)
            let covered = rows.filter(\.isCovered).count
            var out = "Coverage by \(loaded.catalogue.examples.count) examples: \(covered) of \(rows.count) conditions both pass and fail\n"
            for row in rows {
                let mark = row.isCovered ? "ok" : (row.passes == 0 ? "never passes" : "never fails")
                out += "  \(mark.padding(12))  pass \(row.passes)  fail \(row.fails)  unknown \(row.unknowns)  \(row.label)\n"
            }
            printOutput(out)
        }
        for problem in findings.all { printError(problem.description) }
        let c = loaded.catalogue
        let errors = findings.problems.count
        let warnings = findings.warnings.count
        if errors == 0 && (warnings == 0 || !strict) {
            let warned = warnings == 0 ? "" : ", \(warnings) warning\(warnings == 1 ? "" : "s")"
            printOutput("\(path): OK: catalogue \(c.catalogueVersion), \(c.questions.count) questions, \(c.routes.count) routes, \(c.providers.count) providers, \(c.examples.count) examples pass\(warned) (sha256 \(loaded.sha256))\n")
        } else {
            var counts: [String] = []
            if errors > 0 { counts.append("\(errors) problem\(errors == 1 ? "" : "s")") }
            if warnings > 0 { counts.append("\(warnings) warning\(warnings == 1 ? "" : "s")" + (strict ? " (--strict)" : "")) }
            printError("\(path): \(counts.joined(separator: " and ")) found")
            throw ExitCode(1)
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

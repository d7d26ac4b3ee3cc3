import ArgumentParser
import CommandOptions
import Matching
import Questionnaire
import RouteCatalog
import SessionLog
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// `routewijzer start` (also `routewijzer` with no arguments): the questionnaire.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: bothLanguages(.startAbstract),
        discussion: """
        Full-screen on any terminal; --plain (or TERM=dumb, or no terminal) asks the same questions \
        as numbered line prompts, for screen readers and scripts. NO_COLOR or --no-color gives \
        monochrome. Keys: arrows or j/k move, Space toggles, Enter/Tab go on, Esc/Shift+Tab go \
        back, digits pick, ? help, q quit.
        """)

    @Flag(help: "Numbered line prompts instead of the full screen (screen readers, scripts).")
    var plain = false

    @Flag(name: .customLong("no-color"), help: "No colours: reverse, bold and markers only.")
    var noColor = false

    @Flag(help: "Take mouse clicks on options (by default the terminal keeps the mouse for selecting and copying text).")
    var mouse = false

    @ArgumentParser.Option(help: "Language to start in: nl or en.")
    var lang: String = "nl"

    @ArgumentParser.Option(help: "The route catalogue (default: routes.json in the current directory or next to the program).")
    var catalogue: String?

    @ArgumentParser.Option(name: .customLong("data-dir"), help: "Where sessions and contacts are kept (default: $ROUTEWIJZER_DATA_DIR or ~/.local/share/routewijzer).")
    var dataDir: String?

    func validate() throws {
        guard Language(rawValue: lang) != nil else { throw ValidationError(Language.en[.argumentLangNlOrEn]) }
    }

    func run() throws {
        let environment = DataDirectory.processEnvironment()
        guard let path = catalogue ?? CatalogueOptions.find(environment: environment) else {
            throw ValidationError(Language.en[.argumentCatalogueNotFound])
        }
        let directory: String
        do {
            directory = try DataDirectory.resolve(explicit: dataDir, environment: environment)
        } catch {
            printError("routewijzer: \(error)")
            throw ExitCode(1)
        }
        var options = TerminalFront.Options(dataDirectory: directory)
        options.plain = plain
        options.mouse = mouse
        options.color = !noColor && (environment["NO_COLOR"] ?? "").isEmpty
        options.language = Language(rawValue: lang) ?? .nl
        options.channel = environment["SSH_CONNECTION"] != nil || environment["SSH_TTY"] != nil ? .ssh : .cli
        let status = TerminalFront.run(load: { try CheckedCatalogue.load(path: path).engine }, options: options, environment: environment)
        if status != 0 { throw ExitCode(status) }
    }
}

import ArgumentParser
import CoordinatorReport
import RouteCatalog

/// The `routewijzer` command. It only wires the modules together; each subcommand lives in its
/// own file. With no subcommand it opens the questionnaire.
struct Routewijzer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routewijzer",
        abstract: Language.nl[.programAbstract],
        subcommands: Routewijzer.allSubcommands,
        defaultSubcommand: Start.self
    )
}

extension Routewijzer {
    /// Every subcommand, in the order `--help` lists them.
    static let allSubcommands: [any ParsableCommand.Type] = [
        // questionnaire and engine
        Start.self, Match.self, Validate.self,
        // coordinators (session log)
        ExportCommand.self, ReportCommand.self, ContactsCommand.self, PurgeCommand.self, ForgetCommand.self,
        // advisors (open days)
        KioskCommand.self,
        // the central store (run by routewijzer-central)
        SyncHandOff.self, DBHandOff.self,
    ]
}

CentralHandOff.handOverIfCentral(CommandLine.arguments)
Routewijzer.main()

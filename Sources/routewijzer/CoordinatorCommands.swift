import ArgumentParser
import CommandOptions
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import RouteCatalog
import SessionLog

// Commands for coordinators: export, report, contacts export, purge, forget.
// All of them read the session log of a data directory; export and report also take log files or
// directories (one per kiosk) as arguments.

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export sessions as CSV for Excel, JSON or JSON Lines.",
        discussion: """
        CSV is made for Dutch Excel: Dutch column heads and the catalogue's labels (--lang en for \
        English, --ids for ids), UTF-8 with BOM, ';' between fields, CRLF, decimal commas, \
        times in Dutch local time (yyyy-mm-dd hh:mm), and text that starts with = + - @ gets a \
        leading ' so Excel never runs it as a formula. Use --delimiter , --no-bom for other tools \
        (decimals then use a point). JSON and JSON Lines keep the ids and use UTC ISO-8601 times. \
        Session ids are replaced by new random ids in every export unless --keep-ids is given. \
        Contact details are never exported here.
        """)

    @OptionGroup var location: DataDirOptions
    @OptionGroup var filterOptions: RecordFilterOptions
    @OptionGroup var words: WordsOptions
    /// Only for the labels of answers and the names of routes in CSV.
    @OptionGroup var catalogue: CatalogueOptions

    @Option(help: "csv, json or jsonl.")
    var format: ExportFormat = .csv

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file (mode 0600) instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("CSV field separator: ';' (Excel, default) or ','.", valueName: "CHAR"))
    var delimiter: String = ";"

    @Flag(name: .customLong("no-bom"), help: "CSV without the UTF-8 byte order mark.")
    var noBOM = false

    @Flag(name: .customLong("keep-ids"), help: "Keep the real session ids (exports can then be joined).")
    var keepIDs = false

    @Argument(help: ArgumentHelp("Log files or directories (searched for sessions*.jsonl). Default: the data directory.", valueName: "PATH"))
    var inputs: [String] = []

    func validate() throws {
        guard delimiter == ";" || delimiter == "," || delimiter == "\t" else {
            throw ValidationError(Language.en[.argumentDelimiter])
        }
    }

    func run() throws {
        let filter = try filterOptions.filter()
        try CoordinatorIO.plainErrors("export", outcome: CoordinatorIO.exportOutcome(output)) {
            let reader = try SessionLogReader(inputs: CoordinatorIO.inputs(inputs, location))
            let csv = CSVFormat(delimiter: delimiter.utf8.first!, bom: !noBOM)
            let vocabulary = format == .csv && !words.ids ? try words.vocabulary(catalogue).0 : nil
            let exporter = SessionExporter(format: format, csv: csv, filter: filter, keepIDs: keepIDs,
                                           vocabulary: vocabulary)
            let summary = try exporter.export(from: reader, to: try CoordinatorIO.sink(output))
            CoordinatorIO.reportDamage(summary)
        }
    }
}

struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Contact details left with explicit consent.",
        subcommands: [ContactsExportCommand.self])
}

struct ContactsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export consented contacts that are within their retention date; every export is recorded in contacts-audit.jsonl.",
        discussion: """
        Each contact comes with what the visitor agreed the advisor may see, from their session: \
        language, province, best routes and how well they fit, the date and the event. CSV has Dutch \
        column heads and the catalogue's labels (--lang en for English, --ids for ids); JSON Lines keeps ids.
        """)


    @OptionGroup var location: DataDirOptions
    @OptionGroup var words: WordsOptions
    /// For the names of routes and provinces in CSV.
    @OptionGroup var catalogue: CatalogueOptions

    @Option(help: "csv or jsonl.")
    var format: ContactExport.Format = .csv

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file (mode 0600) instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        let (words, loaded) = try self.words.vocabulary(catalogue)
        let vocabulary = format == .csv && !self.words.ids ? words : nil
        let province = loaded?.question(meaning: .province)?.id ?? "province"
        try CoordinatorIO.plainErrors("contacts export", outcome: CoordinatorIO.exportOutcome(output)) {
            let directory = try location.directory
            let store = ContactStore(directory: directory)
            let sink = try CoordinatorIO.sink(output)
            let now = UTCTime.now()
            let log = directory.sessionsPath
            let sessions = access(log, F_OK) == 0 ? SessionLogReader(files: [log]) : nil
            let result = try ContactExport(format: format, vocabulary: vocabulary, provinceQuestion: province)
                .export(store: store, sessions: sessions, to: sink, now: now)
            for d in result.damaged { CoordinatorIO.stderr(bothLanguages(.readDamagedLine) + ": \(d)\n") }
            CoordinatorIO.stderr(Language.nl[.contactsExported, result.count, DataDirectory.contactsAuditFile] + "\n")
        }
    }
}

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete sessions that ended more than DAYS days ago, and contacts past their retention date.",
        discussion: """
        --dry-run only counts what would go and what stays. Deleting more than \(PurgeCommand.handful) sessions and \
        contacts asks for confirmation on a terminal; scripts (cron) pass --yes.
        """)

    /// Up to this many deletions need no confirmation.
    static let handful = 5

    @OptionGroup var location: DataDirOptions

    @Option(name: .customLong("older-than"), help: ArgumentHelp("Age in days.", valueName: "DAYS"))
    var olderThan: Int

    @Flag(name: .customLong("dry-run"), help: "Count what would be deleted and kept; delete nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Delete without asking (for scripts).")
    var yes = false

    func validate() throws {
        guard olderThan >= 0 else { throw ValidationError(Language.en[.argumentOlderThan]) }
    }

    static func day(_ t: UTCTime?) -> String { t.map { AmsterdamTime.local($0).date.ymd } ?? "–" }

    func run() throws {
        let (maintenance, plan) = try CoordinatorIO.plainErrors("purge", outcome: bothLanguages(.purgeNothingDeleted)) {
            let maintenance = LogMaintenance(directory: try location.directory)
            return (maintenance, try maintenance.purgePlan(olderThanDays: olderThan))
        }
        let place = maintenance.directory.path
        let cutoff = AmsterdamTime.format(plan.cutoff)
        let goes = plan.sessions.dropped + plan.contacts.dropped
        if dryRun {
            print(nl[.purgeDryRun])
            let newest = plan.newestDropped.map { " (" + nl[.purgeLastBegan, Self.day($0)] + ")" } ?? ""
            print(nl[.purgeWouldDelete, plan.sessions.dropped, cutoff, newest, plan.contacts.dropped])
            print(kept(sessions: plan.sessions.kept, contacts: plan.contacts.kept, oldest: plan.oldestKept, in: place))
            let unreadable = plan.sessions.quarantined + plan.contacts.quarantined
            if unreadable > 0 { print(nl[.purgeWouldQuarantine, unreadable]) }
            return
        }
        if goes > Self.handful && !yes {
            guard isatty(0) == 1 && isatty(1) == 1 else {
                printError(nl[.purgeNeedsYes, plan.sessions.dropped, plan.contacts.dropped])
                throw ExitCode(1)
            }
            print(nl[.purgeWillDelete, plan.sessions.dropped, cutoff, plan.contacts.dropped])
            print(kept(sessions: plan.sessions.kept, contacts: plan.contacts.kept, oldest: plan.oldestKept, in: place))
            print(nl[.purgeConfirm] + " ", terminator: "")
            let answer = (readLine() ?? "").split(separator: " ").joined().lowercased()
            guard answer == "ja" || answer == "j" || answer == "yes" || answer == "y" else {
                print(nl[.purgeAborted])
                throw ExitCode(1)
            }
        }
        try CoordinatorIO.plainErrors("purge", outcome: CoordinatorIO.rewriteOutcome) {
            let s = try maintenance.purge(olderThanDays: olderThan)
            let quarantined = s.sessions.quarantined + s.contacts.quarantined
            print(nl[.purgeDeleted, s.sessions.dropped, cutoff, s.contacts.dropped,
                     quarantined > 0 ? "; " + nl[.purgeQuarantined, quarantined] : ""])
            print(kept(sessions: s.sessions.kept, contacts: s.contacts.kept, oldest: plan.oldestKept, in: place))
            for t in s.temporaryFilesRemoved { print(nl[.temporaryFileRemoved, t]) }
        }
    }

    func kept(sessions: Int, contacts: Int, oldest: UTCTime?, in place: String) -> String {
        nl[.purgeKept, sessions, sessions > 0 ? " (" + nl[.purgeOldestBegan, Self.day(oldest)] + ")" : "", contacts, place]
    }
}

struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Erase everything stored about one session or one e-mail address.",
        discussion: """
        Erases the session's outcome record, its contact details, every quarantined line that \
        mentions the session or the contact's e-mail address, and temporary files left by an \
        interrupted rewrite. With --email: every contact with that address and its session. \
        Exit status 0 when done; 3 when contacts.quarantine holds torn lines that name no \
        session and may still hold the person's details (they are listed; check them by hand); \
        1 on an error.
        """)

    @OptionGroup var location: DataDirOptions

    @Argument(help: ArgumentHelp(
        "The session id (UUID), or the session code a visitor was shown (its first 8 characters).",
        valueName: "SESSION_ID"))
    var sessionID: String?

    @Option(help: ArgumentHelp("Forget every contact with this e-mail address (any case), and their sessions.", valueName: "ADDRESS"))
    var email: String?

    func validate() throws {
        guard (sessionID == nil) != (email == nil) else {
            throw ValidationError(nl[.forgetNeedsOne])
        }
    }

    func run() throws {
        let ids: Set<UUID> = try sessionID.map { [try resolve($0)] } ?? []
        let what = sessionID.map { _ in nl[.forgetWhatSession, ids.first!.uuidString.lowercased()] } ?? nl[.forgetWhatEmail, email!]
        let unattributed = try CoordinatorIO.plainErrors("forget", outcome: CoordinatorIO.rewriteOutcomeDutch, dutchOnly: true) {
            let directory = try location.directory
            let s = try LogMaintenance(directory: directory).forget(sessionIDs: ids, emails: email.map { [$0] } ?? [])
            let total = s.sessions.dropped + s.contacts.dropped + s.quarantine.dropped
            if total == 0 {
                printOutput(nl[.forgetNothingFound, what, directory.path] + "\n")
            } else {
                let quarantine = s.quarantine.dropped > 0 ? ", " + nl[.forgetQuarantineErased, s.quarantine.dropped] : ""
                printOutput(nl[.forgetErased, s.sessions.dropped, s.contacts.dropped, quarantine] + "\n")
            }
            for t in s.temporaryFilesRemoved { printOutput(nl[.temporaryFileRemoved, t] + "\n") }
            return s.unattributed
        }
        guard unattributed.isEmpty else {
            let lines = unattributed.map { "\($0.file):\($0.line)" }
            printError(nl[.forgetUnattributed, unattributed.count, TerminalText.list(lines, limit: 10)])
            throw ExitCode(3)
        }
    }

    /// A full UUID as it is; a code of 8 or more hex characters is looked up among the stored
    /// sessions and must match exactly one.
    private func resolve(_ text: String) throws -> UUID {
        if let id = UUID(uuidString: text) { return id }
        let code = text.uppercased()
        guard code.count >= 8, code.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw ValidationError(nl[.forgetNotAnID, text])
        }
        var matches = Set<UUID>()
        let directory = try CoordinatorIO.plainErrors("forget", outcome: Language.nl[.forgetNothingErased], dutchOnly: true) { try location.directory.path }
        let log = directory + "/" + DataDirectory.sessionsFile
        try CoordinatorIO.plainErrors("forget", outcome: Language.nl[.forgetNothingErased], dutchOnly: true) {
            guard access(log, F_OK) == 0 else { return }
            _ = try SessionLogReader(inputs: [log]).read { record in
                if record.id.uuidString.uppercased().hasPrefix(code) { matches.insert(record.id) }
            }
        }
        switch matches.count {
        case 1: return matches.first!
        case 0:
            printError(nl[.forgetNoSuchCode, code, directory])
        default:
            printError(nl[.forgetCodeAmbiguous, code, matches.count])
        }
        throw ExitCode(1)
    }
}

/// The coordinators' commands speak Dutch (`--lang` sets only the words of what they write).
private let nl = Language.nl

// The stores' own formats are the options' values: one type per concept.
extension ExportFormat: ExpressibleByArgument {}
extension ContactExport.Format: ExpressibleByArgument {}

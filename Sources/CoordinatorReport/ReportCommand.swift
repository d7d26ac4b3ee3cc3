import ArgumentParser
import CommandOptions
import Reporting
import RouteCatalog
import SessionLog

/// `routewijzer report`: the demand report, from log files here and from the central store in
/// `routewijzer-central` (`report --db`). Both take the same options and draw the counts with the
/// same model and renderings; only where the counts come from differs.
public struct ReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report demand: the funnel, routes, subjects, school type, role, province, sector, per week and event.",
        discussion: """
        Demand is counted over completed sessions (those that saw their results); abandoned and timed-out \
        sessions count only in the funnel. Counts from 1 to 4 are hidden, and so is whatever a total \
        would give them away by. --html FILE writes one self-contained page with charts, for a browser \
        or to print as PDF.
        """)

    public enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @OptionGroup var location: DataDirOptions
    @OptionGroup var filterOptions: RecordFilterOptions
    @OptionGroup var words: WordsOptions
    /// For the names of routes and the labels of answers, and to find the questions to group by.
    @OptionGroup var catalogue: CatalogueOptions

    @Option(help: "text (with bar charts), json or csv.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Write the report as one HTML page (charts, tables, print styles) to this file (mode 0600).", valueName: "FILE"))
    var html: String?

    @Argument(help: ArgumentHelp("Log files or directories. Default: the data directory.", valueName: "PATH"))
    public var inputs: [String] = []

    public init() {}

    /// What the counting needs and the report is worded with.
    public struct Setup {
        /// Which sessions count.
        public let filter: RecordFilter
        public let vocabulary: Vocabulary
        /// The catalogue that says which questions to group by, if any.
        public let catalogue: Catalogue?
    }

    public static let failureOutcome = bothLanguages(.reportNotMade)

    public func setup() throws -> Setup {
        let filter = try filterOptions.filter()
        let (vocabulary, loaded) = try words.vocabulary(catalogue)
        return Setup(filter: filter, vocabulary: vocabulary, catalogue: loaded)
    }

    public func run() throws {
        let setup = try setup()
        try CoordinatorIO.plainErrors("report", outcome: Self.failureOutcome) {
            let reader = try SessionLogReader(inputs: CoordinatorIO.inputs(inputs, location))
            var tally = DemandTally(catalogue: setup.catalogue)
            tally.contactIDs = ContactStore.sessionIDs(besideLogs: reader.files)
            let summary = try reader.read(filter: setup.filter) { tally.add($0) }
            try write(tally, setup, damagedLines: summary.damaged.count) { CoordinatorIO.reportDamage(summary) }
        }
    }

    /// Writes the report of `tally` as the options ask (to standard output, or the HTML page to its
    /// file); `read` then says on standard error what was read.
    public func write(_ tally: DemandTally, _ setup: Setup, damagedLines: Int, read: () -> Void) throws {
        try CoordinatorIO.plainErrors("report", outcome: Self.failureOutcome) {
            let vocabulary = setup.vocabulary
            let model = ReportModel(tally: tally, vocabulary: vocabulary, filter: filterOptions.describe(vocabulary),
                                    damagedLines: damagedLines)
            if let html {
                let sink = try ByteSink(creating: html)
                sink.write(HTMLReport(model: model, generatedOn: HTMLReport.today()).render())
                try sink.finish()
                read()
                CoordinatorIO.stderr(vocabulary[.reportWritten, html] + "\n")
                return
            }
            let sink = ByteSink(fd: 1)
            switch format {
            case .text: sink.write(TerminalText.strip(model.text()))
            case .json: sink.write(bytes: TerminalText.escapingControlsInJSON(Array(try model.json().utf8)))
            case .csv: try model.csv(into: sink, format: .excel, ids: words.ids)
            }
            try sink.finish()
            read()
        }
    }
}

import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog
import SessionLog
import SystemIO

// What the coordinators' commands (export, report, contacts export, purge, forget) share, in both
// executables: the selection of sessions, the words of exports and reports, and how they say
// what they read and what went wrong.

/// `--since`, `--until`, `--event`.
public struct RecordFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only sessions started on or after this day (yyyy-mm-dd, Dutch time) or instant (ISO-8601).", valueName: "DATE"))
    public var since: String?

    @Option(help: ArgumentHelp("Only sessions started on or before this day (yyyy-mm-dd, inclusive) or before this instant.", valueName: "DATE"))
    public var until: String?

    @Option(help: ArgumentHelp("Only sessions whose event label contains this text (case-insensitive).", valueName: "TEXT"))
    public var event: String?

    public init() {}

    public func filter() throws -> RecordFilter {
        func parse(_ text: String, endOfDay: Bool) throws -> UTCTime {
            if let day = CivilDate(ymd: text) {
                let start = AmsterdamTime.startOfDay(day)
                return endOfDay ? AmsterdamTime.startOfDay(CivilDate(daysSinceEpoch: day.daysSinceEpoch + 1)) : start
            }
            if let t = UTCTime(iso8601: text) { return t }
            throw ValidationError(Language.en[.argumentNotADateOrTime, text])
        }
        return RecordFilter(since: try since.map { try parse($0, endOfDay: false) },
                            until: try until.map { try parse($0, endOfDay: true) },
                            event: event)
    }

    /// The selection in words, for the report's heading; nil when everything is included.
    public func describe(_ v: Vocabulary) -> String? {
        var parts: [String] = []
        if let since { parts.append(v[.selectionSince, since]) }
        if let until { parts.append(v[.selectionUntil, until]) }
        if let event { parts.append(v[.selectionEvent, event]) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

/// `--lang` and `--ids`: the words of CSV exports and reports.
public struct WordsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Language of column heads, labels and report texts: nl (default) or en.", valueName: "nl|en"))
    public var lang: Language = .nl

    @Flag(help: "CSV with ids (education: mbo-4, fit: eligible) instead of the catalogue's labels; for scripts.")
    public var ids = false

    public init() {}

    /// Labels from the catalogue named with --catalogue (an error when it cannot be read), else the
    /// one found by default, else none (ids are then shown as they are).
    public func vocabulary(_ catalogue: CatalogueOptions) throws -> (Vocabulary, Catalogue?) {
        let loaded = try catalogue.loadForNames()?.catalogue
        return (Vocabulary(catalogue: loaded, language: lang), loaded)
    }
}

public enum CoordinatorIO {
    /// Text on standard error, without control characters (`TerminalText`).
    public static func stderr(_ s: String) { SystemFileSystem().writeAll(2, TerminalText.strip(s)) }

    /// Lists damaged and unfinished lines on stderr; the command still finishes.
    public static func reportDamage(_ summary: ReadSummary) {
        for d in summary.damaged { stderr(bothLanguages(.readDamagedLine) + ": \(d)\n") }
        for d in summary.unfinished { stderr(bothLanguages(.readUnfinishedLine) + ": \(d)\n") }
        var parts = [Language.nl[.readSummary, summary.records, summary.files.count]]
        if summary.duplicates > 0 { parts.append(Language.nl[.readDuplicatesSkipped, summary.duplicates]) }
        if !summary.damaged.isEmpty { parts.append(Language.nl[.readDamagedSkipped, summary.damaged.count]) }
        stderr(parts.joined(separator: ", ") + ".\n")
    }

    /// Runs `body`, turning an error into a plain message for a coordinator and exit status 1:
    /// `command` failed, on which file and why (not the visitor's "your answers could not be
    /// saved"), and then `outcome`, what that means for the files.
    /// With `dutchOnly`, a store error is said in Dutch alone, for a command whose every other
    /// message is Dutch (`forget`); otherwise in both languages.
    public static func plainErrors<T>(_ command: String, outcome: String, dutchOnly: Bool = false, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as ExitCode {
            throw e
        } catch let e as SessionLogError {
            stderr("routewijzer \(command): \(dutchOnly ? e.coordinatorDescription(language: "nl") : e.coordinatorDescription)\n\(outcome)\n")
            throw ExitCode(1)
        } catch {
            stderr("routewijzer \(command): \(error)\n\(outcome)\n")
            throw ExitCode(1)
        }
    }

    /// What a failed export means for its output.
    public static func exportOutcome(_ output: String?) -> String {
        if let output, output != "-" {
            return bothLanguages(.exportNothingExported, output)
        }
        return bothLanguages(.exportOutputIncomplete)
    }

    public static let rewriteOutcomeDutch = Language.nl[.rewriteWholeOrNot]
    public static let rewriteOutcome = bothLanguages(.rewriteWholeOrNot)

    public static func inputs(_ given: [String], _ options: DataDirOptions) throws(SessionLogError) -> [String] {
        given.isEmpty ? [try options.directory.path] : given
    }

    public static func sink(_ output: String?) throws -> ByteSink {
        if let output, output != "-" { return try ByteSink(creating: output) }
        return ByteSink(fd: 1)
    }
}

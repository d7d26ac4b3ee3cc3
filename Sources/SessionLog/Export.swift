#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog

/// Export formats for coordinators.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, json, jsonl
}

/// Turns session logs into CSV (for Excel), JSON or JSON Lines, streaming.
///
/// CSV speaks the coordinator's words by default: column heads and values from a `Vocabulary`
/// (option labels and route names from the catalogue, "Ja"/"Nee", "Past"/"Bijna"); without one
/// (`--ids`) heads and values are the ids scripts rely on. JSON and JSON Lines always keep the ids.
/// Numbers stay numbers in both.
///
/// Session ids are replaced by fresh random ids in every export (each record appears once after
/// de-duplication, so a fresh id per row is a consistent mapping), so two exports cannot be joined
/// with each other or with the contacts store; `keepIDs` turns this off.
public struct SessionExporter {
    /// How many ranked routes get their own columns in CSV.
    public static let topRoutes = 3

    /// The fixed CSV columns, before the answer columns, as ids.
    public static let fixedColumns = [
        "session", "started", "ended", "channel", "event", "language",
        "catalogueVersion", "catalogueSHA256", "outcome", "contactLeft",
    ]

    public var format: ExportFormat
    public var csv: CSVFormat
    public var filter: RecordFilter
    public var keepIDs: Bool
    /// Words for CSV heads and cells; nil writes ids.
    public var vocabulary: Vocabulary?

    public init(format: ExportFormat, csv: CSVFormat = .excel, filter: RecordFilter = RecordFilter(), keepIDs: Bool = false,
                vocabulary: Vocabulary? = nil) {
        self.format = format; self.csv = csv; self.filter = filter; self.keepIDs = keepIDs; self.vocabulary = vocabulary
    }

    public static func csvHeader(questionIDs: [String], vocabulary: Vocabulary? = nil) -> [String] {
        guard let v = vocabulary else {
            var h = fixedColumns + questionIDs
            for i in 1...topRoutes { h += ["route\(i)", "fit\(i)", "score\(i)"] }
            return h
        }
        var h = [v[.exportSession], v[.exportStarted], v[.exportEnded], v[.exportChannel],
                 v[.exportEvent], v[.exportLanguage], v[.exportCatalogueVersion],
                 v[.exportCatalogueSHA256], v[.exportOutcome], v[.exportContactLeft]]
        h += questionIDs.map { v.questionHead($0) }
        for i in 1...topRoutes { h += [v[.exportRoute, i], v[.exportFit, i], v[.exportScore, i]] }
        return h
    }

    @discardableResult
    public func export(from reader: SessionLogReader, to sink: ByteSink) throws -> ReadSummary {
        let plan = try reader.plan(filter: filter)
        let summary: ReadSummary
        switch format {
        case .csv:
            var w = CSVWriter(sink: sink, format: csv)
            let questions = vocabulary?.ordered(questionIDs: plan.questionIDs) ?? plan.questionIDs
            w.row(Self.csvHeader(questionIDs: questions, vocabulary: vocabulary))
            let v = vocabulary
            summary = try reader.forEachRecord(plan: plan, filter: filter) { r in
                let id = keepIDs ? r.id : UUID()
                w.text(id.uuidString.lowercased())
                w.text(AmsterdamTime.format(r.startedAt))
                w.text(AmsterdamTime.format(r.endedAt))
                w.text(v?.channel(r.channel) ?? r.channel.rawValue)
                w.text(r.event ?? "")
                w.text(v?.languageName(r.language) ?? r.language)
                w.text(r.catalogueVersion)
                w.text(r.catalogueSHA256)
                w.text(v?.outcome(r.outcome) ?? r.outcome.rawValue)
                let contact = r.contactLeft ?? false
                w.text(v?.yesNo(contact) ?? (contact ? "true" : "false"))
                for q in questions {
                    switch (r.answers[q], v) {
                    case (nil, _): w.empty()
                    case (.number(let n)?, _): w.integer(n)
                    case (let a?, let v?):
                        switch v.answer(q, a) {
                        case .text(let s): w.text(s)
                        case .number(let n): w.integer(n)
                        }
                    case (let a?, nil): w.text(a.description)
                    }
                }
                for i in 0..<Self.topRoutes {
                    if i < r.routes.count {
                        w.text(v?.route(r.routes[i].id) ?? r.routes[i].id)
                        w.text(v?.fit(r.routes[i].fit) ?? r.routes[i].fit.rawValue)
                        w.number(r.routes[i].score)
                    } else {
                        w.empty(); w.empty(); w.empty()
                    }
                }
                w.endRow()
            }
        case .json, .jsonl:
            let encoder = RecordCoding.encoder
            var first = true
            if format == .json { sink.write("[") }
            summary = try reader.forEachRecord(plan: plan, filter: filter) { r in
                var r = r
                if !keepIDs { r.id = UUID() }
                if format == .json { sink.write(first ? "\n" : ",\n") }
                first = false
                // C1 and bidirectional controls as \u escapes: the same JSON, safe on a terminal.
                sink.write(bytes: TerminalText.escapingControlsInJSON(Array(try encoder.encode(r))))
                if format == .jsonl { sink.write(byte: 0x0A) }
            }
            if format == .json { sink.write(first ? "]\n" : "\n]\n") }
        }
        try sink.finish()
        return summary
    }
}

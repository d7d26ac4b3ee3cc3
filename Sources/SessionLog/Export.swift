#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Export formats for coordinators.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, json, jsonl
}

/// Turns session logs into CSV (for Excel), JSON or JSON Lines, streaming.
///
/// Session ids are replaced by fresh random ids in every export (each record appears once after
/// de-duplication, so a fresh id per row is a consistent mapping), so two exports cannot be joined
/// with each other or with the contacts store; `keepIDs` turns this off.
public struct SessionExporter {
    /// How many ranked routes get their own columns in CSV.
    public static let topRoutes = 3

    /// The fixed CSV columns, before the answer columns.
    public static let fixedColumns = [
        "session", "started", "ended", "channel", "event", "language",
        "catalogueVersion", "catalogueSHA256", "outcome",
    ]

    public var format: ExportFormat
    public var csv: CSVFormat
    public var filter: RecordFilter
    public var keepIDs: Bool

    public init(format: ExportFormat, csv: CSVFormat = .excel, filter: RecordFilter = RecordFilter(), keepIDs: Bool = false) {
        self.format = format; self.csv = csv; self.filter = filter; self.keepIDs = keepIDs
    }

    public static func csvHeader(questionIDs: [String]) -> [String] {
        var h = fixedColumns + questionIDs
        for i in 1...topRoutes { h += ["route\(i)", "fit\(i)", "score\(i)"] }
        return h
    }

    @discardableResult
    public func export(from reader: SessionLogReader, to sink: ByteSink) throws -> ReadSummary {
        let plan = try reader.plan(filter: filter)
        let summary: ReadSummary
        switch format {
        case .csv:
            var w = CSVWriter(sink: sink, format: csv)
            w.row(Self.csvHeader(questionIDs: plan.questionIDs))
            let questions = plan.questionIDs
            summary = try reader.forEachRecord(plan: plan, filter: filter) { r in
                let id = keepIDs ? r.id : UUID()
                w.text(id.uuidString.lowercased())
                w.text(AmsterdamTime.format(r.startedAt))
                w.text(AmsterdamTime.format(r.endedAt))
                w.text(r.channel.rawValue)
                w.text(r.event ?? "")
                w.text(r.language)
                w.text(r.catalogueVersion)
                w.text(r.catalogueSHA256)
                w.text(r.outcome.rawValue)
                for q in questions {
                    switch r.answers[q] {
                    case nil: w.empty()
                    case .number(let n)?: w.integer(n)
                    case let v?: w.text(v.description)
                    }
                }
                for i in 0..<Self.topRoutes {
                    if i < r.routes.count {
                        w.text(r.routes[i].id)
                        w.text(r.routes[i].fit.rawValue)
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
                sink.write(bytes: Array(try encoder.encode(r)))
                if format == .jsonl { sink.write(byte: 0x0A) }
            }
            if format == .json { sink.write(first ? "]\n" : "\n]\n") }
        }
        try sink.finish()
        return summary
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SessionLog

/// The report as CSV (one row per published count, for Excel) and as JSON (for scripts).
extension ReportModel {
    /// One row per count: section, row, column, count, hidden. A hidden count has an empty count
    /// cell and a flag in the last column, so the count column holds only numbers and Excel can
    /// sum it. With `ids` the sections, rows and columns are ids (`province`, `utrecht`, `total`)
    /// instead of the coordinator's words.
    public func csv(into sink: ByteSink, format: CSVFormat, ids: Bool) throws(SessionLogError) {
        let v = vocabulary
        var w = CSVWriter(sink: sink, format: format)
        w.row(ids ? ["section", "row", "column", "count", "hidden"]
                  : [v[.reportColumnSection], v[.reportColumnRow], v[.reportColumnColumn], v[.reportColumnCount], v[.reportColumnHidden]])
        let yes = ids ? "true" : v[.reportCellYes]
        let total = ids ? "total" : v[.reportTotal]
        func emit(_ section: String, _ row: String, _ column: String, _ f: Figure) {
            w.text(section); w.text(row); w.text(column)
            if let n = f.shown { w.integer(n); w.text(ids ? "false" : "") } else { w.empty(); w.text(yes) }
            w.endRow()
        }
        func rowID(_ id: String) -> String { id.isEmpty ? "none" : id }

        let sessions = ids ? "sessions" : v[.reportSessions]
        let dropped = ids ? "drop" : v[.reportLostSinceStep]
        for step in funnel {
            emit(ids ? "funnel" : v[.reportFunnel], ids ? step.key : step.label, sessions, step.figure)
            if let d = step.drop { emit(ids ? "funnel" : v[.reportFunnel], ids ? step.key : step.label, dropped, d) }
        }
        let outcome = ids ? "outcome" : v[.reportOutcome]
        emit(outcome, ids ? "completed" : v.outcome(.completed), "", completed)
        emit(outcome, ids ? "abandoned" : v.outcome(.abandoned), "", abandoned)
        emit(outcome, ids ? "timedOut" : v.outcome(.timedOut), "", timedOut)
        emit(outcome, total, "", started)
        w.text(outcome); w.text(ids ? "completionRatePercent" : v[.reportCompletedPercent]); w.text("")
        if let r = completionRate { w.number(r * 100) } else { w.empty() }
        w.text(completionRate == nil ? yes : (ids ? "false" : ""))
        w.endRow()

        let routeSection = ids ? "route" : v[.reportRoutes]
        for r in routes {
            emit(routeSection, ids ? r.id : r.name, ids ? "eligible" : v.fit(.eligible), r.eligible)
            emit(routeSection, ids ? r.id : r.name, ids ? "near" : v.fit(.near), r.near)
        }
        for t in subjects + dimensions + [weeks, events] {
            let section = ids ? t.key : t.title
            if t.withheld != nil { continue }
            for r in t.rows { emit(section, ids ? rowID(r.id) : r.label, "", r.figure) }
            emit(section, t.additive ? total : (ids ? "answered" : v[.reportAnswered]), "", t.total)
        }
        for x in crossTables where x.withheld == nil {
            let section = ids ? "cross:" + x.key : x.title
            for (i, r) in x.rows.enumerated() {
                for (j, c) in x.columns.enumerated() { emit(section, ids ? rowID(r.id) : r.label, ids ? rowID(c.id) : c.label, x.cells[i][j]) }
                emit(section, ids ? rowID(r.id) : r.label, total, r.figure)
            }
            for c in x.columns { emit(section, total, ids ? rowID(c.id) : c.label, c.figure) }
            emit(section, total, total, x.total)
        }
        w.text(ids ? "damagedLines" : v[.reportDamagedLines]); w.text(""); w.text(""); w.integer(damagedLines)
        w.text(ids ? "false" : ""); w.endRow()
        try sink.finish()
    }

    /// `{"count": 12, "hidden": false}`, or `{"count": null, "hidden": true}`.
    struct JSONCount: Encodable {
        var count: Int?
        var hidden: Bool
        init(_ f: Figure) { count = f.shown; hidden = f.hidden }
        enum CodingKeys: String, CodingKey { case count, hidden }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(count, forKey: .count)
            try c.encode(hidden, forKey: .hidden)
        }
    }

    struct JSONForm: Encodable {
        struct Step: Encodable { var id: String; var label: String; var sessions: JSONCount; var drop: JSONCount? }
        struct Route: Encodable { var id: String; var name: String; var eligible: JSONCount; var near: JSONCount }
        struct Row: Encodable { var id: String; var label: String; var sessions: JSONCount }
        struct Table: Encodable {
            var id: String; var title: String; var rows: [Row]; var total: JSONCount; var additive: Bool; var withheld: String?
        }
        struct Cross: Encodable {
            var id: String; var title: String; var rows: [Row]; var columns: [Row]; var cells: [[JSONCount]]
            var total: JSONCount; var withheld: String?
        }
        var language: String
        var selection: String?
        var firstDay: String?
        var lastDay: String?
        var funnel: [Step]
        var abandoned: JSONCount
        var timedOut: JSONCount
        var completionRate: Double?
        var routes: [Route]
        var tables: [Table]
        var crossTables: [Cross]
        var damagedLines: Int
        var hiddenBelow: Int
    }

    /// JSON with ids and labels; a hidden count is `{"count": null, "hidden": true}`.
    public func json() throws -> String {
        func row(_ r: TableRow) -> JSONForm.Row { .init(id: r.id, label: r.label, sessions: JSONCount(r.figure)) }
        let form = JSONForm(
            language: vocabulary.language.rawValue, selection: filter, firstDay: firstDay?.ymd, lastDay: lastDay?.ymd,
            funnel: funnel.map { .init(id: $0.key, label: $0.label, sessions: JSONCount($0.figure), drop: $0.drop.map(JSONCount.init)) },
            abandoned: JSONCount(abandoned), timedOut: JSONCount(timedOut),
            completionRate: completionRate.map { ($0 * 1000).rounded() / 1000 },
            routes: routes.map { .init(id: $0.id, name: $0.name, eligible: JSONCount($0.eligible), near: JSONCount($0.near)) },
            tables: (subjects + dimensions + [weeks, events]).map {
                .init(id: $0.key, title: $0.title, rows: $0.withheld == nil ? $0.rows.map(row) : [], total: JSONCount($0.total),
                      additive: $0.additive, withheld: $0.withheld)
            },
            crossTables: crossTables.map { x in
                let shown = x.withheld == nil
                return .init(id: x.key, title: x.title, rows: x.rows.map(row), columns: x.columns.map(row),
                             cells: shown ? x.cells.map { $0.map(JSONCount.init) } : [], total: JSONCount(x.total), withheld: x.withheld)
            },
            damagedLines: damagedLines, hiddenBelow: Protection.threshold)
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try e.encode(form), as: UTF8.self) + "\n"
    }
}

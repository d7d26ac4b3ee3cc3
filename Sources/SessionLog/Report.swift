#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog

/// Demand report for coordinators: sessions, completion, the routes people fit, demand by
/// sector × province, by education level and per ISO week. Counts from 1 to 4 are shown as "<5"
/// so that no small group (one school, one evening) can be singled out.
public struct DemandReport: Sendable {
    public static let suppressBelow = 5
    /// Label for a question that was not answered.
    public static let noAnswer = "(geen antwoord)"

    public var sessions = 0
    public var outcomes: [SessionOutcome: Int] = [:]
    public var eligible: [String: Int] = [:]
    public var near: [String: Int] = [:]
    public var sectorProvince: [Pair: Int] = [:]
    public var education: [String: Int] = [:]
    public var weeks: [String: Int] = [:]
    public var damagedLines = 0
    /// Readable names for the text report; ids stay in JSON and CSV, which tools read.
    public var names = Names()

    /// Names for the ids in the log, from a catalogue: routes by their name, answers (sector,
    /// province, education) by their option label. An id the catalogue does not know (a record
    /// from an older catalogue) is shown as it is.
    public struct Names: Sendable {
        public var routes: [String: String] = [:]
        /// Question id → option id → label.
        public var answers: [String: [String: String]] = [:]

        public init() {}

        public init(catalogue: Catalogue, language: Language = .nl) {
            for route in catalogue.routes { routes[route.id] = route.name[language] }
            for question in catalogue.questions where !question.choices.isEmpty {
                answers[question.id] = Dictionary(question.choices.map { ($0.id, $0.label[language]) }, uniquingKeysWith: { a, _ in a })
            }
        }

        public func route(_ id: String) -> String { routes[id] ?? id }
        public func answer(_ question: String, _ id: String) -> String { answers[question]?[id] ?? id }
    }

    public struct Pair: Hashable, Sendable, Comparable {
        public var sector: String
        public var province: String
        public static func < (a: Pair, b: Pair) -> Bool { (a.sector, a.province) < (b.sector, b.province) }
    }

    public init() {}

    public mutating func add(_ r: OutcomeRecord) {
        sessions += 1
        outcomes[r.outcome, default: 0] += 1
        for route in r.routes {
            switch route.fit {
            case .eligible: eligible[route.id, default: 0] += 1
            case .near: near[route.id, default: 0] += 1
            case .notEligible: break
            }
        }
        let sector = r.answers["sector"]?.description ?? Self.noAnswer
        let province = r.answers["province"]?.description ?? Self.noAnswer
        sectorProvince[Pair(sector: sector, province: province), default: 0] += 1
        education[r.answers["education"]?.description ?? Self.noAnswer, default: 0] += 1
        weeks[AmsterdamTime.local(r.startedAt).date.isoWeekLabel, default: 0] += 1
    }

    public static func isSuppressed(_ n: Int) -> Bool { n > 0 && n < suppressBelow }

    /// "<5" for 1…4, else the number.
    public static func show(_ n: Int) -> String { isSuppressed(n) ? "<\(suppressBelow)" : String(n) }

    public var completed: Int { outcomes[.completed] ?? 0 }

    /// Completed / sessions, unless that would reveal a group under 5.
    public var completionRate: Double? {
        let c = completed, rest = sessions - completed
        guard sessions > 0, !Self.isSuppressed(c), !Self.isSuppressed(rest) else { return nil }
        return Double(c) / Double(sessions)
    }

    var routeIDs: [String] { Set(eligible.keys).union(near.keys).sorted() }

    // MARK: text

    /// A bar of `value / maximum` of `width` cells drawn with eighth blocks; suppressed counts get none.
    public static func bar(_ value: Int, maximum: Int, width: Int = 30) -> String {
        guard maximum > 0, value > 0, !isSuppressed(value) else { return "" }
        let eighths = max(1, Int((Double(value) / Double(maximum) * Double(width * 8)).rounded()))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    public func text() -> String {
        var out = ""
        func line(_ s: String) { out += s + "\n" }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func padLeft(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        func table(_ title: String, _ rows: [(String, Int)]) {
            line("")
            line(title)
            guard !rows.isEmpty else { line("  (geen)"); return }
            let w = min(46, rows.map { $0.0.count }.max() ?? 0)
            let maxV = rows.filter { !Self.isSuppressed($0.1) }.map { $0.1 }.max() ?? 0
            for (label, n) in rows {
                line("  \(pad(Self.cut(label, w), w))  \(padLeft(Self.show(n), 6))  \(Self.bar(n, maximum: maxV, width: 22))")
            }
        }
        line("Sessies: \(Self.show(sessions))")
        let rate = completionRate.map { CSVWriter.formatDecimal($0 * 100, separator: ",") + " %" } ?? "–"
        line("Afgerond: \(Self.show(completed))   (\(rate))")
        line("Afgebroken: \(Self.show(outcomes[.abandoned] ?? 0))   Verlopen (time-out): \(Self.show(outcomes[.timedOut] ?? 0))")
        if damagedLines > 0 { line("Beschadigde regels overgeslagen: \(damagedLines)") }
        // Largest first; counts under 5 all sort as equal (by label), so their order reveals nothing.
        func byCount(_ rows: [(String, Int)]) -> [(String, Int)] {
            rows.filter { $0.1 > 0 }.sorted { a, b in
                let ka = Self.isSuppressed(a.1) ? 0 : a.1, kb = Self.isSuppressed(b.1) ? 0 : b.1
                return ka != kb ? ka > kb : a.0 < b.0
            }
        }
        table("Routes: past (eligible)", byCount(routeIDs.map { (names.route($0), eligible[$0] ?? 0) }))
        table("Routes: bijna (near)", byCount(routeIDs.map { (names.route($0), near[$0] ?? 0) }))
        table("Vraag naar sector × provincie", byCount(sectorProvince.map {
            ("\(names.answer("sector", $0.key.sector)) × \(names.answer("province", $0.key.province))", $0.value)
        }))
        line("")
        line("Sector × provincie (tabel; leeg = 0)")
        for row in crossTable() { line("  " + row) }
        table("Opleidingsniveau", byCount(education.map { (names.answer("education", $0.key), $0.value) }))
        table("Sessies per week (ISO)", weeks.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return out
    }

    /// `s` cut to `width` characters, ending in "…" when it was longer.
    static func cut(_ s: String, _ width: Int) -> String {
        s.count > width ? String(s.prefix(width - 1)) + "…" : s
    }

    /// Short column heads for the provinces, so the whole country fits in 80 columns.
    static let provinceCodes: [String: String] = [
        "drenthe": "DR", "flevoland": "FL", "friesland": "FR", "gelderland": "GE", "groningen": "GR",
        "limburg": "LI", "noord-brabant": "NB", "noord-holland": "NH", "overijssel": "OV", "utrecht": "UT",
        "zeeland": "ZE", "zuid-holland": "ZH", "abroad": "BU", noAnswer: "--",
    ]

    /// Demand as a table: a row per sector (most sessions first), a column per province; counts
    /// under 5 as "<5", zero as blank. No row totals: a total next to a single "<5" would give
    /// the hidden count away.
    func crossTable() -> [String] {
        let provinces = Set(sectorProvince.keys.map(\.province)).sorted {
            (Self.provinceCodes[$0] ?? $0) < (Self.provinceCodes[$1] ?? $1)
        }
        var totals: [String: Int] = [:]
        for (pair, n) in sectorProvince { totals[pair.sector, default: 0] += n }
        let sectors = totals.keys.sorted { a, b in
            let ka = Self.isSuppressed(totals[a]!) ? 0 : totals[a]!, kb = Self.isSuppressed(totals[b]!) ? 0 : totals[b]!
            return ka != kb ? ka > kb : a < b
        }
        guard !sectors.isEmpty else { return ["(geen)"] }
        let labelWidth = min(20, sectors.map { names.answer("sector", $0).count }.max() ?? 0)
        func cell(_ s: String, _ width: Int = 4) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        func label(_ s: String) -> String {
            let cut = Self.cut(s, labelWidth)
            return cut + String(repeating: " ", count: labelWidth - cut.count)
        }
        var rows = [label("") + provinces.map { cell(Self.provinceCodes[$0] ?? String($0.prefix(3))) }.joined()]
        for sector in sectors {
            let cells = provinces.map { province -> String in
                let n = sectorProvince[Pair(sector: sector, province: province)] ?? 0
                return cell(n == 0 ? "" : Self.show(n))
            }
            rows.append(label(names.answer("sector", sector)) + cells.joined())
        }
        return rows
    }

    // MARK: JSON and CSV

    /// A count as JSON: a number, or the string "<5".
    enum Count: Encodable {
        case n(Int)
        init(_ v: Int) { self = .n(v) }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            if case .n(let v) = self {
                if DemandReport.isSuppressed(v) { try c.encode("<\(DemandReport.suppressBelow)") } else { try c.encode(v) }
            }
        }
    }

    struct JSONForm: Encodable {
        struct Route: Encodable { var id: String; var eligible: Count; var near: Count }
        struct SP: Encodable { var sector: String; var province: String; var sessions: Count }
        struct Edu: Encodable { var education: String; var sessions: Count }
        struct Week: Encodable { var week: String; var sessions: Count }
        var sessions: Count
        var completed: Count
        var abandoned: Count
        var timedOut: Count
        var completionRate: Double?
        var routes: [Route]
        var sectorProvince: [SP]
        var education: [Edu]
        var weeks: [Week]
        var damagedLines: Int
        var suppressedBelow: Int
    }

    public func json() throws -> String {
        let form = JSONForm(
            sessions: Count(sessions), completed: Count(completed),
            abandoned: Count(outcomes[.abandoned] ?? 0), timedOut: Count(outcomes[.timedOut] ?? 0),
            completionRate: completionRate.map { ($0 * 1000).rounded() / 1000 },
            routes: routeIDs.map { JSONForm.Route(id: $0, eligible: Count(eligible[$0] ?? 0), near: Count(near[$0] ?? 0)) },
            sectorProvince: sectorProvince.keys.sorted().map { JSONForm.SP(sector: $0.sector, province: $0.province, sessions: Count(sectorProvince[$0]!)) },
            education: education.keys.sorted().map { JSONForm.Edu(education: $0, sessions: Count(education[$0]!)) },
            weeks: weeks.keys.sorted().map { JSONForm.Week(week: $0, sessions: Count(weeks[$0]!)) },
            damagedLines: damagedLines, suppressedBelow: Self.suppressBelow)
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try e.encode(form), as: UTF8.self) + "\n"
    }

    /// Rows `section;key;subkey;count`.
    public func csv(into sink: ByteSink, format: CSVFormat) throws(SessionLogError) {
        var w = CSVWriter(sink: sink, format: format)
        w.row(["section", "key", "detail", "count"])
        func row(_ a: String, _ b: String, _ c: String, _ n: Int) {
            w.text(a); w.text(b); w.text(c)
            if Self.isSuppressed(n) { w.text(Self.show(n)) } else { w.integer(n) }
            w.endRow()
        }
        row("sessions", "all", "", sessions)
        for o in SessionOutcome.allCases { row("outcome", o.rawValue, "", outcomes[o] ?? 0) }
        w.text("completionRate"); w.text(""); w.text("")
        if let r = completionRate { w.number(r * 100) } else { w.empty() }
        w.endRow()
        for id in routeIDs {
            row("route", id, "eligible", eligible[id] ?? 0)
            row("route", id, "near", near[id] ?? 0)
        }
        for k in sectorProvince.keys.sorted() { row("sectorProvince", k.sector, k.province, sectorProvince[k]!) }
        for k in education.keys.sorted() { row("education", k, "", education[k]!) }
        for k in weeks.keys.sorted() { row("week", k, "", weeks[k]!) }
        w.text("damagedLines"); w.text(""); w.text(""); w.integer(damagedLines); w.endRow()
        try sink.finish()
    }
}

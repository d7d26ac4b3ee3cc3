#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SessionLog

/// The report as one self-contained HTML page: inline SVG charts with a readable table below each,
/// print styles for a clean A4 "print to PDF", no scripts, no fonts or images from anywhere (a
/// Content-Security-Policy forbids every load). Dutch by default.
public struct HTMLReport {
    public var model: ReportModel
    /// The day the report was made, shown in its heading.
    public var generatedOn: CivilDate?

    public init(model: ReportModel, generatedOn: CivilDate?) {
        self.model = model; self.generatedOn = generatedOn
    }

    /// Today in Dutch time, or the day of `SOURCE_DATE_EPOCH` when set (reproducible output).
    public static func today(environment: [String: String] = ProcessInfo.processInfo.environment) -> CivilDate {
        if let e = environment["SOURCE_DATE_EPOCH"], let s = Int64(e) { return AmsterdamTime.local(UTCTime(seconds: s)).date }
        return AmsterdamTime.local(.now()).date
    }

    typealias N = HTMLNode

    public func render() -> String {
        "<!DOCTYPE html>\n" + page().render() + "\n"
    }

    func page() -> N {
        let m = model, v = m.vocabulary
        let title = v[.reportTitle]
        let head: N = .el("head", [], [
            .void("meta", [("charset", "utf-8")]),
            .void("meta", [("http-equiv", "Content-Security-Policy"),
                           ("content", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'")]),
            .void("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            .el("title", [], [.text(title + (m.filter.map { " – " + $0 } ?? ""))]),
            .el("style", [], [.css(Self.styleSheet)]),
        ])
        var body: [N] = [header(title)]
        body.append(keyFigures())
        body.append(funnelSection())
        body.append(weeksSection())
        body.append(provinceSection())
        if !m.subjects.isEmpty { body.append(subjectSection(m.subjects)) }
        body.append(routeSection())
        for key in ["schoolType", "role", "sector", "education"] {
            if let t = m.dimension(key) { body.append(oneWaySection(t, chartID: "chart-" + key)) }
        }
        body.append(crossSection())
        body.append(oneWaySection(m.events, chartID: nil))
        body.append(footer())
        return .el("html", [("lang", v.language.rawValue)], [head, .el("body", [], [.el("main", [], body)])])
    }

    // MARK: sections

    func header(_ title: String) -> N {
        let m = model, v = m.vocabulary
        var lines: [N] = [.el("p", [("class", "period")], [.text(m.periodLine)])]
        if let f = m.filter { lines.append(.el("p", [], [.text(v[.reportSelection, f])])) }
        if let d = generatedOn { lines.append(.el("p", [("class", "muted")], [.text(v[.reportMadeOn, d.ymd])])) }
        if m.damagedLines > 0 {
            lines.append(.el("p", [("class", "warning")], [.text(v[.reportDamagedLinesSkipped, m.damagedLines])]))
        }
        return .el("header", [], [.el("h1", [], [.text(title)])] + lines + [
            .el("p", [("class", "muted")], [.text(v[.reportIntroduction])]),
        ])
    }

    func keyFigures() -> N {
        let m = model, v = m.vocabulary
        func tile(_ label: String, _ value: String) -> N {
            .el("div", [("class", "tile")], [.el("div", [("class", "value")], [.text(value)]), .el("div", [("class", "label")], [.text(label)])])
        }
        let rate = m.completionRate.map { CSVWriter.formatDecimal($0 * 100, separator: v.language == .nl ? "," : ".") + " %" } ?? "–"
        return .el("section", [("class", "tiles"), ("aria-label", v[.reportKeyFigures])], [
            tile(v[.reportTileStarted], Chart.show(m.started)),
            tile(v[.reportTileCompleted], Chart.show(m.completed)),
            tile(v[.reportTileRate], rate),
            tile(v[.reportTileContact], Chart.show(m.funnel[3].figure)),
        ])
    }

    func section(_ title: String, id: String, _ children: [N], note: String? = nil) -> N {
        var c: [N] = [.el("h2", [], [.text(title)])]
        if let note { c.append(.el("p", [("class", "muted")], [.text(note)])) }
        return .el("section", [("id", id)], c + children)
    }

    func figure(_ chart: N, table: N) -> N {
        .group([.el("figure", [], [chart]), table])
    }

    func cell(_ f: Figure, header: Bool = false) -> N {
        .el(header ? "th" : "td", [("class", f.hidden ? "num hidden" : "num")], [.text(Chart.show(f))])
    }

    func table(caption: String, heads: [String], rows: [[N]], foot: [N]? = nil, numeric: Set<Int> = []) -> N {
        var parts: [N] = [
            .el("caption", [], [.text(caption)]),
            .el("thead", [], [.el("tr", [], heads.enumerated().map { i, h in
                .el("th", [("scope", "col")] + (numeric.contains(i) ? [("class", "num")] : []), [.text(h)])
            })]),
            .el("tbody", [], rows.map { .el("tr", [], $0) }),
        ]
        if let foot { parts.append(.el("tfoot", [], [.el("tr", [], foot)])) }
        return .el("table", [], parts)
    }

    func funnelSection() -> N {
        let m = model, v = m.vocabulary
        let lost = v[.reportLost]
        let chart = Chart.funnel(id: "chart-funnel", label: v[.reportFunnelChart],
                                 steps: m.funnel, lostWord: lost)
        let rows: [[N]] = m.funnel.map { s in
            [.el("th", [("scope", "row")], [.text(s.label)]), cell(s.figure), s.drop.map { cell($0) } ?? .el("td", [], [])]
        }
        let outcome = v[.reportNotCompletedKiosk, Chart.show(m.abandoned), Chart.show(m.timedOut)]
        return section(v[.reportFunnel], id: "funnel", [
            figure(chart, table: table(caption: v[.reportFunnelCaption],
                                       heads: [v[.reportStep], v[.reportSessions], v[.reportLostSinceStep]],
                                       rows: rows, numeric: [1, 2])),
            .el("p", [], [.text(outcome)]),
        ])
    }

    func weeksSection() -> N {
        let m = model, v = m.vocabulary
        let chart = Chart.columns(id: "chart-weeks", label: m.weeks.title, rows: m.weeks.rows)
        return section(m.weeks.title, id: "weeks", [
            figure(chart, table: oneWayTable(m.weeks, caption: m.weeks.title, head: v[.reportWeek], compact: true)),
        ], note: v[.reportWeeksNote])
    }

    func provinceSection() -> N {
        let m = model, v = m.vocabulary
        guard let t = m.dimension("province") else { return .group([]) }
        let title = v[.reportDemandPerProvince]
        let rows = t.rows.filter { !$0.id.isEmpty || $0.figure.value > 0 }
        let map = Chart.map(id: "chart-map", label: v[.reportMapLabel],
                            provinces: rows, legendTitle: v[.reportMapLegend],
                            hiddenWord: v[.reportMapHidden])
        let bars = Chart.bars(id: "chart-provinces", label: v[.reportProvinceBars],
                              rows: sortedForBars(rows).map { ($0.label, [$0.figure]) }, labelChars: 22, width: 420, labelWidth: 150)
        return section(title, id: "provinces", [
            .el("div", [("class", "pair")], [.el("figure", [("class", "map")], [map]), .el("figure", [], [bars])]),
            oneWayTable(t, caption: t.title, head: t.title),
        ], note: t.withheld)
    }

    /// One chart of every subject question's options (vmbo profiles, mbo subjects), a table each.
    func subjectSection(_ tables: [OneWayTable]) -> N {
        let v = model.vocabulary
        let rows = tables.flatMap { t in t.rows.map { ((tables.count > 1 ? t.title + ": " : "") + $0.label, [$0.figure]) } }
        let bars = Chart.bars(id: "chart-subjects", label: v[.reportSubjectBars],
                              rows: rows, labelChars: 36)
        return section(v[.reportDemandPerSubject], id: "subjects",
                       [.el("figure", [], [bars])] + tables.map { oneWayTable($0, caption: $0.title, head: $0.title) },
                       note: v[.reportSubjectsNote])
    }

    func routeSection() -> N {
        let m = model, v = m.vocabulary
        let bars = Chart.bars(id: "chart-routes", label: v[.reportRouteBars],
                              rows: m.routes.map { ($0.name, [$0.eligible, $0.near]) },
                              series: [v.fit(.eligible), v.fit(.near)], labelChars: 36)
        let rows: [[N]] = m.routes.map { r in [.el("th", [("scope", "row")], [.text(r.name)]), cell(r.eligible), cell(r.near)] }
        return section(v[.reportDemandPerRoute], id: "routes", [
            figure(bars, table: table(caption: v[.reportRoutes], heads: [v[.reportRoute], v.fit(.eligible), v.fit(.near)],
                                      rows: rows, numeric: [1, 2])),
        ], note: v[.reportRoutesNote])
    }

    func oneWaySection(_ t: OneWayTable, chartID: String?) -> N {
        var children: [N] = []
        if t.withheld == nil, let chartID {
            children.append(.el("figure", [], [Chart.bars(id: chartID, label: t.title, rows: t.rows.map { ($0.label, [$0.figure]) })]))
        }
        children.append(oneWayTable(t, caption: t.title, head: t.title))
        return section(t.title, id: t.key, children, note: t.withheld)
    }

    func oneWayTable(_ t: OneWayTable, caption: String, head: String, compact: Bool = false) -> N {
        let v = model.vocabulary
        if t.withheld != nil { return .group([]) }
        let totalLabel = t.additive ? v[.reportTotal] : v[.reportAnswered]
        let foot: [N] = [.el("th", [("scope", "row")], [.text(totalLabel)]), cell(t.total)]
        guard compact, t.rows.count > 12 else {
            let rows: [[N]] = t.rows.map { r in [.el("th", [("scope", "row")], [.text(r.label)]), cell(r.figure)] }
            return table(caption: caption, heads: [head, v[.reportSessions]], rows: rows, foot: foot, numeric: [1])
        }
        // A long list (weeks) in four pairs of columns, read down each pair.
        let pairs = 4
        let height = (t.rows.count + pairs - 1) / pairs
        let rows: [[N]] = (0..<height).map { i in
            (0..<pairs).flatMap { k -> [N] in
                let j = k * height + i
                guard j < t.rows.count else { return [.el("td", [], []), .el("td", [], [])] }
                return [.el("th", [("scope", "row")], [.text(t.rows[j].label)]), cell(t.rows[j].figure)]
            }
        }
        let heads = (0..<pairs).flatMap { _ in [head, v[.reportSessions]] }
        return .el("div", [("class", "compact")], [
            table(caption: caption, heads: heads, rows: rows, foot: foot + Array(repeating: .el("td", [], []), count: 2 * pairs - 2),
                  numeric: Set(stride(from: 1, to: 2 * pairs, by: 2))),
        ])
    }

    func crossSection() -> N {
        let m = model, v = m.vocabulary
        var children: [N] = []
        for x in m.crossTables {
            if let why = x.withheld {
                children.append(.el("p", [("class", "muted")], [.text(x.title + ": " + why + ".")]))
                continue
            }
            let rows: [[N]] = x.rows.enumerated().filter { $0.element.figure.value > 0 }.map { i, r in
                [.el("th", [("scope", "row")], [.text(r.label)])] + x.cells[i].map { cell($0) } + [cell(r.figure, header: false)]
            }
            let foot: [N] = [.el("th", [("scope", "row")], [.text(v[.reportTotal])])] + x.columns.map { cell($0.figure) } + [cell(x.total)]
            // A cross table can have a column per province: smaller type, the heads of many
            // columns set upright, and its own sideways scroll on a narrow window rather than the
            // page's.
            children.append(.el("div", [("class", x.columns.count > 6 ? "cross wide" : "cross")], [
                table(caption: x.title, heads: [x.rowHead] + x.columns.map(\.label) + [v[.reportTotal]],
                      rows: rows, foot: foot, numeric: Set(1...(x.columns.count + 1)))]))
        }
        return section(v[.reportBreakdowns], id: "cross", children,
                       note: v[.reportBreakdownsNote])
    }

    func footer() -> N {
        let v = model.vocabulary
        return .el("footer", [], [
            .el("p", [], [.text(v[.reportHiddenExplained])]),
            .el("p", [], [.text(v[.reportMapNote])]),
        ])
    }

    /// Largest first; hidden counts at the end in their own order, so their place reveals nothing.
    func sortedForBars(_ rows: [TableRow]) -> [TableRow] {
        rows.enumerated().sorted { a, b in
            let x = a.element.figure.shown ?? -1, y = b.element.figure.shown ?? -1
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    static let styleSheet: StaticString = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { margin: 0; background: #f4f6f8; color: #1b1f23;
      font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; }
    main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; }
    h1 { font-size: 26px; margin: 0 0 6px; color: #0b3d6b; }
    h2 { font-size: 19px; margin: 0 0 6px; color: #0b3d6b; border-bottom: 2px solid #dce6f0; padding-bottom: 3px; }
    section { margin: 26px 0 0; }
    p { margin: 4px 0; }
    .muted { color: #555; }
    .warning { color: #8a1c1c; font-weight: 600; }
    .period { font-size: 16px; }
    .tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
    .tile { border: 1px solid #dce6f0; border-radius: 6px; padding: 10px 12px; background: #f7fafd; }
    .tile .value { font-size: 26px; font-weight: 700; color: #0b3d6b; font-variant-numeric: tabular-nums; }
    .tile .label { color: #444; }
    figure { margin: 10px 0; }
    svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px; fill: #1b1f23; }
    svg .small { font-size: 11px; }
    svg .num { font-variant-numeric: tabular-nums; }
    svg .muted { fill: #666; }
    svg .maplabel { font-size: 12px; font-weight: 700; fill: #0b2540; }
    svg .maplabel.light { fill: #ffffff; }
    .pair { display: grid; grid-template-columns: 5fr 6fr; gap: 16px; align-items: start; }
    .pair figure { margin: 0; }
    table { border-collapse: collapse; margin: 8px 0 4px; min-width: 50%; }
    caption { text-align: left; font-weight: 600; padding: 4px 0; }
    th, td { border-bottom: 1px solid #e3e8ee; padding: 3px 10px 3px 4px; text-align: left; vertical-align: top; }
    thead th { border-bottom: 2px solid #9fb3c8; }
    tbody th { font-weight: normal; }
    tfoot th, tfoot td { border-top: 2px solid #9fb3c8; font-weight: 700; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    td.hidden, th.hidden { color: #777; }
    .compact table { min-width: 0; }
    .cross { overflow-x: auto; }
    .cross table { font-size: 12px; }
    .cross th, .cross td { padding: 3px 4px 3px 2px; }
    .cross thead th { vertical-align: bottom; }
    .cross.wide thead th.num { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
      text-align: left; padding: 4px 2px; }
    .cross.wide td.num { padding: 3px 5px; }
    footer { margin-top: 30px; font-size: 12px; color: #444; border-top: 1px solid #dce6f0; padding-top: 8px; }
    @page { size: A4; margin: 14mm 12mm; }
    @media print {
      body { background: #fff; font-size: 10pt; }
      main { max-width: none; padding: 0; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      section { break-inside: auto; }
      h2 { break-after: avoid; }
      figure, tr, .tiles { break-inside: avoid; }
      .pair { grid-template-columns: 5fr 6fr; }
      table { font-size: 9pt; }
      .cross { overflow: visible; }
      .cross table { font-size: 7.5pt; }
      tfoot { display: table-row-group; }
    }
    """
}

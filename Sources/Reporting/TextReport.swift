import SessionLog

/// The report as text for a terminal: every line fits 80 columns, names are wrapped (never cut),
/// hidden counts are shown as `x`, and bars of block characters give the shape at a glance.
extension ReportModel {
    public static let width = 80
    static let hiddenMark = "x"

    public func text() -> String {
        let v = vocabulary
        var out: [String] = []
        func line(_ s: String = "") { out.append(s) }

        line(v[.reportTitle])
        line(String(repeating: "=", count: v[.reportTitle].count))
        for l in wrap(periodLine, Self.width) { line(l) }
        if let filter { for l in wrap(v[.reportSelection, filter], Self.width) { line(l) } }
        for l in wrap(legend, Self.width) { line(l) }
        if damagedLines > 0 { line(v[.reportDamagedLinesSkipped, damagedLines]) }

        // The funnel.
        line()
        line(v[.reportFunnelAllSessions])
        let stepWidth = funnel.map { $0.label.count }.max() ?? 0
        let maxStart = funnel[0].figure.shown ?? 0
        for step in funnel {
            var s = "  " + pad(step.label, stepWidth) + "  " + padLeft(Self.show(step.figure), 6)
            if let drop = step.drop { s += "  " + padLeft("(−" + Self.show(drop) + ")", 8) }
            else { s += String(repeating: " ", count: 10) }
            s += "  " + bar(step.figure, maximum: maxStart, width: 80 - s.count - 4)
            line(s)
        }
        var rest = v[.reportNotCompleted, Self.show(abandoned), Self.show(timedOut)]
        if let rate = completionRate {
            rest += " " + v[.reportCompletedRate, CSVWriter.formatDecimal(rate * 100, separator: v.language == .nl ? "," : ".")]
        }
        for l in wrap(rest, Self.width - 2) { line("  " + l) }
        for l in wrap(v[.reportCountsCompletedOnly], Self.width) { line(l) }

        // Routes: names wrapped, two counts, a bar for the first.
        line()
        let nameWidth = 44
        line(pad(v[.reportRoutes], nameWidth + 2) + padLeft(v[.reportFits], 6) + padLeft(v[.reportNearly], 7))
        let maxEligible = routes.compactMap { $0.eligible.shown }.max() ?? 0
        for r in routes {
            let name = wrap(r.name, nameWidth)
            for (i, l) in name.enumerated() {
                if i == 0 {
                    line("  " + pad(l, nameWidth) + padLeft(Self.show(r.eligible), 6) + padLeft(Self.show(r.near), 7) + "  "
                         + bar(r.eligible, maximum: maxEligible, width: 19))
                } else {
                    line("  " + l)
                }
            }
        }

        for table in subjects + dimensions { oneWay(table, into: &out) }
        for x in crossTables { cross(x, into: &out) }
        oneWay(weeks, into: &out)
        oneWay(events, into: &out)
        return out.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n"
    }

    var periodLine: String {
        let v = vocabulary
        guard let first = firstDay, let last = lastDay else { return v[.reportNoSessions] }
        return v[.reportPeriod, first.ymd, last.ymd]
    }

    var legend: String {
        vocabulary[.reportHiddenLegend]
    }

    static func show(_ f: Figure) -> String { f.shown.map(String.init) ?? hiddenMark }

    func oneWay(_ t: OneWayTable, into out: inout [String]) {
        let v = vocabulary
        out.append("")
        out.append(t.title)
        if let why = t.withheld { for l in wrap("(" + why + ")", Self.width - 2) { out.append("  " + l) }; return }
        let labelWidth = 40
        let maximum = t.rows.compactMap { $0.figure.shown }.max() ?? 0
        for r in t.rows {
            for (i, l) in wrap(r.label, labelWidth).enumerated() {
                out.append(i == 0
                    ? "  " + pad(l, labelWidth) + padLeft(Self.show(r.figure), 7) + "  " + bar(r.figure, maximum: maximum, width: 27)
                    : "  " + l)
            }
        }
        let totalLabel = t.additive ? v[.reportTotal] : v[.reportAnsweredSeveral]
        for (i, l) in wrap(totalLabel, labelWidth).enumerated() {
            out.append(i == 0 ? "  " + pad(l, labelWidth) + padLeft(Self.show(t.total), 7) : "  " + l)
        }
    }

    func cross(_ x: CrossTable, into out: inout [String]) {
        let v = vocabulary
        out.append("")
        out.append(x.title)
        if let why = x.withheld { for l in wrap("(" + why + ")", Self.width - 2) { out.append("  " + l) }; return }
        let codes = x.columns.enumerated().map { i, c in Self.code(for: c.id, index: i) }
        let cellWidth = max(5, (codes.map(\.count).max() ?? 0) + 1)
        let labelWidth = min(30, Self.width - 2 - cellWidth * (codes.count + 1))
        out.append("  " + pad("", labelWidth) + codes.map { padLeft($0, cellWidth) }.joined() + padLeft(v[.reportTotalShort], cellWidth + 1))
        for (i, row) in x.rows.enumerated() where row.figure.value > 0 {
            let lines = wrap(row.label, labelWidth)
            out.append("  " + pad(lines[0], labelWidth) + x.cells[i].map { padLeft($0.value == 0 ? "" : Self.show($0), cellWidth) }.joined()
                       + padLeft(Self.show(row.figure), cellWidth + 1))
            for l in lines.dropFirst() { out.append("  " + l) }
        }
        out.append("  " + pad(v[.reportTotal], labelWidth) + x.columns.map { padLeft(Self.show($0.figure), cellWidth) }.joined()
                   + padLeft(Self.show(x.total), cellWidth + 1))
        let legend = zip(codes, x.columns).map { "\($0) = \($1.label)" }.joined(separator: "; ")
        for l in wrap(legend + " " + v[.reportBlankIsZero], Self.width - 2) { out.append("  " + l) }
    }

    /// Short column codes: provinces by their usual two letters, other options by letter.
    static func code(for id: String, index: Int) -> String {
        let provinces = ["drenthe": "DR", "flevoland": "FL", "friesland": "FR", "gelderland": "GE", "groningen": "GR",
                         "limburg": "LI", "noord-brabant": "NB", "noord-holland": "NH", "overijssel": "OV", "utrecht": "UT",
                         "zeeland": "ZE", "zuid-holland": "ZH", "abroad": "BU", "": "--"]
        if let p = provinces[id] { return p }
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < letters.count ? String(letters[index]) : String(index + 1)
    }

    /// A bar of `value / maximum` of `width` cells in eighth blocks; hidden counts get none.
    func bar(_ f: Figure, maximum: Int, width: Int) -> String {
        guard let value = f.shown, maximum > 0, value > 0, width > 0 else { return "" }
        let eighths = max(1, Int((Double(value) / Double(maximum) * Double(width * 8)).rounded()))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }
}

/// Words of `text` in lines of at most `width` characters; a word longer than a line is split.
func wrap(_ text: String, _ width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
        var w = String(word)
        while w.count > width {
            if !current.isEmpty { lines.append(current); current = "" }
            lines.append(String(w.prefix(width)))
            w = String(w.dropFirst(width))
        }
        if current.isEmpty { current = w }
        else if current.count + 1 + w.count <= width { current += " " + w }
        else { lines.append(current); current = w }
    }
    if !current.isEmpty || lines.isEmpty { lines.append(current) }
    return lines
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func padLeft(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

extension String {
    var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

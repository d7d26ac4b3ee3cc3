/// Charts as inline SVG, drawn from the report model. Every chart is a `figure` with a title, an
/// SVG that names itself (`role="img"`, `aria-label`), and the same numbers in a table below it
/// (made by `HTMLReport`). Hidden counts get no bar and are written as `x`.
enum Chart {
    typealias N = HTMLNode

    static let blue = "#2b6ca3", lightBlue = "#9cc3e4", grey = "#b8b8b8"

    static func svg(id: String, label: String, width: Double, height: Double, _ children: [N]) -> N {
        .el("svg", [("id", id), ("class", "chart"), ("role", "img"), ("aria-label", label),
                    ("viewBox", "0 0 \(ProvinceMap.number(width)) \(ProvinceMap.number(height))"),
                    ("width", ProvinceMap.number(width)), ("height", ProvinceMap.number(height))],
            [.el("title", [], [.text(label)])] + children)
    }

    static func text(_ s: String, x: Double, y: Double, anchor: String = "start", cls: String? = nil) -> N {
        var a = [("x", ProvinceMap.number(x)), ("y", ProvinceMap.number(y))]
        if anchor != "start" { a.append(("text-anchor", anchor)) }
        if let cls { a.append(("class", cls)) }
        return .el("text", a, [.text(s)])
    }

    /// Lines of a wrapped label, as `tspan`s under one `text`.
    static func wrapped(_ s: String, width: Int, x: Double, y: Double, lineHeight: Double) -> (N, Int) {
        let lines = wrap(s, width)
        let spans = lines.enumerated().map { i, l in
            N.el("tspan", [("x", ProvinceMap.number(x)), ("y", ProvinceMap.number(y + Double(i) * lineHeight))], [.text(l)])
        }
        return (.el("text", [], spans), lines.count)
    }

    static func rect(x: Double, y: Double, w: Double, h: Double, fill: String, title: String? = nil) -> N {
        .el("rect", [("x", ProvinceMap.number(x)), ("y", ProvinceMap.number(y)), ("width", ProvinceMap.number(max(0, w))),
                     ("height", ProvinceMap.number(h)), ("fill", fill)], title.map { [N.el("title", [], [.text($0)])] } ?? [])
    }

    static func show(_ f: Figure) -> String { f.shown.map(String.init) ?? ReportModel.hiddenMark }

    /// Horizontal bars, one or two series per row (e.g. fits / nearly fits), labels wrapped.
    static func bars(id: String, label: String, rows: [(label: String, values: [Figure])], series: [String] = [],
                     labelChars: Int = 34, width: Double = 660, labelWidth: Double = 240) -> N {
        let valueWidth = 46.0
        let barArea = width - labelWidth - valueWidth - 8
        let maximum = Double(rows.flatMap { $0.values.compactMap(\.shown) }.max() ?? 0)
        let lineHeight = 13.0, barHeight = 11.0
        var y = series.isEmpty ? 4.0 : 22.0
        var nodes: [N] = []
        if !series.isEmpty {
            var x = labelWidth
            for (i, name) in series.enumerated() {
                nodes.append(rect(x: x, y: 4, w: 10, h: 10, fill: i == 0 ? blue : lightBlue))
                nodes.append(text(name, x: x + 14, y: 13, cls: "small"))
                x += 14 + Double(name.count) * 6.5 + 18
            }
        }
        for row in rows {
            let (labelNode, lines) = wrapped(row.label, width: labelChars, x: 0, y: y + 11, lineHeight: lineHeight)
            let rowHeight = max(Double(row.values.count) * (barHeight + 2) + 6, Double(lines) * lineHeight + 6)
            nodes.append(labelNode)
            for (i, f) in row.values.enumerated() {
                let by = y + 2 + Double(i) * (barHeight + 2)
                if let v = f.shown, maximum > 0, v > 0 {
                    nodes.append(rect(x: labelWidth, y: by, w: barArea * Double(v) / maximum, h: barHeight, fill: i == 0 ? blue : lightBlue,
                                      title: "\(row.label): \(v)"))
                }
                nodes.append(text(show(f), x: width - 4, y: by + barHeight - 1, anchor: "end", cls: "num"))
            }
            y += rowHeight
        }
        return svg(id: id, label: label, width: width, height: y + 4, nodes)
    }

    /// The funnel: one centred bar per step, narrowing with the sessions that remain.
    static func funnel(id: String, label: String, steps: [FunnelStep], lostWord: String) -> N {
        let width = 660.0, labelWidth = 190.0, area = 300.0, rowHeight = 34.0
        let maximum = Double(steps.first?.figure.shown ?? 0)
        var nodes: [N] = []
        for (i, s) in steps.enumerated() {
            let y = Double(i) * rowHeight + 4
            let (labelNode, _) = wrapped(s.label, width: 30, x: 0, y: y + 15, lineHeight: 13)
            nodes.append(labelNode)
            if let v = s.figure.shown, maximum > 0, v > 0 {
                let w = max(2, area * Double(v) / maximum)
                nodes.append(rect(x: labelWidth + (area - w) / 2, y: y, w: w, h: 24, fill: blue, title: "\(s.label): \(v)"))
            }
            nodes.append(text(show(s.figure), x: labelWidth + area + 52, y: y + 16, anchor: "end", cls: "num"))
            if let d = s.drop { nodes.append(text("−\(show(d)) \(lostWord)", x: labelWidth + area + 64, y: y + 16, cls: "small muted")) }
        }
        return svg(id: id, label: label, width: width, height: Double(steps.count) * rowHeight + 8, nodes)
    }

    /// Vertical columns, e.g. sessions per week; every so many labels along the bottom.
    static func columns(id: String, label: String, rows: [TableRow]) -> N {
        let width = 660.0, height = 190.0, left = 40.0, bottom = 34.0, top = 10.0
        let plotWidth = width - left - 6, plotHeight = height - bottom - top
        let maximum = Double(rows.compactMap { $0.figure.shown }.max() ?? 0)
        let step = rows.isEmpty ? 0 : plotWidth / Double(rows.count)
        var nodes: [N] = [
            .el("line", [("x1", ProvinceMap.number(left)), ("y1", ProvinceMap.number(top + plotHeight)),
                         ("x2", ProvinceMap.number(width - 6)), ("y2", ProvinceMap.number(top + plotHeight)), ("stroke", "#444")]),
            text(String(Int(maximum)), x: left - 4, y: top + 8, anchor: "end", cls: "small"),
            text("0", x: left - 4, y: top + plotHeight, anchor: "end", cls: "small"),
            .el("line", [("x1", ProvinceMap.number(left)), ("y1", ProvinceMap.number(top)), ("x2", ProvinceMap.number(width - 6)),
                         ("y2", ProvinceMap.number(top)), ("stroke", "#ddd"), ("stroke-dasharray", "3 3")]),
        ]
        var lastLabel = -Double.infinity
        for (i, r) in rows.enumerated() {
            let x = left + Double(i) * step
            if let v = r.figure.shown, maximum > 0, v > 0 {
                let h = plotHeight * Double(v) / maximum
                nodes.append(rect(x: x + step * 0.12, y: top + plotHeight - h, w: step * 0.76, h: h, fill: blue, title: "\(r.label): \(v)"))
            } else if r.figure.hidden {
                nodes.append(rect(x: x + step * 0.12, y: top + plotHeight - 3, w: step * 0.76, h: 3, fill: grey,
                                  title: "\(r.label): \(ReportModel.hiddenMark)"))
            }
            // A label where it fits: about 50 units wide, kept inside the chart, 70 apart.
            let centre = min(max(x + step / 2, left + 26), width - 30)
            if centre - lastLabel >= 70 && (i == 0 || centre <= width - 60 || i == rows.count - 1) {
                nodes.append(text(r.label, x: centre, y: height - bottom + 16, anchor: "middle", cls: "small"))
                lastLabel = centre
            }
        }
        return svg(id: id, label: label, width: width, height: height, nodes)
    }

    /// The twelve provinces shaded by a count in five classes; hidden counts grey and written `x`.
    static func map(id: String, label: String, provinces: [TableRow], legendTitle: String, hiddenWord: String) -> N {
        let (w, h) = ProvinceMap.size
        let palette = ["#eef4fa", "#c6dbef", "#8fbbdd", "#4a8cc2", "#1f5f99", "#0b3d6b"]
        let maximum = provinces.compactMap { $0.figure.shown }.max() ?? 0
        // Five classes of (nearly) equal width up to the largest count: class k holds
        // breaks[k-1]+1 … breaks[k].
        let breaks = (0...5).map { k in (k * maximum + 4) / 5 }
        func shade(_ f: Figure) -> String {
            guard let v = f.shown else { return "#d9d9d9" }
            guard v > 0, maximum > 0 else { return palette[0] }
            return palette[(1...5).first { v <= breaks[$0] } ?? 5]
        }
        var nodes: [N] = []
        for entry in ProvinceMap.rings {
            let row = provinces.first { $0.id == entry.id }
            let f = row?.figure ?? Figure(value: 0, hidden: false)
            let name = row?.label ?? entry.id
            nodes.append(.el("path", [("d", ProvinceMap.path(entry.id)), ("fill", shade(f)), ("stroke", "#ffffff"), ("stroke-width", "1.2"),
                                      ("stroke-linejoin", "round"), ("data-province", entry.id)],
                             [.el("title", [], [.text("\(name): \(show(f))")])]))
        }
        for entry in ProvinceMap.rings {
            guard let q = ProvinceMap.labelPoints[entry.id] else { continue }
            let f = provinces.first { $0.id == entry.id }?.figure ?? Figure(value: 0, hidden: false)
            let (x, y) = ProvinceMap.project(q)
            let dark = (f.shown ?? 0) * 5 > maximum * 3
            nodes.append(text(show(f), x: x, y: y + 4, anchor: "middle", cls: dark ? "maplabel light" : "maplabel"))
        }
        // Legend, in the empty corner at the bottom right (Germany): five classes of equal width
        // up to the largest count.
        let lx = w - 118
        var ly = h - 122
        nodes.append(text(legendTitle, x: lx, y: ly, cls: "small"))
        ly += 6
        for k in 1...5 where maximum > 0 {
            let lo = breaks[k - 1] + 1, hi = breaks[k]
            guard hi >= lo else { continue }
            nodes.append(rect(x: lx, y: ly, w: 14, h: 12, fill: palette[k]))
            nodes.append(text(lo == hi ? "\(lo)" : "\(lo)–\(hi)", x: lx + 18, y: ly + 10, cls: "small"))
            ly += 16
        }
        nodes.append(rect(x: lx, y: ly, w: 14, h: 12, fill: "#d9d9d9"))
        nodes.append(text(hiddenWord, x: lx + 18, y: ly + 10, cls: "small"))
        return svg(id: id, label: label, width: w, height: h, nodes)
    }
}

import Matching
import Questionnaire
import RouteCatalog

/// How to draw: ASCII-only when the locale cannot show UTF-8.
public struct RenderOptions: Sendable, Hashable {
    public var ascii: Bool
    public init(ascii: Bool = false) { self.ascii = ascii }
}

/// The rendered screen, with what the front needs to map clicks and report the viewport.
public struct Rendered: Sendable {
    public var grid: Grid
    /// Screen row → list item index, for mouse clicks.
    public var hits: [Int: Int]
    /// Rows available to the current list or scrolling text.
    public var listRows: Int
    /// How far the current text can scroll.
    public var maxScroll: Int
}

/// The smallest terminal the questionnaire is drawn in; below it a "make the window larger" screen.
public enum Layout {
    public static let minWidth = 40
    public static let minHeight = 12
}

/// Renders the questionnaire state into a grid: the view is a function of the state.
public func render(_ state: QuestionnaireState, width: Int, height: Int, options: RenderOptions = RenderOptions()) -> Rendered {
    var painter = Painter(width: width, height: height, ascii: options.ascii, words: Words(language: state.language))
    if width < Layout.minWidth || height < Layout.minHeight {
        painter.tooSmall()
        return Rendered(grid: painter.grid, hits: [:], listRows: 1, maxScroll: 0)
    }
    painter.screen(state)
    return Rendered(grid: painter.grid, hits: painter.hits, listRows: painter.listRows, maxScroll: painter.maxScroll)
}

/// The welcome screen on its own: drawn before the catalogue is loaded, so the first screen
/// appears as soon as the terminal is open. It is identical to the welcome screen of a fresh
/// state, so the first full render sends nothing new.
public func renderWelcome(language: Language, width: Int, height: Int, options: RenderOptions = RenderOptions(),
                          kiosk: Bool = false) -> Grid {
    var painter = Painter(width: width, height: height, ascii: options.ascii, words: Words(language: language))
    if width < Layout.minWidth || height < Layout.minHeight {
        painter.tooSmall()
    } else {
        painter.welcome(focus: language == .nl ? 0 : 1, kiosk: kiosk)
    }
    return painter.grid
}

/// A line of text with its style, before it is placed.
struct Line {
    var text: String
    var style: Style
    var indent: Int
    init(_ text: String, _ style: Style = .plain, indent: Int = 0) { self.text = text; self.style = style; self.indent = indent }
}

struct Painter {
    var grid: Grid
    let ascii: Bool
    let w: Words
    var hits: [Int: Int] = [:]
    var listRows = 1
    var maxScroll = 0

    init(width: Int, height: Int, ascii: Bool, words: Words) {
        grid = Grid(width: width, height: height)
        self.ascii = ascii
        self.w = words
    }

    var width: Int { grid.width }
    var height: Int { grid.height }
    /// Content starts at column 1 and ends before the last column.
    var contentWidth: Int { width - 2 }
    var bodyTop: Int { 2 }
    var bodyBottom: Int { height - 2 }  // exclusive; row height-2 is the notice line

    func fold(_ s: String) -> String { ascii ? AsciiFold.fold(s) : s }

    // Symbols
    var focusMark: String { ">" }
    var radioOn: String { ascii ? "(*)" : "(•)" }
    var radioOff: String { "( )" }
    var boxOn: String { "[x]" }
    var boxOff: String { "[ ]" }
    var hRule: Character { ascii ? "-" : "─" }
    var arrowUp: String { ascii ? "^" : "▲" }
    var arrowDown: String { ascii ? "v" : "▼" }
    var bullet: String { ascii ? "*" : "•" }
    var dot: String { ascii ? "-" : "·" }
    func fitMark(_ fit: Fit) -> String {
        switch fit {
        case .eligible: return ascii ? "+" : "✓"
        case .near: return "~"
        case .notEligible: return ascii ? "x" : "✗"
        }
    }
    func fitRole(_ fit: Fit) -> CellRole {
        switch fit {
        case .eligible: return .ok
        case .near: return .warn
        case .notEligible: return .bad
        }
    }

    @discardableResult
    mutating func put(_ text: String, row: Int, column: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        grid.put(fold(text), row: row, column: column, style: style, limit: limit)
    }

    // MARK: - Frame

    mutating func frame(right: String?, keys: [KeyHint]) {
        let title = w.appTitle
        var left = title + " " + (ascii ? "-" : "·") + " " + w[.appSubtitle]
        let right = right.map { TextWrap.truncate(fold($0), columns: width - DisplayWidth.of(title) - 4, ascii: ascii) }
        let rightWidth = right.map { DisplayWidth.of($0) } ?? 0
        if DisplayWidth.of(fold(left)) + rightWidth + 4 > width { left = title }
        let end = put(title, row: 0, column: 1, style: Style(.title, bold: true))
        if left != title { put(String(left.dropFirst(title.count)), row: 0, column: end, style: Style(.muted)) }
        if let right {
            put(right, row: 0, column: width - 1 - rightWidth, style: Style(.accent, bold: true))
        }
        for c in 0..<width { grid[1, c] = Cell(hRule, style: Style(.muted)) }
        fillKeys(keys)
    }

    /// The key bar in the room there is: every key with its word; then closer together; then
    /// the words of the last keys dropped first (the first keys matter most); then keys alone.
    func keyBar(_ keys: [KeyHint]) -> String {
        let hints = keys.map { (key: fold($0.key), label: fold($0.label)) }
        func joined(_ labelled: Int, _ separator: String) -> String {
            hints.enumerated().map { i, h in i < labelled ? h.key + " " + h.label : h.key }.joined(separator: separator)
        }
        let wide = joined(hints.count, "  ")
        if DisplayWidth.of(wide) <= contentWidth { return wide }
        for labelled in stride(from: hints.count, through: 0, by: -1) {
            let bar = joined(labelled, " ")
            if DisplayWidth.of(bar) <= contentWidth { return bar }
        }
        return TextWrap.truncate(joined(0, " "), columns: contentWidth, ascii: ascii)
    }

    /// One line of text, shortened with an ellipsis when it does not fit.
    @discardableResult
    mutating func oneLine(_ text: String, row: Int, column: Int = 1, style: Style = .plain) -> Int {
        let room = max(1, width - 1 - column)
        return grid.put(TextWrap.truncate(fold(text), columns: room, ascii: ascii), row: row, column: column, style: style)
    }

    mutating func notice(_ text: String?, role: CellRole = .error) {
        guard let text else { return }
        let t = TextWrap.truncate(fold(text), columns: contentWidth, ascii: ascii)
        grid.put(t, row: height - 2, column: 1, style: Style(role, bold: true))
    }

    /// Writes wrapped paragraph lines from `row`; returns the next free row.
    @discardableResult
    mutating func paragraph(_ text: String, row: Int, style: Style = .plain, indent: Int = 0, maxRow: Int? = nil) -> Int {
        var r = row
        let limit = maxRow ?? bodyBottom
        for line in TextWrap.wrap(fold(text), width: contentWidth - indent) {
            guard r < limit else { break }
            grid.put(line, row: r, column: 1 + indent, style: style)
            r += 1
        }
        return r
    }

    /// A list of one-line items between rows [top, bottom), from item `listTop` on. Where the
    /// list stands is the state machine's to say (it keeps the focus in view for the rows this
    /// reports back through `.viewport`); the painter only keeps within the items.
    mutating func list(_ items: [(text: String, style: Style)], focus: Int, listTop: Int, top: Int, bottom: Int) {
        let rows = max(1, bottom - top)
        listRows = rows
        let first = max(0, min(listTop, max(0, items.count - rows)))
        for (offset, index) in (first..<min(items.count, first + rows)).enumerated() {
            let row = top + offset
            let item = items[index]
            let focused = index == focus
            let text = TextWrap.truncate(fold((focused ? focusMark : " ") + " " + item.text), columns: contentWidth - 2, ascii: ascii)
            put(text, row: row, column: 1, style: item.style)
            // The bar covers what the item is called, from its number or name on (as dialog and
            // whiptail do), not the mark, the box (`( )`, `[x]`) or the whole width: a key that
            // moves the focus then rewrites two short runs (fewer bytes per key over a slow SSH
            // link). The hidden cursor rests at the end of it.
            if focused {
                var rest = text.dropFirst(2)   // the mark and its space
                if rest.count > 3, rest.first == "(" || rest.first == "[",
                   [")", "]"].contains(rest[rest.index(rest.startIndex, offsetBy: 2)]) {
                    rest = rest.dropFirst(3)
                }
                rest = rest.drop { $0 == " " }
                let lead = text[..<rest.startIndex]
                let bar = String(rest)
                var style = item.style
                style.reverse = true
                style.role = .focus
                let column = 1 + DisplayWidth.of(String(lead))
                put(bar.isEmpty ? text : bar, row: row, column: bar.isEmpty ? 1 : column, style: style)
                grid.restingRow = row
                grid.restingColumn = 1 + DisplayWidth.of(text)
            }
            hits[row] = index
        }
        if first > 0 { put(arrowUp, row: top, column: width - 2, style: Style(.accent, bold: true)) }
        if first + rows < items.count { put(arrowDown, row: top + rows - 1, column: width - 2, style: Style(.accent, bold: true)) }
    }

    /// A scrolling text between rows [top, bottom).
    mutating func scrollText(_ lines: [Line], scroll: Int, top: Int, bottom: Int) {
        let rows = max(1, bottom - top)
        var wrapped: [(String, Style, Int)] = []
        for line in lines {
            if line.text.isEmpty { wrapped.append(("", line.style, 0)); continue }
            // Continuation lines of a bullet ("• ", "✓ ") or a numbered step ("3. ") line up with its text.
            let text = fold(line.text)
            var hang = 0
            if let space = text.firstIndex(of: " "), text.distance(from: text.startIndex, to: space) <= 3 {
                let head = text[..<space]
                if head.count == 1 || head.hasSuffix(".") { hang = DisplayWidth.of(String(head)) + 1 }
            }
            let first = TextWrap.wrap(text, width: contentWidth - line.indent)
            if hang > 0, first.count > 1 {
                let head = String(text.prefix(while: { $0 != " " }))
                let rest = String(text.dropFirst(head.count + 1))
                let body = TextWrap.wrap(rest, width: contentWidth - line.indent - hang)
                for (i, part) in body.enumerated() {
                    wrapped.append((i == 0 ? head + " " + part : part, line.style, line.indent + (i == 0 ? 0 : hang)))
                }
            } else {
                for part in first { wrapped.append((part, line.style, line.indent)) }
            }
        }
        listRows = rows
        maxScroll = max(0, wrapped.count - rows)
        let first = max(0, min(scroll, maxScroll))
        for (offset, index) in (first..<min(wrapped.count, first + rows)).enumerated() {
            let (text, style, indent) = wrapped[index]
            grid.put(text, row: top + offset, column: 1 + indent, style: style)
        }
        if first > 0 { put(arrowUp, row: top, column: width - 2, style: Style(.accent, bold: true)) }
        if first < maxScroll { put(arrowDown, row: top + rows - 1, column: width - 2, style: Style(.accent, bold: true)) }
    }

    /// A box in the middle of the screen with the given lines (clipped to fit).
    mutating func box(title: String, lines: [Line]) {
        let boxWidth = min(contentWidth, 64)
        let inner = boxWidth - 4
        var wrapped: [Line] = []
        for line in lines {
            let text = fold(line.text)
            if text.isEmpty || DisplayWidth.of(text) <= inner - line.indent { wrapped.append(Line(text, line.style, indent: line.indent)); continue }
            for part in TextWrap.wrap(text, width: inner - line.indent) { wrapped.append(Line(part, line.style, indent: line.indent)) }
        }
        let maxInner = height - 4
        if wrapped.count > maxInner { wrapped = Array(wrapped.prefix(maxInner)) }
        let boxHeight = wrapped.count + 2
        let top = max(1, (height - boxHeight) / 2)
        let left = (width - boxWidth) / 2
        let border = Style(.accent, bold: true)
        grid.fill(row: top, column: left, width: boxWidth, height: boxHeight, style: .plain)
        let (h, v, tl, tr, bl, br): (String, String, String, String, String, String) =
            ascii ? ("-", "|", "+", "+", "+", "+") : ("─", "│", "┌", "┐", "└", "┘")
        grid.put(tl + String(repeating: h, count: boxWidth - 2) + tr, row: top, column: left, style: border)
        grid.put(bl + String(repeating: h, count: boxWidth - 2) + br, row: top + boxHeight - 1, column: left, style: border)
        for r in (top + 1)..<(top + boxHeight - 1) {
            grid.put(v, row: r, column: left, style: border)
            grid.put(v, row: r, column: left + boxWidth - 1, style: border)
        }
        put(" " + title + " ", row: top, column: left + 2, style: Style(.title, bold: true))
        for (i, line) in wrapped.enumerated() {
            grid.put(line.text, row: top + 1 + i, column: left + 2 + line.indent, style: line.style)
        }
        hits = [:]
    }

    // MARK: - Screens

    mutating func tooSmall() {
        let lines = [w[.tooSmall], w.tooSmallSize(width, height, Layout.minWidth, Layout.minHeight)]
        let top = max(0, (height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let t = TextWrap.truncate(fold(line), columns: width, ascii: ascii)
            grid.put(t, row: top + i, column: max(0, (width - DisplayWidth.of(t)) / 2), style: Style(i == 0 ? .warn : .normal, bold: i == 0))
        }
    }

    mutating func screen(_ s: QuestionnaireState) {
        switch s.screen {
        case .welcome: welcome(focus: s.focus, kiosk: s.kiosk)
        case .question: question(s)
        case .review: review(s)
        case .results: results(s)
        case .routeDetail(let id): detail(s, id)
        case .contactConsent: consent(s)
        case .contactForm: form(s)
        case .saved: saved(s)
        }
        if let n = s.notice { notice(w.notice(n)) }
        switch s.overlay {
        case .help?: help(s)
        case .confirmQuit?:
            let kept: Kept = s.recorded ? .alreadySaved : s.reachedResults ? .outcome : s.answers.isEmpty ? .nothing : .answersSoFar
            if s.kiosk { confirmRestart(kept) } else { confirmQuit(kept) }
        case .idleCountdown(let seconds)?:
            box(title: w[.idleTitle], lines: [Line(w.idleBody(seconds), Style(.warn, bold: true)), Line(""), Line(w[.idleKeys])])
            fillKeys(w.keysIdle)
        case .pin(let typed)?:
            let dots = String(repeating: ascii ? "*" : "•", count: typed.count)
            var lines = [Line(w[.pinPrompt] + ": " + dots + "_", Style(.accent, bold: true))]
            if let n = s.notice { lines += [Line(""), Line(w.notice(n), Style(.error, bold: true))] }
            box(title: w[.pinTitle], lines: lines)
            fillKeys(w.pinKeys)
        case .takeHome?: takeHome(s)
        case nil: break
        }
    }

    mutating func welcome(focus: Int, kiosk: Bool) {
        frame(right: nil, keys: w.keysWelcome(kiosk: kiosk))
        var r = bodyTop
        r = paragraph(w[.welcomeTitle], row: r, style: Style(.title, bold: true))
        r += 1
        let listHeight = 2
        let textBottom = bodyBottom - listHeight - 1
        // What is stored always shows; the introduction is shortened when the window is small.
        let stored = TextWrap.wrap(fold(w[.welcomeStored]), width: contentWidth)
        var body = TextWrap.wrap(fold(w[.welcomeBody]), width: contentWidth)
        let room = textBottom - r - stored.count - 1
        if body.count > room {
            body = Array(body.prefix(max(0, room)))
            if let last = body.last { body[body.count - 1] = TextWrap.truncate(last + (ascii ? "..." : "…"), columns: contentWidth, ascii: ascii) }
        }
        for line in body { grid.put(line, row: r, column: 1); r += 1 }
        if !body.isEmpty { r += 1 }
        for line in stored where r < textBottom { grid.put(line, row: r, column: 1, style: Style(.muted)); r += 1 }
        let top = min(r + 1, bodyBottom - listHeight)
        list([("1  " + w.startDutch, .plain), ("2  " + w.startEnglish, .plain)], focus: focus, listTop: 0, top: top, bottom: top + listHeight)
    }

    func answerText(_ q: Question, _ value: AnswerValue?, skipped: Bool = false) -> String {
        guard let value else { return skipped ? w[.skipped] : w[.noAnswer] }
        switch value {
        case .option(let id): return q.option(id)?.label[w.language] ?? id
        case .options(let ids):
            if ids.isEmpty { return w[.noneChosen] }
            return ids.map { q.option($0)?.label[w.language] ?? $0 }.joined(separator: ", ")
        case .number(let n): return q.unit.map { "\(n) \($0[w.language])" } ?? String(n)
        case .boolean(let b): return b ? w[.yes] : w[.no]
        }
    }

    mutating func question(_ s: QuestionnaireState) {
        guard let q = s.currentQuestion else { return }
        let progress = s.progress.map { w.progress($0.position, $0.count) }
        let keys: [KeyHint] = switch q.kind {
        case .multiple: w.keysMultiple
        case .number: w.keysNumber
        default: w.keysSingle
        }
        frame(right: progress, keys: keys)
        var r = bodyTop
        let textLines = TextWrap.wrap(fold(q.text[w.language]), width: contentWidth)
        // Keep at least three rows for the answers.
        for line in textLines.prefix(max(1, bodyBottom - bodyTop - 4)) {
            grid.put(line, row: r, column: 1, style: Style(.title, bold: true)); r += 1
        }
        if q.help != nil, r < bodyBottom {
            put(w[.questionHelpHint], row: r, column: 1, style: Style(.muted)); r += 1
        }
        if r < bodyBottom - 3 { r += 1 }
        switch q.kind {
        case .number:
            let draft = s.numberDrafts[q.id] ?? (s.answers[q.id].flatMap { if case .number(let n) = $0 { String(n) } else { nil } } ?? "")
            let fieldWidth = 8
            var c = put("[", row: r, column: 3, style: Style(.accent, bold: true))
            let field = TextWrap.pad(draft, columns: fieldWidth)
            grid.put(field, row: r, column: c, style: Style(.accent, underline: true))
            grid.cursor = (r, c + DisplayWidth.of(draft))
            c += fieldWidth
            c = put("]", row: r, column: c, style: Style(.accent, bold: true))
            if let unit = q.unit { put(" " + unit[w.language], row: r, column: c) }
            r += 1
            if r < bodyBottom { put(w.numberRange(q.min ?? 0, q.max ?? 999), row: r, column: 3, style: Style(.muted)) }
            listRows = 1
        default:
            if q.kind == .multiple, r < bodyBottom - 2 {
                oneLine(w[.chooseAny], row: r, style: Style(.muted)); r += 1
            }
            let items = QuestionnaireState.items(of: q)
            let rows: [(text: String, style: Style)] = items.enumerated().map { i, item in
                let chosen = s.isChosen(item, of: q)
                // The skip line of a multiple-choice question excludes the others: a radio mark.
                let mark = q.kind == .multiple && item != .skip ? (chosen ? boxOn : boxOff) : (chosen ? radioOn : radioOff)
                // Every option has its number; on a long list they line up (digits typed one
                // after the other reach 10 and up).
                let number = items.count > 9 && i < 9 ? " " + String(i + 1) : String(i + 1)
                let label: String = switch item {
                case .option(let o): o.label[w.language]
                case .yes: w[.yes]
                case .no: w[.no]
                case .skip: w[.skip]
                }
                return ("\(mark) \(number)  \(label)", chosen ? Style(.selected, bold: true) : .plain)
            }
            list(rows, focus: s.focus, listTop: s.listTop, top: r, bottom: bodyBottom)
        }
    }

    mutating func review(_ s: QuestionnaireState) {
        frame(right: w[.reviewTitle], keys: w.keysReview)
        var r = bodyTop
        r = paragraph(w[.reviewHint], row: r, style: Style(.muted))
        let questions = s.visibleQuestions
        // The short labels ("Diploma", "Provincie") leave the answer the room.
        let labels = questions.map { ($0.shortText ?? $0.text)[w.language] }
        let longest = labels.map { DisplayWidth.of(fold($0)) }.max() ?? 12
        let labelWidth = max(8, min(longest, min(36, contentWidth / 2 - 2)))
        var items: [(text: String, style: Style)] = zip(questions, labels).map { q, text in
            let label = TextWrap.pad(text, columns: labelWidth)
            let open = s.answers[q.id] == nil && !s.skipped.contains(q.id)
            return (label + "  " + answerText(q, s.answers[q.id], skipped: s.skipped.contains(q.id)), open ? Style(.warn) : .plain)
        }
        items.append(((ascii ? "-> " : "→ ") + w[.showResults], Style(.accent, bold: true)))
        list(items, focus: s.focus, listTop: s.listTop, top: r, bottom: bodyBottom)
    }

    func providerLine(_ p: ProviderPlace) -> String {
        // In the visitor's own reference city: "in Zwolle", not "(0 km hemelsbreed)".
        if let d = p.distanceKm, d < 5 { return p.provider.name + " " + w.inCity(p.location.city) }
        var text = p.provider.name + ", " + p.location.city
        if let d = p.distanceKm { text += " (" + w.km(d) + ")" }
        return text
    }

    /// Where to go for a route: the nearest provider, or who to ask when no provider offers it.
    func whereLine(_ m: RouteMatch) -> Line? {
        if let near = m.places.first { return Line(w[.nearest] + ": " + providerLine(near), Style(.muted)) }
        if let ask = m.route.askInstead { return Line(w[.askInstead] + ": " + ask[w.language], Style(.muted)) }
        return nil
    }

    /// The one line that says where a route stands for this visitor: what blocks it, what is
    /// still missing, where it does not match their wishes, or the first reason it fits.
    func statusLine(_ m: RouteMatch) -> Line? {
        switch m.fit {
        case .notEligible:
            let blocking = m.requirements.first { $0.outcome == .fail && !$0.criterion.attainable }
            return blocking.map { Line(fitMark(.notEligible) + " " + $0.explanation[w.language], Style(.bad)) }
        case .near:
            return m.missing.first.map { miss in
                Line(fitMark(.near) + " " + miss.explanation[w.language] + (miss.outcome == .unknown ? " " + w[.unknownAnswer] : ""), Style(.warn))
            }
        case .eligible:
            if let mismatch = m.mismatches.first { return Line(mismatchMark + " " + mismatch.explanation[w.language], Style(.warn)) }
            return m.reasons.first.map { Line(fitMark(.eligible) + " " + $0.explanation[w.language], Style(.ok)) }
        }
    }

    /// Why a route stands under "also possible": another role, or only the other school type.
    func groupLine(_ m: RouteMatch, _ result: MatchResult) -> Line? {
        guard m.group == .alsoPossible else { return nil }
        return Line(w.apart(otherRole: m.otherRole, otherSchoolType: m.otherSchoolType,
                            roles: result.goal.roleLabels(m.route.roles, w.language),
                            schoolTypes: result.goal.schoolTypeLabels(m.route.schoolTypes, w.language)),
                    Style(.muted))
    }

    /// Where a route differs from what the visitor wants: not ✗, which says a route does not fit.
    var mismatchMark: String { ascii ? "!=" : "≠" }

    /// The short explanation of a route shown under the results list, most important first:
    /// what blocks or is missing, where to go, then the first step. A paragraph that does not
    /// fit whole is left out (never cut mid-sentence) and the list shows there is more.
    func preview(_ m: RouteMatch, _ result: MatchResult) -> [Line] {
        var lines: [Line] = [Line(m.route.name[w.language], Style(.title, bold: true))]
        if let status = statusLine(m) { lines.append(status) }
        if let group = groupLine(m, result) { lines.append(group) }
        if let place = whereLine(m) { lines.append(place) }
        // A near route's status line already says what to do first.
        if m.fit == .eligible, let step = m.steps.first { lines.append(Line(w[.firstStep] + ": " + step.text[w.language])) }
        if let verify = m.route.verify { lines.append(Line(verify[w.language], Style(.warn))) }
        // In a tall window, more of the same, most useful first; what does not fit is left out.
        let shown = Set(lines.map(\.text))
        var more: [Line] = []
        if m.fit != .notEligible {
            more += m.missing.map { Line(fitMark(.near) + " " + $0.explanation[w.language] + ($0.outcome == .unknown ? " " + w[.unknownAnswer] : ""), Style(.warn)) }
        }
        more += m.mismatches.map { Line(mismatchMark + " " + $0.explanation[w.language], Style(.warn)) }
        more += m.reasons.prefix(3).map { Line(fitMark(.eligible) + " " + $0.explanation[w.language], Style(.ok)) }
        if m.fit != .notEligible {
            more += m.steps.dropFirst(m.fit == .eligible ? 1 : 0).prefix(2).map { Line(w[.thenStep] + ": " + $0.text[w.language]) }
        }
        lines += more.filter { !shown.contains($0.text) }
        lines.append(Line(m.route.summary[w.language], Style(.normal)))
        return lines
    }

    mutating func results(_ s: QuestionnaireState) {
        guard let result = s.results else { return }
        let eligible = result.routes.filter { $0.fit == .eligible }.count
        let near = result.routes.filter { $0.fit == .near }.count
        let counts = contentWidth < 60
            ? "\(fitMark(.eligible)) \(eligible)  \(fitMark(.near)) \(near)"
            : w.summary(eligible: eligible, near: near)
        frame(right: w[.resultsTitle] + ": " + counts, keys: w.keysResultsWithCode)
        let fitWidth = max(DisplayWidth.of(w.fitLabel(.notEligible)), DisplayWidth.of(w.fitLabel(.eligible)))
        let durationWidth = result.routes.map { DisplayWidth.of(w.monthsShort($0.route.durationMonths)) }.max() ?? 0
        var items: [(text: String, style: Style)] = s.resultRows.map { row in
            switch row {
            case .heading(let group):
                return (w.groupHeading(group), Style(.accent, bold: true))
            case .finish:
                return ((ascii ? "-> " : "→ ") + w[.goOn], Style(.accent, bold: true))
            case .route(let i):
                let m = result.routes[i]
                var duration = w.monthsShort(m.route.durationMonths)
                duration = String(repeating: " ", count: max(0, durationWidth - DisplayWidth.of(duration))) + duration
                // In a narrow window the mark (✓ ~ ✗) stands for the fit and the name gets the room.
                let head = contentWidth < 60 ? fitMark(m.fit) + " " : fitMark(m.fit) + " " + TextWrap.pad(w.fitLabel(m.fit), columns: fitWidth) + "  "
                let room = max(4, contentWidth - 4 - DisplayWidth.of(fold(head)) - durationWidth - 2)
                // The full name when it fits, else the short one: never two names cut alike.
                var name = fold(m.route.name[w.language])
                if DisplayWidth.of(name) > room, let short = m.route.shortName { name = fold(short[w.language]) }
                return (head + TextWrap.pad(name, columns: room) + "  " + duration, Style(fitRole(m.fit), bold: m.fit == .eligible))
            }
        }
        if items.isEmpty { items = [((ascii ? "-> " : "→ ") + w[.goOn], Style(.accent, bold: true))] }
        let available = bodyBottom - bodyTop
        let listHeight = min(items.count, max(3, available / 2))
        list(items, focus: s.focus, listTop: s.listTop, top: bodyTop, bottom: bodyTop + listHeight)
        let savedRows = listRows
        var r = bodyTop + listHeight
        guard r < bodyBottom - 1 else { return }
        for c in 1..<(width - 1) { grid[r, c] = Cell(ascii ? "-" : "╌", style: Style(.muted)) }
        r += 1
        var lines: [Line] = []
        if let i = s.routeIndex(atRow: s.focus) {
            lines = preview(result.routes[i], result)
        }
        let current = result.initiatives.filter { $0.status == .current }
        if let region = result.region, !current.isEmpty {
            lines.append(Line(w.inRegion(region.name[w.language]) + ": " + current.map { $0.name[w.language] }.joined(separator: "; "), Style(.muted)))
        }
        // Whole paragraphs only, most important first; the last row is kept for saying that
        // more is on the details (↓ moves to the next route, so a ▼ would promise too much).
        var leftOut = false
        for line in lines {
            let wrapped = TextWrap.wrap(fold(line.text), width: contentWidth - line.indent)
            guard r + wrapped.count <= bodyBottom - 1 else { leftOut = true; continue }
            r = paragraph(line.text, row: r, style: line.style, indent: line.indent)
        }
        if leftOut { paragraph(w[.moreOnEnter], row: r, style: Style(.muted)) }
        listRows = savedRows
    }

    mutating func detail(_ s: QuestionnaireState, _ id: String) {
        guard let result = s.results, let m = result.routes.first(where: { $0.route.id == id }) else { return }
        frame(right: fitMark(m.fit) + " " + w.fitLabel(m.fit), keys: w.keysDetail)
        scrollText(detailLines(m, result), scroll: s.scroll, top: bodyTop, bottom: bodyBottom)
    }

    /// Everything about one route: fit, reasons, what is missing, where it does not match the
    /// visitor's wishes, steps, duration, providers.
    func detailLines(_ m: RouteMatch, _ result: MatchResult, plain: Bool = false) -> [Line] {
        var lines: [Line] = []
        let route = m.route
        let fitText = plain ? " [" + w.fitLabel(m.fit) + "]" : ""
        lines.append(Line(route.name[w.language] + fitText, Style(.title, bold: true)))
        lines.append(Line(route.summary[w.language]))
        if let group = groupLine(m, result) { lines.append(group) }
        lines.append(Line(""))
        lines.append(Line(w[.leadsTo] + ": " + route.leadsTo[w.language]))
        lines.append(Line(w[.duration] + ": " + w.months(route.durationMonths)))
        if let cost = route.cost {
            lines.append(Line(w.cost(asOf: cost.asOf) + ": " + cost.text[w.language]))
            if let who = cost.whoPays { lines.append(Line(w[.whoPays] + ": " + who[w.language])) }
            if let earning = cost.earning { lines.append(Line(w[.earning] + ": " + earning[w.language])) }
        }
        if let verify = route.verify { lines.append(Line(verify[w.language], Style(.warn))) }

        let passing = m.reasons.map { Line(fitMark(.eligible) + " " + $0.explanation[w.language], Style(.ok), indent: 1) }
        let missing = m.missing.map { miss -> Line in
            let blocking = miss.outcome == .fail && !miss.criterion.attainable
            let suffix = miss.outcome == .unknown ? " " + w[.unknownAnswer] : ""
            return Line((blocking ? fitMark(.notEligible) : fitMark(.near)) + " " + miss.explanation[w.language] + suffix,
                        Style(blocking ? .bad : .warn), indent: 1)
        }
        let mismatches = m.mismatches.map { Line(mismatchMark + " " + $0.explanation[w.language], Style(.warn), indent: 1) }
        func section(_ title: String, _ body: [Line]) {
            guard !body.isEmpty else { return }
            lines.append(Line(""))
            lines.append(Line(title, Style(.accent, bold: true)))
            lines += body
        }
        switch m.fit {
        case .eligible:
            section(w[.why], passing)
            section(w[.notYourWish], mismatches)
        case .near:
            section(w[.stillNeeded], missing)
            section(w[.notYourWish], mismatches)
            section(w[.alreadyThere], passing)
        case .notEligible:
            section(w[.whyNot], missing)
            section(w[.notYourWish], mismatches)
            section(w[.alreadyThere], passing)
        }
        if m.fit != .notEligible, !m.steps.isEmpty {
            section(w[.steps], m.steps.enumerated().map { i, step in Line("\(i + 1). " + step.text[w.language], indent: 1) })
        }
        lines.append(Line(""))
        lines.append(Line(w[.providers], Style(.accent, bold: true)))
        if m.places.isEmpty, let ask = route.askInstead { lines.append(Line(ask[w.language], indent: 1)) }
        for p in m.places.prefix(plain ? 3 : 8) {
            lines.append(Line(bullet + " " + providerLine(p), indent: 1))
            if let note = p.note { lines.append(Line(note[w.language], indent: 2)) }
            lines.append(Line(p.url, Style(.muted), indent: 2))
        }
        if let caveat = route.caveat {
            lines.append(Line(""))
            lines.append(Line(w[.caveat] + ": " + caveat[w.language], Style(.warn)))
        }
        if !plain {
            lines += helpLines(result)
            lines += initiativeLines(result)
        }
        return lines
    }

    /// Where to get help finding a school: the province's desks first, then the national ones.
    func helpLines(_ result: MatchResult) -> [Line] {
        guard !result.helpDesks.isEmpty else { return [] }
        var lines = [Line(""), Line(w[.helpFindingASchool], Style(.accent, bold: true))]
        for h in result.helpDesks {
            lines.append(Line(bullet + " " + h.name[w.language] + ": " + h.summary[w.language], indent: 1))
            lines.append(Line(h.url, Style(.muted), indent: 2))
        }
        return lines
    }

    /// Regional initiatives: current ones as they are, dated ones as earlier context with their year.
    func initiativeLines(_ result: MatchResult) -> [Line] {
        guard let region = result.region, !result.initiatives.isEmpty else { return [] }
        var lines: [Line] = []
        let current = result.initiatives.filter { $0.status == .current }
        let dated = result.initiatives.filter { $0.status == .dated }
        if !current.isEmpty {
            lines += [Line(""), Line(w.inRegion(region.name[w.language]), Style(.accent, bold: true))]
            for i in current { lines.append(Line(bullet + " " + i.name[w.language] + ": " + i.summary[w.language], indent: 1)) }
        }
        if !dated.isEmpty {
            lines += [Line(""), Line(w.earlierInRegion(region.name[w.language]), Style(.accent, bold: true))]
            for i in dated {
                lines.append(Line(bullet + " " + i.name[w.language] + " (\(i.year)): " + i.summary[w.language], Style(.muted), indent: 1))
            }
        }
        return lines
    }

    mutating func consent(_ s: QuestionnaireState) {
        frame(right: nil, keys: w.keysConsent)
        var r = bodyTop
        r = paragraph(w[.contactTitle], row: r, style: Style(.title, bold: true))
        r += 1
        r = paragraph(w[.contactPurpose], row: r, maxRow: bodyBottom - 3)
        let top = min(r + 1, bodyBottom - 2)
        list([("1  " + w[.contactYes], .plain), ("2  " + w[.contactNo], .plain)], focus: s.focus, listTop: 0, top: top, bottom: top + 2)
    }

    mutating func form(_ s: QuestionnaireState) {
        frame(right: w[.contactTitle], keys: w.keysForm(s.contactField))
        var r = bodyTop
        let labelWidth = max(DisplayWidth.of(w[.nameLabel]), DisplayWidth.of(w[.emailLabel])) + 2
        let fieldWidth = max(10, min(40, contentWidth - labelWidth - 6))
        for (i, field) in [ContactField.name, .email].enumerated() {
            let focused = s.focus == field.rawValue
            let value = field == .name ? s.contact.name : s.contact.email
            put(focused ? focusMark : " ", row: r, column: 1, style: Style(.focus, bold: true))
            let c = put(TextWrap.pad(field == .name ? w[.nameLabel] : w[.emailLabel], columns: labelWidth), row: r, column: 3, style: Style(.normal, bold: focused))
            // Show the end of a long value so the cursor stays in the field.
            var shown = fold(value)
            while DisplayWidth.of(shown) > fieldWidth - 1 { shown.removeFirst() }
            let left = put("[", row: r, column: c, style: Style(.accent))
            grid.put(TextWrap.pad(shown, columns: fieldWidth), row: r, column: left, style: Style(focused ? .focus : .normal, reverse: focused, underline: !focused))
            put("]", row: r, column: left + fieldWidth, style: Style(.accent))
            if focused { grid.cursor = (r, left + DisplayWidth.of(shown)) }
            hits[r] = i
            r += 1
        }
        r += 1
        for (field, text, on) in [(ContactField.age16, w[.age16], s.contact.confirmedAge16), (.consent, w[.consent], s.contact.consent)] {
            guard r < bodyBottom else { break }
            let focused = s.focus == field.rawValue
            let style = focused ? Style(.focus, reverse: true) : .plain
            if focused { grid.fill(row: r, column: 1, width: contentWidth, height: 1, style: style) }
            oneLine((focused ? focusMark : " ") + " " + (on ? boxOn : boxOff) + " " + text, row: r, style: style)
            hits[r] = field.rawValue
            r += 1
        }
        if r < bodyBottom { r += 1 }
        if r < bodyBottom {
            let focused = s.focus == ContactField.save.rawValue
            let style = focused ? Style(.focus, bold: true, reverse: true) : Style(.accent, bold: true)
            put((focused ? focusMark : " ") + " [ " + w[.save] + " ]", row: r, column: 1, style: style)
            hits[r] = ContactField.save.rawValue
            r += 1
        }
        if r + 1 < bodyBottom {
            paragraph(w[.contactFormPurpose], row: r + 1, style: Style(.muted))
        }
        if s.saving { notice(w[.saving], role: .accent) }
        listRows = ContactField.allCases.count
    }

    mutating func saved(_ s: QuestionnaireState) {
        frame(right: nil, keys: w.keysSaved)
        var r = bodyTop
        if s.saving {
            paragraph(w[.saving], row: r, style: Style(.accent, bold: true))
            return
        }
        if s.recorded {
            r = paragraph(w[.savedTitle], row: r, style: Style(.ok, bold: true))
            r += 1
            r = paragraph(w[.savedBody], row: r)
            if s.contactGiven { r = paragraph(w[.savedContact], row: r) }
            if let code = s.sessionCode { r = paragraph(w.sessionCode(code), row: r + 1, style: Style(.muted)) }
        }
        r += 1
        list([(w[.startAgain], Style(.accent, bold: true))], focus: 0, listTop: 0, top: min(r, bodyBottom - 1), bottom: min(r, bodyBottom - 1) + 1)
    }

    mutating func help(_ s: QuestionnaireState) {
        var lines: [Line] = []
        if let q = s.currentQuestion {
            lines.append(Line(q.text[w.language], Style(.normal, bold: true)))
            if let help = q.help { lines.append(Line(help[w.language])) }
            let items = QuestionnaireState.items(of: q)
            if s.focus < items.count, case .option(let o) = items[s.focus], let h = o.help {
                lines.append(Line(o.label[w.language] + ": " + h[w.language], Style(.muted)))
            }
            lines.append(Line(""))
        }
        if s.screen == .results || { if case .routeDetail = s.screen { return true } else { return false } }() {
            for k in w.resultsHelp { lines.append(Line(k)) }
            lines.append(Line(""))
            for k in w.resultsHelpKeys { lines.append(Line(k)) }
        } else {
            for k in w.helpKeys { lines.append(Line(k)) }
        }
        lines.append(Line(""))
        lines.append(Line(w[.anyKey], Style(.muted)))
        box(title: w[.helpTitle], lines: lines)
        fillKeys(w.keysHelp)
    }

    mutating func confirmRestart(_ kept: Kept) {
        box(title: w[.restartTitle], lines: [Line(w.whatIsKept(kept)), Line(w[.restartWipe]), Line(""), Line(w[.restartKeys], Style(.accent, bold: true))])
        fillKeys(w.keysQuit(kiosk: true))
        grid.cursor = nil
    }

    mutating func confirmQuit(_ kept: Kept) {
        box(title: w[.quitTitle], lines: [Line(w.whatIsKept(kept)), Line(""), Line(w[.quitKeys], Style(.accent, bold: true))])
        fillKeys(w.keysQuit(kiosk: false))
        grid.cursor = nil
    }

    mutating func fillKeys(_ keys: [KeyHint]) {
        grid.fill(row: height - 1, column: 0, width: width, height: 1, style: Style(.keys, reverse: true))
        grid.put(keyBar(keys), row: height - 1, column: 1, style: Style(.keys, reverse: true))
        grid.cursor = nil
    }
}

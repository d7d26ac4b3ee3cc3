import RouteCatalog
import SessionLog

/// A published count: its value, and whether it is hidden (small, or hidden so that a total cannot
/// give a small one away). A hidden figure is never shown; its value stays inside the program.
public struct Figure: Sendable, Equatable {
    public var value: Int
    public var hidden: Bool
    /// The value, or nil when hidden.
    public var shown: Int? { hidden ? nil : value }
}

/// A row of a one-way table: an option (or a route, a week, an event) and its count.
public struct TableRow: Sendable, Equatable {
    public var id: String
    public var label: String
    public var figure: Figure
}

/// Counts per option of one question (or per week, per event).
public struct OneWayTable: Sendable {
    /// Stable key: `province`, `sector`, `schoolType`, `role`, `education`, `subject:<question>`, `week`, `event`.
    public var key: String
    public var title: String
    /// The question the rows are options of, if any.
    public var question: String?
    public var rows: [TableRow]
    /// The rows' sum, when they add up (single choice); for a multiple-choice question, the
    /// sessions that answered it (one session may count in several rows).
    public var total: Figure
    public var additive: Bool
    /// Set when the table cannot be shown without giving away a small count.
    public var withheld: String?
}

/// Rows × columns of two questions, with the one-way counts as margins.
public struct CrossTable: Sendable {
    public var key: String
    public var title: String
    public var rowHead: String
    public var columnHead: String
    public var rows: [TableRow]      // figures: the row totals
    public var columns: [TableRow]   // figures: the column totals
    public var cells: [[Figure]]
    public var total: Figure
    /// Why the table is not shown (too few sessions to say something), or nil when it is.
    public var withheld: String?
}

/// A route and how many completed sessions it fits or nearly fits.
public struct RouteDemand: Sendable {
    public var id: String
    public var name: String
    public var eligible: Figure
    public var near: Figure
}

/// One step of the funnel.
public struct FunnelStep: Sendable {
    public var key: String
    public var label: String
    public var figure: Figure
    /// Sessions lost between the previous step and this one.
    public var drop: Figure?
}

/// Everything the report shows, with suppression applied; every renderer (text, CSV, JSON, HTML)
/// draws this and nothing else, so they cannot disagree about what is hidden.
public struct ReportModel: Sendable {
    public var vocabulary: Vocabulary
    public var filter: String?
    public var firstDay: CivilDate?
    public var lastDay: CivilDate?
    public var funnel: [FunnelStep]
    public var abandoned: Figure
    public var timedOut: Figure
    /// Completed / started, when neither is hidden.
    public var completionRate: Double?
    public var routes: [RouteDemand]
    public var dimensions: [OneWayTable]
    public var subjects: [OneWayTable]
    public var crossTables: [CrossTable]
    public var weeks: OneWayTable
    public var events: OneWayTable
    public var damagedLines: Int

    public var started: Figure { funnel[0].figure }
    public var completed: Figure { funnel[2].figure }

    public func dimension(_ key: String) -> OneWayTable? { dimensions.first { $0.key == key } }
}

extension ReportModel {
    /// Builds the report from the counts: labels from the vocabulary, then primary and
    /// complementary suppression over every published sum at once.
    public init(tally t: DemandTally, vocabulary v: Vocabulary, filter: String? = nil, damagedLines: Int = 0) {
        var p = Protection()
        let noAnswer = v[.reportNoAnswer]

        // Funnel and outcomes: started = not all answered + answered all; answered all = answered,
        // no results + completed; completed = results, no contact + contact; started = completed +
        // abandoned + timed out.
        let started = p.cell(t.started, margin: true), answered = p.cell(t.answeredAll, margin: true)
        let completed = p.cell(t.completed, margin: true)
        let contact = p.cell(t.contacts)
        let dropAnswer = p.cell(t.started - t.answeredAll), dropResults = p.cell(t.answeredAll - t.completed)
        let dropContact = p.cell(t.completed - t.contacts)
        let abandoned = p.cell(t.outcomes[.abandoned] ?? 0), timedOut = p.cell(t.outcomes[.timedOut] ?? 0)
        p.equation([dropAnswer, answered], equals: [started])
        p.equation([dropResults, completed], equals: [answered])
        p.equation([dropContact, contact], equals: [completed])
        p.equation([completed, abandoned, timedOut], equals: [started])

        // One-way tables of the single-choice questions: every option of the catalogue (zeros
        // too), ids the catalogue does not know, and "no answer"; they add up to the completed.
        var oneWay: [(key: String, question: String, ids: [String], cells: [Int])] = []
        var cellOf: [String: [String: Int]] = [:]
        for (key, q) in t.questions.dimensions {
            let counts = t.single[q] ?? [:]
            let ids = Self.optionOrder(question: q, counts: counts, vocabulary: v)
            let cells = ids.map { p.cell(counts[$0] ?? 0, margin: true) }
            p.equation(cells, equals: [completed])
            oneWay.append((key, q, ids, cells))
            cellOf[key] = Dictionary(zip(ids, cells).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })
        }

        // Cross tables: each row adds up to the row option's one-way count, each column to the
        // column option's.
        var crossCells: [(key: String, rowKey: String, colKey: String, rows: [String], cols: [String], cells: [[Int]])] = []
        let byKey = Dictionary(t.questions.dimensions.map { ($0.key, $0.question) }, uniquingKeysWith: { a, _ in a })
        for c in DemandTally.crossCandidates {
            guard byKey[c.rows] != nil, byKey[c.columns] != nil, let rowCells = cellOf[c.rows], let colCells = cellOf[c.columns],
                  let rowIDs = oneWay.first(where: { $0.key == c.rows })?.ids,
                  let colIDs = oneWay.first(where: { $0.key == c.columns })?.ids else { continue }
            let counts = t.cross[c.key] ?? [:]
            let cells = rowIDs.map { r in colIDs.map { k in p.cell(counts[r + "\u{1F}" + k] ?? 0) } }
            for (i, r) in rowIDs.enumerated() { p.equation(cells[i], equals: [rowCells[r]!]) }
            for (j, k) in colIDs.enumerated() { p.equation(cells.map { $0[j] }, equals: [colCells[k]!]) }
            crossCells.append((c.key, c.rows, c.columns, rowIDs, colIDs, cells))
        }

        // Weeks (every week from the first to the last, zeros too) and events add up to the completed.
        let weekIDs = Self.weeks(from: t.firstStart, to: t.lastStart, seen: t.weeks.keys)
        let weekCells = weekIDs.map { p.cell(t.weeks[$0] ?? 0) }
        p.equation(weekCells, equals: [completed])
        let eventIDs = t.events.keys.sorted { a, b in a.isEmpty != b.isEmpty ? !a.isEmpty : a < b }
        let eventCells = eventIDs.map { p.cell(t.events[$0] ?? 0) }
        p.equation(eventCells, equals: [completed])

        // Routes and subjects add up to nothing (one session fits several routes, picks several
        // subjects): only small counts are hidden.
        let routeIDs = Self.routeOrder(eligible: t.eligible, near: t.near, vocabulary: v)
        let routeCells = routeIDs.map { (p.cell(t.eligible[$0] ?? 0), p.cell(t.near[$0] ?? 0)) }
        var subjectCells: [(question: String, ids: [String], cells: [Int], answered: Int)] = []
        for q in t.questions.subjects {
            let counts = t.subjects[q] ?? [:]
            let ids = Self.optionOrder(question: q, counts: counts, vocabulary: v).filter { !$0.isEmpty }
            subjectCells.append((q, ids, ids.map { p.cell(counts[$0] ?? 0) }, p.cell(t.subjectAnswered[q] ?? 0)))
        }

        let protected = p.protect()
        func fig(_ i: Int) -> Figure { Figure(value: p.values[i], hidden: p.isHidden(i) || !protected) }

        self.vocabulary = v
        self.filter = filter
        self.damagedLines = damagedLines
        firstDay = t.firstStart.map { AmsterdamTime.local($0).date }
        lastDay = t.lastStart.map { AmsterdamTime.local($0).date }
        funnel = [
            FunnelStep(key: "started", label: v[.reportStepStarted], figure: fig(started), drop: nil),
            FunnelStep(key: "answeredAll", label: v[.reportStepAnsweredAll], figure: fig(answered), drop: fig(dropAnswer)),
            FunnelStep(key: "sawResults", label: v[.reportStepSawResults], figure: fig(completed), drop: fig(dropResults)),
            FunnelStep(key: "leftContact", label: v[.reportStepLeftContact], figure: fig(contact), drop: fig(dropContact)),
        ]
        self.abandoned = fig(abandoned)
        self.timedOut = fig(timedOut)
        let s = fig(started), c = fig(completed)
        completionRate = s.hidden || c.hidden || s.value == 0 ? nil : Double(c.value) / Double(s.value)

        // Most fitting first; hidden counts sort as nothing, so their place reveals nothing.
        routes = zip(routeIDs, routeCells).map { id, cells in
            RouteDemand(id: id, name: v.route(id), eligible: fig(cells.0), near: fig(cells.1))
        }.enumerated().sorted { a, b in
            let x = a.element.eligible.shown ?? 0, y = b.element.eligible.shown ?? 0
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
        let titles: [String: String] = [
            "province": v[.reportProvince], "sector": v[.reportSector],
            "schoolType": v[.reportSchoolType], "role": v[.reportRole],
            "education": v[.reportEducation],
        ]
        dimensions = oneWay.map { d in
            OneWayTable(key: d.key, title: titles[d.key] ?? v.questionHead(d.question), question: d.question,
                        rows: zip(d.ids, d.cells).map { id, cell in
                            TableRow(id: id, label: id.isEmpty ? noAnswer : v.option(d.question, id), figure: fig(cell))
                        },
                        total: fig(completed), additive: true, withheld: protected ? nil : v[.reportTooFewSessions])
        }
        subjects = subjectCells.map { s in
            OneWayTable(key: "subject:" + s.question, title: v.questionHead(s.question), question: s.question,
                        rows: zip(s.ids, s.cells).map { TableRow(id: $0, label: v.option(s.question, $0), figure: fig($1)) },
                        total: fig(s.answered), additive: false, withheld: nil)
        }
        let crossTitles: [String: String] = [
            "provinceSchoolType": v[.reportProvinceBySchoolType],
            "roleSchoolType": v[.reportRoleBySchoolType],
            "sectorProvince": v[.reportSectorByProvince],
        ]
        crossTables = crossCells.map { x in
            let rowTable = oneWay.first { $0.key == x.rowKey }!, colTable = oneWay.first { $0.key == x.colKey }!
            let rows = zip(x.rows, rowTable.cells).map { id, cell in
                TableRow(id: id, label: id.isEmpty ? noAnswer : v.option(rowTable.question, id), figure: fig(cell))
            }
            let cols = zip(x.cols, colTable.cells).map { id, cell in
                TableRow(id: id, label: id.isEmpty ? noAnswer : v.option(colTable.question, id), figure: fig(cell))
            }
            let cells = x.cells.map { $0.map(fig) }
            return CrossTable(key: x.key, title: crossTitles[x.key] ?? x.key, rowHead: titles[x.rowKey] ?? x.rowKey,
                              columnHead: titles[x.colKey] ?? x.colKey, rows: rows, columns: cols, cells: cells,
                              total: fig(completed), withheld: Self.whyWithheld(cells, vocabulary: v))
        }
        weeks = OneWayTable(key: "week", title: v[.reportPerWeek], question: nil,
                            rows: zip(weekIDs, weekCells).map { TableRow(id: $0, label: $0, figure: fig($1)) },
                            total: fig(completed), additive: true, withheld: nil)
        events = OneWayTable(key: "event", title: v[.reportPerEvent], question: nil,
                             rows: zip(eventIDs, eventCells).map {
                                 TableRow(id: $0, label: $0.isEmpty ? v[.reportNoEvent] : $0, figure: fig($1))
                             },
                             total: fig(completed), additive: true, withheld: nil)
    }

    /// A cross table says something when at least two rows and two columns have visible counts
    /// and no more than a third of its non-empty cells are hidden.
    static func whyWithheld(_ cells: [[Figure]], vocabulary v: Vocabulary) -> String? {
        let nonZero = cells.flatMap { $0 }.filter { $0.value > 0 }
        let hidden = nonZero.filter(\.hidden).count
        let visibleRows = cells.filter { $0.contains { $0.value > 0 && !$0.hidden } }.count
        let visibleColumns = (0..<(cells.first?.count ?? 0)).filter { j in cells.contains { $0[j].value > 0 && !$0[j].hidden } }.count
        if nonZero.isEmpty { return v[.reportNoCompletedSessions] }
        if visibleRows < 2 || visibleColumns < 2 || hidden * 3 > nonZero.count {
            return v[.reportTooFewToBreakDown, hidden, nonZero.count]
        }
        return nil
    }

    /// Options in questionnaire order, then ids the catalogue does not know (by id), then "not
    /// answered" when it occurs.
    static func optionOrder(question: String, counts: [String: Int], vocabulary v: Vocabulary) -> [String] {
        let known = v.questions.first { $0.id == question }?.choices.map(\.id) ?? []
        let knownSet = Set(known)
        let unknown = counts.keys.filter { !$0.isEmpty && !knownSet.contains($0) }.sorted()
        return known + unknown + ((counts[""] ?? 0) > 0 ? [""] : [])
    }

    /// Routes in catalogue order, then routes the catalogue no longer knows.
    static func routeOrder(eligible: [String: Int], near: [String: Int], vocabulary v: Vocabulary) -> [String] {
        let seen = Set(eligible.keys).union(near.keys)
        let known = v.routeIDs
        let knownSet = Set(known)
        return known + seen.filter { !knownSet.contains($0) }.sorted()
    }

    /// ISO week labels from the first to the last start, every week, plus any seen outside.
    static func weeks(from first: UTCTime?, to last: UTCTime?, seen: Dictionary<String, Int>.Keys) -> [String] {
        guard let first, let last else { return seen.sorted() }
        var labels = Set(seen)
        var day = AmsterdamTime.local(first).date.daysSinceEpoch
        let end = AmsterdamTime.local(last).date.daysSinceEpoch
        while day < end {
            labels.insert(CivilDate(daysSinceEpoch: day).isoWeekLabel)
            day += 7
        }
        labels.insert(CivilDate(daysSinceEpoch: end).isoWeekLabel)
        return labels.sorted()
    }
}

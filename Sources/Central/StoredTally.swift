#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO
import Reporting
import RouteCatalog
import SessionLog

/// The demand report's counts, made by the server: it groups the sessions by what each part of
/// `DemandTally` reads of them, and only the groups and their sizes come back, to be counted as
/// the file report counts records, each group at once. Four groupings, in one pass over the
/// table (`GROUPING SETS`), split over two connections by block ranges on larger stores:
///
/// - the outcome, the questions answered and the kind of each answer (`answer_kinds`), the
///   answers `showIf` conditions read and those to the single-choice questions the report groups
///   by: the funnel, those questions' tables, and the kinds of every answer read by value (one
///   grouping rather than two: which questions a session answered mostly follows from the
///   answers to those same questions, so it adds few groups, and each grouping costs the server
///   a hash per session);
/// - whether completed, and the answers to the subject questions;
/// - whether completed, the week, the event and whether contact details were left;
/// - whether completed, and the routes fitted and nearly fitted (`route_fits`).
///
/// Answers come back as text (`->>`, much cheaper for the server than jsonb values); the kinds
/// say how to read each. Where one question's answers are of more than one kind among the
/// sessions a grouping reads, the text could mean either, and `count` declines.
public enum StoredTally {
    /// How counting went.
    public enum Outcome: Sendable, Equatable {
        /// Counted: this many sessions.
        case counted(Int)
        /// Not counted here, for this reason (in Dutch, as the coordinators' messages): read every
        /// record instead (`StoredRecords`), which is as exact and slower.
        case readRecords(because: String)
    }

    /// Counts the store's sessions that pass `filter` into `tally` (which must be empty). It
    /// declines, leaving `tally` untouched, where the server cannot count exactly this way: a
    /// store whose schema is older than version 2, a server older than PostgreSQL 14 (`date_bin`,
    /// block-range scans), or answers of mixed kinds.
    public static func count(into tally: inout DemandTally, filter: RecordFilter, settings: CentralSettings) async throws(CentralError) -> Outcome {
        var counted = tally
        let outcome = try await CentralDatabase.using(settings) { db throws(CentralError) in
            try await count(into: &counted, filter: filter, db)
        }
        tally = counted
        return outcome
    }

    /// Stores of fewer pages (of 8 kB; some hundreds of sessions) are read over one connection.
    static let splitPages = 64

    static func count(into tally: inout DemandTally, filter: RecordFilter, _ db: CentralDatabase) async throws(CentralError) -> Outcome {
        // The columns of schema version 2 (coordinators cannot read the schema's version table).
        let columns = try await value("""
            (SELECT count(*) FROM pg_attribute WHERE attrelid = 'routewijzer.sessions'::regclass
               AND attname IN ('answer_kinds', 'route_fits') AND NOT attisdropped)
            """, db)
        guard columns == "2" else {
            return .readRecords(because: Language.nl[.storedTallyOldSchema])
        }
        guard Int(try await value("current_setting('server_version_num')", db) ?? "") ?? 0 >= 140_000 else {
            return .readRecords(because: "de server is ouder dan PostgreSQL 14")
        }
        let plan = Plan(tally)
        try await begin(db)
        var window = Window(since: filter.since, until: filter.until, events: nil)
        if filter.event != nil {
            // Which labels pass is decided here, by the very test the file report applies.
            var labels: [String] = []
            try await db.rows(window.query("SELECT DISTINCT event FROM routewijzer.sessions WHERE event IS NOT NULL")) { row in
                labels.append(try row.decode(String.self))
            }
            window.events = labels.filter { filter.accepts(event: $0) }
        }
        var first: UTCTime?, last: UTCTime?
        try await db.rows(window.query("SELECT min(started_at), max(started_at) FROM routewijzer.sessions WHERE true")) { row in
            let (a, b) = try row.decode((Date?, Date?).self)
            first = a.map { UTCTime(date: $0) }
            last = b.map { UTCTime(date: $0) }
        }
        let pages = Int(try await value("pg_relation_size('routewijzer.sessions') / current_setting('block_size')::bigint", db) ?? "") ?? 0
        var groups: [Group]
        if pages < splitPages {
            groups = try await plan.groups(window, pages: nil, db)
        } else {
            // Two halves of the table at once, on one snapshot: the server works on both cores.
            let snapshot = try await value("pg_export_snapshot()", db) ?? ""
            let window = window
            groups = try await CentralDatabase.using(db.settings) { other throws(CentralError) in
                try await begin(other, snapshot: snapshot)
                let half = pages / 2
                async let firstHalf = plan.groupsOrError(window, pages: ..<half, db)
                async let secondHalf = plan.groupsOrError(window, pages: half..., other)
                let (a, b) = await (firstHalf, secondHalf)
                let both = try a.get() + b.get()
                try await other.execute("COMMIT")
                return both
            }
        }
        try await db.execute("COMMIT")
        guard let sessions = plan.count(groups, first: first, last: last, into: &tally) else {
            return .readRecords(because: Language.nl[.storedTallyMixedAnswers])
        }
        return .counted(sessions)
    }

    /// A read-only transaction that sees one moment of the store (the one `snapshot` names, if
    /// given), without JIT compilation (which costs more than it saves here), with room enough for
    /// the planner to keep every grouping in memory, and in UTC.
    static func begin(_ db: CentralDatabase, snapshot: String? = nil) async throws(CentralError) {
        try await db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        if let snapshot { try await db.execute(PostgresQuery(unsafeSQL: "SET TRANSACTION SNAPSHOT '\(snapshot.filter { $0.isHexDigit || $0 == "-" })'")) }
        try await db.execute("SET LOCAL jit = off")
        try await db.execute("SET LOCAL work_mem = '1GB'")
        try await db.execute("SET LOCAL TimeZone = 'UTC'")
    }

    /// The value of one expression, as text.
    static func value(_ expression: String, _ db: CentralDatabase) async throws(CentralError) -> String? {
        var v: String?
        try await db.rows(PostgresQuery(unsafeSQL: "SELECT (\(expression))::text")) { row in v = try row.decode(String?.self) }
        return v
    }

    /// Which sessions: started in [since, until), with one of `events` when given.
    struct Window: Sendable {
        var since: UTCTime?
        var until: UTCTime?
        var events: [String]?

        /// `sql`, which ends in a WHERE clause, narrowed to the window; `binds` are already used.
        func query(_ sql: String, binds: PostgresBindings = PostgresBindings()) -> PostgresQuery {
            var binds = binds, text = sql
            func bind(_ d: Date) -> String { binds.append(d); return "$\(binds.count)" }
            if let since { text += " AND started_at >= \(bind(StoredRecords.date(since)))" }
            if let until { text += " AND started_at < \(bind(StoredRecords.date(until)))" }
            if let events { binds.append(events); text += " AND event = ANY($\(binds.count))" }
            return PostgresQuery(unsafeSQL: text, binds: binds)
        }
    }

    /// Which grouping a row of the result belongs to.
    enum Grouping: Sendable { case answers, subjects, time, routes }

    /// One group: the values it is grouped by (the others nil) and how many sessions it has.
    struct Group: Sendable {
        var grouping: Grouping
        /// The outcome (`.completed` in the groupings but the first, which keep only those).
        var outcome: SessionOutcome
        var kinds: String?
        /// The answers to `Plan.questions`, as text.
        var answers: [String?]
        var week: Date?
        var lastHour: Bool
        var event: String?
        var contact: Bool?
        var fits: String?
        var sessions: Int
    }

    /// The questions read by value and the query that groups by them.
    struct Plan: Sendable {
        let conditions: [String]
        let dimensions: [String]
        let subjects: [String]
        /// Every question read by value, once: the columns `v0`, `v1`, …
        let questions: [String]

        init(_ tally: DemandTally) {
            conditions = tally.conditionQuestions
            dimensions = tally.dimensionQuestions
            subjects = tally.subjectQuestions
            var seen = Set<String>()
            questions = (conditions + dimensions + subjects).filter { seen.insert($0).inserted }
        }

        /// The column of a question's answer: `v` as it is (for completed sessions only, unless a
        /// condition reads it); `c` only for sessions not completed, for a question only
        /// conditions read (a number, say, which would split the completed sessions' groups for
        /// nothing).
        func column(_ question: String, onlyIfNotCompleted: Bool = false) -> String {
            "\(onlyIfNotCompleted ? "c" : "v")\(questions.firstIndex(of: question)!)"
        }

        /// Weeks run from Monday 00:00 in the Netherlands: Sunday 23:00 UTC in winter, 22:00 in
        /// summer. Bins of 168 hours from a Sunday 23:00 UTC hold one Dutch week each, except
        /// their last hour (Sunday 22:00–23:00 UTC), which in summer is already Monday: it is
        /// kept apart (`last_hour`), and its week read from its own time.
        static let weekBin = "date_bin('168 hours', started_at, '2000-01-02 23:00+00')"

        func query(_ window: Window, pages: (from: Int?, to: Int?)) -> PostgresQuery {
            var binds = PostgresBindings()
            let conditionsOnly = conditions.filter { !dimensions.contains($0) }
            // A value only some sessions need is NULL for the others, which then fall into one group
            // (hashing a NULL costs the server next to nothing).
            func completed(_ e: String) -> String { "CASE WHEN outcome = 'completed' THEN \(e) END" }
            func notCompleted(_ e: String) -> String { "CASE WHEN outcome <> 'completed' THEN \(e) END" }
            var values: [String] = [], output: [String] = []
            for (n, q) in questions.enumerated() {
                binds.append(q)
                let value = "answers->>$\(binds.count)"
                let plain = dimensions.contains(q) || subjects.contains(q), conditional = conditionsOnly.contains(q)
                if plain { values.append("\(conditions.contains(q) ? value : completed(value)) AS v\(n)") }
                if conditional { values.append("\(notCompleted(value)) AS c\(n)") }
                output.append(plain && conditional ? "coalesce(v\(n), c\(n))" : plain ? "v\(n)" : "c\(n)")
            }
            func set(_ columns: [String]) -> String { "(" + columns.joined(separator: ", ") + ")" }
            var sets = [set(["outcome", "answer_kinds"] + dimensions.map { column($0) } + conditionsOnly.map { column($0, onlyIfNotCompleted: true) })]
            if !subjects.isEmpty { sets.append(set(["done"] + subjects.map { column($0) })) }
            sets += [set(["done", "week", "last_hour", "event", "contact_left"]), set(["done", "route_fits"])]
            var pageRange = ""
            if let from = pages.from { pageRange += " AND ctid >= '(\(from),0)'::tid" }
            if let to = pages.to { pageRange += " AND ctid < '(\(to),0)'::tid" }
            let inner = window.query("""
                SELECT outcome, outcome = 'completed' AS done, answer_kinds, \((values + ["\(completed(Self.weekBin)) AS week"]).joined(separator: ", ")),
                  \(completed("started_at >= \(Self.weekBin) + interval '167 hours'")) AS last_hour, \(completed("event")) AS event,
                  \(completed("contact_left")) AS contact_left, \(completed("route_fits")) AS route_fits
                FROM routewijzer.sessions WHERE true\(pageRange)
                """, binds: binds)
            // Of the groupings but the first, only completed sessions' groups are read.
            let sql = """
                SELECT * FROM (
                  SELECT GROUPING(answer_kinds) AS g, \(subjects.first.map { "GROUPING(\(column($0)))" } ?? "1"), GROUPING(week),
                    outcome, answer_kinds, \(output.map { $0 + ", " }.joined())week, last_hour, event, contact_left,
                    route_fits, count(*), done
                  FROM (\(inner.sql)) s
                  GROUP BY GROUPING SETS (\(sets.joined(separator: ", ")))) groups
                WHERE g = 0 OR done
                """
            return PostgresQuery(unsafeSQL: sql, binds: inner.binds)
        }

        func groups(_ window: Window, pages: (from: Int?, to: Int?)?, _ db: CentralDatabase) async throws(CentralError) -> [Group] {
            var groups: [Group] = []
            let k = questions.count
            try await db.rows(query(window, pages: pages ?? (nil, nil))) { row in
                var cells = row.makeIterator()
                func next<T: PostgresDecodable>(_: T.Type) throws -> T { try cells.next()!.decode(T.self) }
                let marks = try (next(Int.self), next(Int.self), next(Int.self))
                let grouping: Grouping = marks.0 == 0 ? .answers : marks.1 == 0 ? .subjects : marks.2 == 0 ? .time : .routes
                let outcomeText = try next(String?.self)
                guard let outcome = grouping == .answers ? outcomeText.flatMap(SessionOutcome.init(rawValue:)) : .completed else { return }
                let kinds = try next(String?.self)
                var answers: [String?] = []
                answers.reserveCapacity(k)
                for _ in 0..<k { answers.append(try next(String?.self)) }
                groups.append(Group(
                    grouping: grouping, outcome: outcome, kinds: kinds, answers: answers,
                    week: try next(Date?.self), lastHour: try next(Bool?.self) ?? false, event: try next(String?.self),
                    contact: try next(Bool?.self), fits: try next(String?.self), sessions: try next(Int.self)))
            }
            return groups
        }

        func groupsOrError(_ window: Window, pages: PartialRangeUpTo<Int>, _ db: CentralDatabase) async -> Result<[Group], CentralError> {
            do throws(CentralError) { return .success(try await groups(window, pages: (nil, pages.upperBound), db)) } catch { return .failure(error) }
        }

        func groupsOrError(_ window: Window, pages: PartialRangeFrom<Int>, _ db: CentralDatabase) async -> Result<[Group], CentralError> {
            do throws(CentralError) { return .success(try await groups(window, pages: (pages.lowerBound, nil), db)) } catch { return .failure(error) }
        }

        /// Counts the groups into `tally`, each part of it from the grouping made for it; nil when
        /// an answer's text cannot be read back exactly.
        func count(_ groups: [Group], first: UTCTime?, last: UTCTime?, into tally: inout DemandTally) -> Int? {
            // The kinds of each question's answers among completed sessions (what the dimensions
            // and subjects read) and among the others (what the conditions read).
            var seen: [String: (done: Bool, notDone: Bool)] = [:]
            for g in groups where g.grouping == .answers {
                guard let text = g.kinds else { continue }
                if g.outcome == .completed { seen[text, default: (false, false)].done = true } else { seen[text, default: (false, false)].notDone = true }
            }
            var shapes: [String: Shape] = [:]
            var kindsDone: [String: Set<String>] = [:], kindsNotDone: [String: Set<String>] = [:]
            for (text, by) in seen {
                guard let shape = Shape(text) else { return nil }
                shapes[text] = shape
                for (q, kind) in shape.kinds {
                    if by.done { kindsDone[q, default: []].insert(kind) }
                    if by.notDone { kindsNotDone[q, default: []].insert(kind) }
                }
            }
            // How to read each column's text, for completed sessions and for the others.
            var readers: [[Reader?]] = [Array(repeating: nil, count: questions.count), Array(repeating: nil, count: questions.count)]
            for (n, (kinds, read)) in [(kindsDone, dimensions + subjects), (kindsNotDone, conditions)].enumerated() {
                for q in read {
                    guard let found = kinds[q] else { continue }
                    guard found.count == 1, let reader = Reader(kind: found.first!) else { return nil }
                    readers[n][self.questions.firstIndex(of: q)!] = reader
                }
            }
            let columns = { (questions: [String]) in questions.map { (question: $0, column: self.questions.firstIndex(of: $0)!) } }
            let (dimensionColumns, subjectColumns, conditionColumns) = (columns(dimensions), columns(subjects), columns(conditions))
            func answers(_ g: Group, _ columns: [(question: String, column: Int)]) -> Answers? {
                var answers: Answers = [:]
                let read = readers[g.outcome == .completed ? 0 : 1]
                for (q, c) in columns {
                    guard let text = g.answers[c] else { continue }
                    guard let value = read[c]?.value(text) else { return nil }
                    answers[q] = value
                }
                return answers
            }

            var out = tally
            var sessions = 0
            for t in [first, last].compactMap({ $0 }) { out.countStart(t) }
            // Sessions not completed count in the funnel alone, which reads only the outcome, the
            // kinds and the conditions' answers: groups alike in those are counted together (the
            // conditions are worked out once for each).
            var funnel: [FunnelKey: Int] = [:]
            for g in groups {
                switch g.grouping {
                case .answers:
                    sessions += g.sessions
                    if g.outcome == .completed {
                        guard let a = answers(g, dimensionColumns) else { return nil }
                        out.countSession(.completed, answers: [:], sessions: g.sessions)
                        out.countDimensions(a, sessions: g.sessions)
                    } else {
                        guard let text = g.kinds else { return nil }
                        funnel[FunnelKey(outcome: g.outcome, kinds: text, conditions: conditionColumns.map { g.answers[$0.column] }), default: 0] += g.sessions
                    }
                case .subjects:
                    guard let a = answers(g, subjectColumns) else { return nil }
                    out.countSubjects(a, sessions: g.sessions)
                case .time:
                    guard let week = g.week else { return nil }
                    let start = UTCTime(date: week).adding(seconds: g.lastHour ? 167 * 3600 : 0)
                    out.countWhenAndWhere(startedAt: start, event: g.event, contact: g.contact == true, sessions: g.sessions)
                case .routes:
                    guard let text = g.fits, let fits = Self.fits(text) else { return nil }
                    out.countFits(fits, sessions: g.sessions)
                }
            }
            for (key, n) in funnel {
                // What the conditions read, and of the other questions only that they were answered.
                let g = Group(grouping: .answers, outcome: key.outcome, kinds: key.kinds, answers: questions.map { q in
                    conditions.firstIndex(of: q).flatMap { key.conditions[$0] }
                }, week: nil, lastHour: false, event: nil, contact: nil, fits: nil, sessions: n)
                guard let conditionAnswers = answers(g, conditionColumns) else { return nil }
                var given: Answers = [:]
                for (q, _) in shapes[key.kinds]!.kinds { given[q] = conditionAnswers[q] ?? Self.answered }
                out.countSession(key.outcome, answers: given, sessions: n)
            }
            tally = out
            return sessions
        }

        struct FunnelKey: Hashable {
            var outcome: SessionOutcome
            var kinds: String
            var conditions: [String?]
        }

        /// Stands for an answer whose value nothing reads: only that it was given.
        static let answered = AnswerValue.options([])

        /// `route_fits`: ids then fits, in one array.
        static func fits(_ text: String) -> [(String, Fit)]? {
            guard case .options(let all)? = RecordLineDecoder.answer(json: text), all.count % 2 == 0 else { return nil }
            let half = all.count / 2
            var out: [(String, Fit)] = []
            for i in 0..<half {
                guard let fit = Fit(rawValue: all[half + i]) else { return nil }
                out.append((all[i], fit))
            }
            return out
        }
    }

    /// `answer_kinds`: the keys of a session's answers, then the kind of each (jsonpath's
    /// `type()`: string, number, boolean, array, object, null).
    struct Shape {
        var kinds: [(String, String)]

        init?(_ text: String) {
            guard case .options(let all)? = RecordLineDecoder.answer(json: text), all.count % 2 == 0 else { return nil }
            let half = all.count / 2
            kinds = (0..<half).map { (all[$0], all[half + $0]) }
        }
    }

    /// Reads an answer back from its text (`->>`), given its kind: a string is its text; the
    /// text of any other kind is its JSON, read as the session log reads it.
    enum Reader {
        case string, json(String)

        init?(kind: String) {
            switch kind {
            case "string": self = .string
            case "number", "boolean", "array": self = .json(kind)
            default: return nil
            }
        }

        func value(_ text: String) -> AnswerValue? {
            switch self {
            case .string: return .option(text)
            case .json(let kind):
                guard let value = RecordLineDecoder.answer(json: text) else { return nil }
                switch (kind, value) {
                case ("number", .number), ("boolean", .boolean), ("array", .options): return value
                default: return nil
                }
            }
        }
    }
}

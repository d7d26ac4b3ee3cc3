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
/// the file report counts records, each group at once. Five groupings, in one pass over the
/// table (`GROUPING SETS`), split over two connections by block ranges on larger stores:
///
/// - the outcome, the questions answered and the kind of each answer (`answer_kinds`), and the
///   answers `showIf` conditions read: the funnel, and the kinds of the answers read by value;
/// - the outcome and the answers to the single-choice questions the report groups by;
/// - the outcome and the answers to the subject questions;
/// - the outcome, the week, the event and whether contact details were left;
/// - the outcome and the routes fitted and nearly fitted (`route_fits`).
///
/// Answers come back as text (`->>`, much cheaper for the server than jsonb values); the kinds
/// say how to read each. Where one question's answers are of more than one kind among the
/// sessions a grouping reads, the text could mean either, and `count` declines.
public enum StoredTally {
    /// How counting went.
    public enum Outcome: Sendable, Equatable {
        /// Counted: this many sessions.
        case counted(Int)
        /// Not counted here, for this reason (in Dutch, as the coordinators' messages): read every record instead (`StoredRecords`), which is
        /// as exact and slower.
        case readRecords(because: String)
    }

    /// Counts the store's sessions that pass `filter` into `tally` (which must be empty). It
    /// declines, leaving `tally` untouched, where the server cannot count exactly this way: a
    /// store whose schema is older than version 2, a server older than PostgreSQL 14 (`date_bin`,
    /// block-range scans), or answers of mixed kinds.
    public static func count(into tally: inout DemandTally, filter: RecordFilter, settings: CentralSettings) async throws(CentralError) -> Outcome {
        let db = try await CentralDatabase.connect(settings)
        do throws(CentralError) {
            let outcome = try await count(into: &tally, filter: filter, db)
            await db.close()
            return outcome
        } catch {
            await db.close()
            throw error
        }
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
            return .readRecords(because: "het schema van de opslag is ouder dan versie 2 (`routewijzer db migrate` werkt het bij)")
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
            let other = try await CentralDatabase.connect(db.settings)
            do throws(CentralError) {
                try await begin(other, snapshot: snapshot)
                let half = pages / 2
                async let firstHalf = plan.groupsOrError(window, pages: ..<half, db)
                async let secondHalf = plan.groupsOrError(window, pages: half..., other)
                let (a, b) = await (firstHalf, secondHalf)
                groups = try a.get() + b.get()
                try await other.execute("COMMIT")
                await other.close()
            } catch {
                await other.close()
                throw error
            }
        }
        try await db.execute("COMMIT")
        guard let sessions = plan.count(groups, first: first, last: last, into: &tally) else {
            return .readRecords(because: "de antwoorden op een vraag die het rapport leest zijn van meer dan één soort (tekst, getal, lijst, …)")
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
    enum Grouping: Sendable { case answers, dimensions, subjects, time, routes }

    /// One group: the values it is grouped by (the others nil) and how many sessions it has.
    struct Group: Sendable {
        var grouping: Grouping
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

        func column(_ question: String) -> String { "v\(questions.firstIndex(of: question)!)" }

        /// Weeks run from Monday 00:00 in the Netherlands: Sunday 23:00 UTC in winter, 22:00 in
        /// summer. Bins of 168 hours from a Sunday 23:00 UTC hold one Dutch week each, except
        /// their last hour (Sunday 22:00–23:00 UTC), which in summer is already Monday: it is
        /// kept apart (`last_hour`), and its week read from its own time.
        static let weekBin = "date_bin('168 hours', started_at, '2000-01-02 23:00+00')"

        func query(_ window: Window, pages: (from: Int?, to: Int?)) -> PostgresQuery {
            var binds = PostgresBindings()
            let values = questions.enumerated().map { n, q in
                binds.append(q)
                return "answers->>$\(binds.count) AS v\(n)"
            }
            func set(_ columns: [String]) -> String { "(" + (["outcome"] + columns).joined(separator: ", ") + ")" }
            var sets = [set(["answer_kinds"] + conditions.map(column))]
            if !dimensions.isEmpty { sets.append(set(dimensions.map(column))) }
            if !subjects.isEmpty { sets.append(set(subjects.map(column))) }
            sets += [set(["week", "last_hour", "event", "contact_left"]), set(["route_fits"])]
            var pageRange = ""
            if let from = pages.from { pageRange += " AND ctid >= '(\(from),0)'::tid" }
            if let to = pages.to { pageRange += " AND ctid < '(\(to),0)'::tid" }
            let inner = window.query("""
                SELECT outcome, answer_kinds, \((values + ["\(Self.weekBin) AS week"]).joined(separator: ", ")),
                  started_at >= \(Self.weekBin) + interval '167 hours' AS last_hour, event, contact_left, route_fits
                FROM routewijzer.sessions WHERE true\(pageRange)
                """, binds: binds)
            // Of the groupings but the first, only completed sessions' groups are read.
            let sql = """
                SELECT * FROM (
                  SELECT GROUPING(answer_kinds) AS g, \(dimensions.first.map { "GROUPING(\(column($0)))" } ?? "1"),
                    \(subjects.first.map { "GROUPING(\(column($0)))" } ?? "1"), GROUPING(week),
                    outcome, answer_kinds, \(questions.indices.map { "v\($0), " }.joined())week, last_hour, event, contact_left,
                    route_fits, count(*)
                  FROM (\(inner.sql)) s
                  GROUP BY GROUPING SETS (\(sets.joined(separator: ", ")))) groups
                WHERE g = 0 OR outcome = 'completed'
                """
            return PostgresQuery(unsafeSQL: sql, binds: inner.binds)
        }

        func groups(_ window: Window, pages: (from: Int?, to: Int?)?, _ db: CentralDatabase) async throws(CentralError) -> [Group] {
            var groups: [Group] = []
            let k = questions.count
            try await db.rows(query(window, pages: pages ?? (nil, nil))) { row in
                let cells = Array(row)
                let marks = try (0..<4).map { try cells[$0].decode(Int.self) }
                let grouping: Grouping = marks[0] == 0 ? .answers : marks[1] == 0 ? .dimensions : marks[2] == 0 ? .subjects
                    : marks[3] == 0 ? .time : .routes
                guard let outcome = SessionOutcome(rawValue: try cells[4].decode(String.self)) else { return }
                groups.append(Group(
                    grouping: grouping, outcome: outcome, kinds: try cells[5].decode(String?.self),
                    answers: try (0..<k).map { try cells[6 + $0].decode(String?.self) },
                    week: try cells[6 + k].decode(Date?.self), lastHour: try cells[7 + k].decode(Bool?.self) ?? false,
                    event: try cells[8 + k].decode(String?.self), contact: try cells[9 + k].decode(Bool?.self),
                    fits: try cells[10 + k].decode(String?.self), sessions: try cells[11 + k].decode(Int.self)))
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
            var shapes: [String: Shape] = [:]
            var kindsDone: [String: Set<String>] = [:], kindsNotDone: [String: Set<String>] = [:]
            for g in groups where g.grouping == .answers {
                guard let text = g.kinds else { continue }
                if shapes[text] == nil { guard let shape = Shape(text) else { return nil }; shapes[text] = shape }
                for (q, kind) in shapes[text]!.kinds {
                    if g.outcome == .completed { kindsDone[q, default: []].insert(kind) } else { kindsNotDone[q, default: []].insert(kind) }
                }
            }
            var readers: [[String: Reader]] = [[:], [:]]   // completed, not completed
            for (n, (kinds, read)) in [(kindsDone, dimensions + subjects), (kindsNotDone, conditions)].enumerated() {
                for q in read {
                    guard let found = kinds[q] else { continue }
                    guard found.count == 1, let reader = Reader(kind: found.first!) else { return nil }
                    readers[n][q] = reader
                }
            }
            func answers(_ g: Group, _ questions: [String]) -> Answers? {
                var answers: Answers = [:]
                let read = readers[g.outcome == .completed ? 0 : 1]
                for q in questions {
                    guard let text = g.answers[self.questions.firstIndex(of: q)!] else { continue }
                    guard let value = read[q]?.value(text) else { return nil }
                    answers[q] = value
                }
                return answers
            }

            var out = tally
            var sessions = 0
            for t in [first, last].compactMap({ $0 }) { out.countStart(t) }
            for g in groups {
                if g.grouping != .answers && g.outcome != .completed { continue }
                switch g.grouping {
                case .answers:
                    sessions += g.sessions
                    var given: Answers = [:]
                    if g.outcome != .completed {
                        // What the conditions read, and of the other questions only that they were answered.
                        guard let text = g.kinds, let conditionAnswers = answers(g, conditions) else { return nil }
                        for (q, _) in shapes[text]!.kinds { given[q] = conditionAnswers[q] ?? Self.answered }
                    }
                    out.countSession(g.outcome, answers: given, sessions: g.sessions)
                case .dimensions:
                    guard let a = answers(g, dimensions) else { return nil }
                    out.countDimensions(a, sessions: g.sessions)
                case .subjects:
                    guard let a = answers(g, subjects) else { return nil }
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
            tally = out
            return sessions
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

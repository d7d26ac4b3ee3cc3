#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Matching
import RouteCatalog
import SessionLog

/// Counts sessions for the demand report as they stream past: memory grows with the number of
/// distinct answers, routes, weeks and events, never with the number of sessions.
///
/// Demand (routes, subjects, school type, role, province, sector, education, weeks, events) is
/// counted over **completed** sessions only: those that saw their results. An abandoned or
/// timed-out session counts in the funnel and nowhere else, so someone who answered only the first
/// question never counts as "fits the bachelor".
public struct DemandTally: Sendable {
    public let questions: ReportQuestions
    let catalogue: Catalogue?

    public internal(set) var started = 0
    public internal(set) var outcomes: [SessionOutcome: Int] = [:]
    /// Sessions that answered every question they were asked (completed ones always did).
    public internal(set) var answeredAll = 0
    public internal(set) var completed = 0
    /// Completed sessions that left contact details.
    public internal(set) var contacts = 0
    public internal(set) var eligible: [String: Int] = [:]
    public internal(set) var near: [String: Int] = [:]
    /// Single-choice question id → option id (`""`: not answered) → completed sessions.
    public internal(set) var single: [String: [String: Int]] = [:]
    /// Subject question id → option id → completed sessions that chose it.
    public internal(set) var subjects: [String: [String: Int]] = [:]
    /// Subject question id → completed sessions that answered it.
    public internal(set) var subjectAnswered: [String: Int] = [:]
    /// Cross table key → "row\u{1F}column" → completed sessions.
    public internal(set) var cross: [String: [String: Int]] = [:]
    /// ISO week of the (Dutch) start date → completed sessions.
    public internal(set) var weeks: [String: Int] = [:]
    /// Event label (`""`: none) → completed sessions.
    public internal(set) var events: [String: Int] = [:]
    public internal(set) var firstStart: UTCTime?
    public internal(set) var lastStart: UTCTime?
    /// Session ids with contact details in a contacts store read alongside (records written
    /// before `contactLeft` existed).
    public var contactIDs: Set<UUID> = []

    /// The cross tables considered: rows × columns, by meaning.
    public static let crossCandidates: [(key: String, rows: String, columns: String)] = [
        ("provinceSchoolType", "province", "schoolType"),
        ("roleSchoolType", "role", "schoolType"),
        ("sectorProvince", "sector", "province"),
    ]
    let crossQuestions: [(key: String, rows: String, columns: String)]
    let singleQuestions: [String]

    public init(catalogue: Catalogue?) {
        self.catalogue = catalogue
        questions = ReportQuestions(catalogue: catalogue)
        singleQuestions = questions.dimensions.map(\.question)
        let byKey = Dictionary(questions.dimensions.map { ($0.key, $0.question) }, uniquingKeysWith: { a, _ in a })
        crossQuestions = Self.crossCandidates.compactMap { c in
            guard let r = byKey[c.rows], let k = byKey[c.columns] else { return nil }
            return (c.key, r, k)
        }
    }

    static func option(_ value: AnswerValue?) -> String {
        switch value {
        case nil: return ""
        case .option(let id)?: return id
        case let v?: return v.description
        }
    }

    public mutating func add(_ r: OutcomeRecord) {
        countStart(r.startedAt)
        countSession(r.outcome, answers: r.answers)
        guard r.outcome == .completed else { return }
        countDimensions(r.answers)
        countSubjects(r.answers)
        countFits(r.routes.lazy.map { ($0.id, $0.fit) })
        countWhenAndWhere(startedAt: r.startedAt, event: r.event, contact: r.contactLeft == true || contactIDs.contains(r.id))
    }

    // What one session adds, in parts that each read only some of it, so that sessions alike in
    // what a part reads can be counted at once (`sessions`: how many), as the central store does
    // (grouped by the server). `add` is these parts for one record.

    /// The first and last start.
    public mutating func countStart(_ startedAt: UTCTime) {
        if firstStart == nil || startedAt < firstStart! { firstStart = startedAt }
        if lastStart == nil || lastStart! < startedAt { lastStart = startedAt }
    }

    /// The funnel: started, the outcome, answered every question, completed. Of the answers, it
    /// reads the values of `conditionQuestions` and whether the others were answered, and only
    /// for a session that was not completed.
    public mutating func countSession(_ outcome: SessionOutcome, answers: Answers, sessions n: Int = 1) {
        started += n
        outcomes[outcome, default: 0] += n
        let done = outcome == .completed
        if done || answeredEverything(answers) { answeredAll += n }
        if done { completed += n }
    }

    /// The single-choice questions and their cross tables, for completed sessions: reads the
    /// answers to `dimensionQuestions`.
    public mutating func countDimensions(_ answers: Answers, sessions n: Int = 1) {
        for q in singleQuestions { single[q, default: [:]][Self.option(answers[q]), default: 0] += n }
        for c in crossQuestions {
            let key = Self.option(answers[c.rows]) + "\u{1F}" + Self.option(answers[c.columns])
            cross[c.key, default: [:]][key, default: 0] += n
        }
    }

    /// The subject questions, for completed sessions: reads the answers to `subjectQuestions`.
    public mutating func countSubjects(_ answers: Answers, sessions n: Int = 1) {
        for q in questions.subjects {
            guard let a = answers[q] else { continue }
            subjectAnswered[q, default: 0] += n
            switch a {
            case .options(let ids): for id in Set(ids) { subjects[q, default: [:]][id, default: 0] += n }
            case .option(let id): subjects[q, default: [:]][id, default: 0] += n
            default: break
            }
        }
    }

    /// The routes a completed session fits or nearly fits: its routes' ids and fits, best first.
    public mutating func countFits<S: Sequence>(_ fits: S, sessions n: Int = 1) where S.Element == (String, Fit) {
        for (id, fit) in fits {
            switch fit {
            case .eligible: eligible[id, default: 0] += n
            case .near: near[id, default: 0] += n
            case .notEligible: break
            }
        }
    }

    /// The week (of the Dutch date it started on), the event and whether contact details were
    /// left, for completed sessions.
    public mutating func countWhenAndWhere(startedAt: UTCTime, event: String?, contact: Bool, sessions n: Int = 1) {
        if contact { contacts += n }
        weeks[AmsterdamTime.local(startedAt).date.isoWeekLabel, default: 0] += n
        events[event ?? "", default: 0] += n
    }

    /// The questions whose answers `countSession` reads by value: those a `showIf` reads. Of
    /// every other question it reads only whether it was answered (and of the answers only
    /// whether there are any).
    public var conditionQuestions: [String] {
        guard let catalogue else { return [] }
        var seen = Set<String>()
        return catalogue.questions.compactMap(\.showIf).flatMap { $0.questionIds.sorted() }.filter { seen.insert($0).inserted }
    }

    /// The questions `countDimensions` reads: the single-choice questions the report groups by.
    public var dimensionQuestions: [String] { singleQuestions }

    /// The questions `countSubjects` reads.
    public var subjectQuestions: [String] { questions.subjects }

    /// Whether every question the visitor was asked (not optional) has an answer; without a
    /// catalogue nothing can be said, and only completed sessions count as answered.
    func answeredEverything(_ answers: Answers) -> Bool {
        guard let catalogue, !answers.isEmpty else { return false }
        return catalogue.visibleQuestions(answers).allSatisfy { $0.isOptional || answers[$0.id] != nil }
    }
}

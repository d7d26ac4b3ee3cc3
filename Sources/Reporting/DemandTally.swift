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
        started += 1
        outcomes[r.outcome, default: 0] += 1
        if firstStart == nil || r.startedAt < firstStart! { firstStart = r.startedAt }
        if lastStart == nil || lastStart! < r.startedAt { lastStart = r.startedAt }
        let done = r.outcome == .completed
        if done || answeredEverything(r.answers) { answeredAll += 1 }
        guard done else { return }
        completed += 1
        if r.contactLeft == true || contactIDs.contains(r.id) { contacts += 1 }
        for route in r.routes {
            switch route.fit {
            case .eligible: eligible[route.id, default: 0] += 1
            case .near: near[route.id, default: 0] += 1
            case .notEligible: break
            }
        }
        for q in singleQuestions { single[q, default: [:]][Self.option(r.answers[q]), default: 0] += 1 }
        for q in questions.subjects {
            guard let a = r.answers[q] else { continue }
            subjectAnswered[q, default: 0] += 1
            switch a {
            case .options(let ids): for id in Set(ids) { subjects[q, default: [:]][id, default: 0] += 1 }
            case .option(let id): subjects[q, default: [:]][id, default: 0] += 1
            default: break
            }
        }
        for c in crossQuestions {
            let key = Self.option(r.answers[c.rows]) + "\u{1F}" + Self.option(r.answers[c.columns])
            cross[c.key, default: [:]][key, default: 0] += 1
        }
        weeks[AmsterdamTime.local(r.startedAt).date.isoWeekLabel, default: 0] += 1
        events[r.event ?? "", default: 0] += 1
    }

    /// Whether every question the visitor was asked (not optional) has an answer; without a
    /// catalogue nothing can be said, and only completed sessions count as answered.
    func answeredEverything(_ answers: Answers) -> Bool {
        guard let catalogue, !answers.isEmpty else { return false }
        return catalogue.visibleQuestions(answers).allSatisfy { $0.isOptional || answers[$0.id] != nil }
    }
}

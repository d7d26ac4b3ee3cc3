import RouteCatalog

/// The words coordinators read in exports and reports: column heads, the catalogue's option labels
/// and route names, and Dutch (or English) words for the log's own values (fit, outcome, channel,
/// yes/no). Without a catalogue, or for an id the catalogue does not know (a record written with an
/// older catalogue), the id is shown as it is.
public struct Vocabulary: Sendable {
    public let language: Language
    /// Question id → option id → label.
    let optionLabels: [String: [String: String]]
    let routeNames: [String: String]
    let questionTexts: [String: String]
    /// Question id → place in the questionnaire.
    let questionOrder: [String: Int]
    /// The catalogue's questions, in questionnaire order (empty without a catalogue).
    public let questions: [Question]
    /// The catalogue's route ids, in catalogue order.
    public let routeIDs: [String]

    public init(catalogue: Catalogue?, language: Language = .nl) {
        self.language = language
        var options: [String: [String: String]] = [:]
        var texts: [String: String] = [:]
        var order: [String: Int] = [:]
        for (i, q) in (catalogue?.questions ?? []).enumerated() {
            options[q.id] = Dictionary(q.choices.map { ($0.id, $0.label[language]) }, uniquingKeysWith: { a, _ in a })
            texts[q.id] = q.text[language]
            order[q.id] = i
        }
        optionLabels = options
        questionTexts = texts
        questionOrder = order
        questions = catalogue?.questions ?? []
        routeIDs = catalogue?.routes.map(\.id) ?? []
        routeNames = Dictionary((catalogue?.routes ?? []).map { ($0.id, $0.name[language]) }, uniquingKeysWith: { a, _ in a })
    }

    /// A text of the catalogue in this language, its placeholders filled with `args`.
    public subscript(_ key: TextKey, _ args: any CustomStringConvertible...) -> String { language.text(key, arguments: args) }

    public func route(_ id: String) -> String { routeNames[id] ?? id }

    public func option(_ question: String, _ id: String) -> String { optionLabels[question]?[id] ?? id }

    public func knowsRoute(_ id: String) -> Bool { routeNames[id] != nil }

    public func yesNo(_ b: Bool) -> String { b ? self[.cellYes] : self[.cellNo] }

    public func fit(_ f: Fit) -> String {
        switch f {
        case .eligible: return self[.cellFitEligible]
        case .near: return self[.cellFitNear]
        case .notEligible: return self[.cellFitNotEligible]
        }
    }

    public func outcome(_ o: SessionOutcome) -> String {
        switch o {
        case .completed: return self[.outcomeCompleted]
        case .abandoned: return self[.outcomeAbandoned]
        case .timedOut: return self[.outcomeTimedOut]
        }
    }

    public func channel(_ c: Channel) -> String {
        switch c {
        case .kiosk: return "Kiosk"
        case .ssh: return "SSH"
        case .cli: return self[.channelTerminal]
        }
    }

    /// The language a visitor used, by its code (`nl`, `en`).
    public func languageName(_ code: String) -> String {
        switch code {
        case "nl": return self[.languageDutch]
        case "en": return self[.languageEnglish]
        default: return code
        }
    }

    /// Short column heads by what a question means; a subject head only when one question
    /// carries that meaning.
    static let meaningHeads: [QuestionMeaning: TextKey] = [
        .education: .headEducation, .sector: .headSector, .schoolType: .headSchoolType,
        .role: .headRole, .province: .headProvince, .age: .headAge, .subject: .headSubject,
    ]

    /// Short column heads for the other questions of the bundled catalogue (and of logs written
    /// with earlier ones); any other question is headed by its text in the catalogue, or its id.
    static let shortHeads: [String: TextKey] = [
        "foreignQualification": .headForeignQualification,
        "foreignDiploma": .headForeignDiploma,
        "hboAssessment": .headHboAssessment,
        "experienceYears": .headExperienceYears,
        "relatedBachelor": .headRelatedBachelor,
        "vmboProfiles": .headVmboProfiles,
        "mboSubjects": .headMboSubjects,
        "profiles": .headSubject,
        "schoolJob": .headSchoolJob,
        "hours": .headHours,
    ]

    /// The column head of a question.
    public func questionHead(_ id: String) -> String {
        if let meaning = questions.first(where: { $0.id == id })?.meaning, let head = Self.meaningHeads[meaning],
           !meaning.allowsSeveral || questions.filter({ $0.meaning == meaning }).count == 1 {
            return self[head]
        }
        if let short = Self.shortHeads[id] { return self[short] }
        return questionTexts[id] ?? id
    }

    /// Question ids in questionnaire order; ids the catalogue does not know come last, by id.
    public func ordered(questionIDs: [String]) -> [String] {
        questionIDs.sorted { a, b in
            switch (questionOrder[a], questionOrder[b]) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a < b
            }
        }
    }

    /// Separates the labels of a multiple-choice answer in one cell (labels may hold commas).
    public static let listSeparator = " | "

    /// An answer as a coordinator reads it: a label, a number, yes/no, or labels joined.
    public enum Cell: Equatable, Sendable {
        case text(String)
        case number(Int)
    }

    public func answer(_ question: String, _ value: AnswerValue) -> Cell {
        switch value {
        case .option(let id): return .text(option(question, id))
        case .number(let n): return .number(n)
        case .boolean(let b): return .text(yesNo(b))
        case .options(let ids): return .text(ids.map { option(question, $0) }.joined(separator: Self.listSeparator))
        }
    }
}

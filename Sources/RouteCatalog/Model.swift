#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// `Language` and the fixed texts live in `Texts`; every module that reads the catalogue sees them.
@_exported import Texts

/// A text shown to people, in Dutch and English. Both are required.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var nl: String
    public var en: String

    public init(nl: String, en: String) {
        self.nl = nl
        self.en = en
    }

    public subscript(language: Language) -> String {
        switch language {
        case .nl: return nl
        case .en: return en
        }
    }
}

/// How sure we are of a fact. Medium and low facts are shown as "to be checked".
public enum Confidence: String, Sendable, Codable, Comparable, CaseIterable {
    case high, medium, low

    private var rank: Int {
        switch self {
        case .high: return 2
        case .medium: return 1
        case .low: return 0
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}

/// A public source that supports facts: the page that says them, the words on it that carry them,
/// the date the page shows, and which facts of its entry it carries.
public struct Source: Sendable, Hashable, Codable {
    /// The page that says it (a deep link, not a site's home page).
    public var url: String
    /// The words on the page that carry the claim, quoted or closely paraphrased.
    public var supports: String
    public var confidence: Confidence
    /// The date the page shows (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), or `undated`.
    public var pageDate: String?
    /// When the claim was last checked against the page.
    public var checkedOn: String?
    /// The facts of the entry this source carries: `leadsTo`, `durationMonths`, `cost`,
    /// `requirements.<id>`, `steps[<n>]`, `offeredAt.<provider>`, `locations.<id>`, `text`, …
    public var about: [String]?
    /// The catalogue states the fact as of the page's date (with its year), so the page's age is
    /// expected: no "too old" warning.
    public var historic: Bool?

    public init(url: String, supports: String, confidence: Confidence, pageDate: String? = nil,
                checkedOn: String? = nil, about: [String]? = nil, historic: Bool? = nil) {
        self.url = url
        self.supports = supports
        self.confidence = confidence
        self.pageDate = pageDate
        self.checkedOn = checkedOn
        self.about = about
        self.historic = historic
    }
}

/// An answer option of a choice question.
public struct Choice: Sendable, Hashable, Codable {
    public var id: String
    public var label: LocalizedText
    public var help: LocalizedText?
    /// The option says "no preference" ("either", "not sure yet"): on a `schoolType` or `role`
    /// question, routes are then not split by that answer.
    public var noPreference: Bool?

    public var isNoPreference: Bool { noPreference ?? false }
}

/// What a question means to the program. Code that needs a specific answer (the age for the
/// contact step, the province for distances, the school type and role for grouping the results,
/// education, sector and subjects for the coordinators' report) finds the question by its declared
/// meaning, never by its id; `validate` checks the declarations.
public enum QuestionMeaning: String, Sendable, Hashable, Codable, CaseIterable {
    /// The highest completed qualification (single choice). Report.
    case education
    /// The sector of most work experience (single choice). Report.
    case sector
    /// The school type the visitor wants to teach in (single choice); route `schoolTypes` are its
    /// option ids. Groups the results.
    case schoolType
    /// The role the visitor wants (single choice); route `roles` are its option ids. Groups the
    /// results.
    case role
    /// Subjects or profiles the visitor wants to teach (multiple choice); may be on several
    /// questions (vmbo profiles, mbo subjects). Report.
    case subject
    /// The visitor's province (single choice); every option needs a region. Distances.
    case province
    /// The visitor's age in years (number). Keeps the contact step from anyone under 16.
    case age

    /// Whether more than one question may carry this meaning.
    public var allowsSeveral: Bool { self == .subject }

    /// The question kinds this meaning fits.
    public var kinds: Set<Question.Kind> {
        switch self {
        case .education, .sector, .schoolType, .role, .province: return [.single]
        case .subject: return [.multiple]
        case .age: return [.number]
        }
    }
}

public struct Question: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case single, multiple, number, boolean
    }

    public var id: String
    public var kind: Kind
    public var text: LocalizedText
    /// A word or two for the review screen ("Diploma", "Provincie"); the question when absent.
    public var shortText: LocalizedText?
    public var help: LocalizedText?
    public var options: [Choice]?
    public var min: Int?
    public var max: Int?
    public var unit: LocalizedText?
    public var showIf: Condition?
    public var optional: Bool?
    /// What the question means to the program (see `QuestionMeaning`).
    public var meaning: QuestionMeaning?

    /// The options of a choice question; empty for numbers and yes/no.
    public var choices: [Choice] { options ?? [] }
    public var isOptional: Bool { optional ?? false }

    public func option(_ id: String) -> Choice? { choices.first { $0.id == id } }
}

public struct GeoPoint: Sendable, Hashable, Codable {
    public var name: String
    public var lat: Double
    public var lon: Double
}

public struct Region: Sendable, Hashable, Codable {
    public var id: String
    public var name: LocalizedText
    /// The province capital; `nil` for "abroad".
    public var referencePoint: GeoPoint?
}

public struct Location: Sendable, Hashable, Codable {
    public var id: String
    public var city: String
    public var province: String
    public var lat: Double
    public var lon: Double
    public var confidence: Confidence
    public var note: LocalizedText?
}

public struct Provider: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var ecpbPartner: Bool
    public var url: String
    public var locations: [Location]
    public var sources: [Source]
    public var checkedOn: String
}

public struct MonthRange: Sendable, Hashable, Codable {
    public var min: Int
    public var max: Int
}

/// What a route costs, who can pay, and whether you earn meanwhile, as of a date.
public struct Cost: Sendable, Hashable, Codable {
    /// What it costs (tuition, a course fee, nothing).
    public var text: LocalizedText
    public var confidence: Confidence
    /// The date the amounts are of (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a study year `YYYY-YYYY`).
    public var asOf: String?
    /// Who can pay: the employer, a fund, a grant or loan.
    public var whoPays: LocalizedText?
    /// Whether you earn meanwhile (a salary from day one, your own job).
    public var earning: LocalizedText?
}

/// Where a route is offered: a provider and some of its locations.
public struct Offer: Sendable, Hashable, Codable {
    public var provider: String
    public var locations: [String]
    public var note: LocalizedText?
    /// The programme's own page at this provider (the screens and the QR code link there).
    public var url: String?
}

/// A rule of a route with the texts that explain it either way.
public struct Criterion: Sendable, Hashable, Codable {
    public var id: String
    public var when: Condition
    /// What to say when it passes; nil when passing needs no word (a broad condition whose
    /// narrower companion already says it, like "a diploma or 21+" next to "a diploma").
    public var pass: LocalizedText?
    public var fail: LocalizedText
    /// Whether the person can still meet it (find a school, get a VOG) or not (a diploma they lack).
    public var attainable: Bool
    /// Only on preferences: how much a passing preference adds to the score.
    public var weight: Double?

    public init(id: String, when: Condition, pass: LocalizedText?, fail: LocalizedText, attainable: Bool,
                weight: Double? = nil) {
        self.id = id
        self.when = when
        self.pass = pass
        self.fail = fail
        self.attainable = attainable
        self.weight = weight
    }
}

/// A next step of a route, shown only when its condition passes or cannot be decided yet.
public struct RouteStep: Sendable, Hashable, Codable {
    public var text: LocalizedText
    /// When the step applies ("find a school" only without a school). Unknown answers show it.
    public var showIf: Condition?

    public init(text: LocalizedText, showIf: Condition? = nil) {
        self.text = text
        self.showIf = showIf
    }
}

public struct Route: Sendable, Hashable, Codable {
    public var id: String
    public var name: LocalizedText
    /// A shorter name for lists in narrow windows; the name when absent.
    public var shortName: LocalizedText?
    /// Only for some visitors (a teacher qualified abroad): the route is left out of the results
    /// when this condition fails (shown when it passes or cannot be decided yet).
    public var showIf: Condition?
    public var summary: LocalizedText
    public var schoolTypes: [String]
    public var roles: [String]
    public var leadsTo: LocalizedText
    public var nlqf: Int?
    public var durationMonths: MonthRange
    public var cost: Cost?
    public var steps: [RouteStep]
    public var offeredAt: [Offer]
    /// Who to ask when no provider offers the route as a programme (a school, a regional desk).
    public var askInstead: LocalizedText?
    public var requirements: [Criterion]
    public var preferences: [Criterion]?
    public var confidence: Confidence
    /// What a visitor should check with the hogeschool, in one plain sentence; required when any
    /// fact of the route (the route, its cost, a location) is less than certain.
    public var verify: LocalizedText?
    public var caveat: LocalizedText?
    public var sources: [Source]
    public var checkedOn: String

    public var weightedPreferences: [Criterion] { preferences ?? [] }
}

public struct SharedStep: Sendable, Hashable, Codable {
    public enum Position: String, Sendable, Codable {
        case first, last
    }

    public var id: String
    public var text: LocalizedText
    /// When the step applies; unknown answers show it.
    public var showIf: Condition?
    /// Only these routes get the step; nil means every eligible or near route.
    public var routes: [String]?
    public var position: Position
    public var sources: [Source]
    public var checkedOn: String
    public var confidence: Confidence
}

public struct Initiative: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        case dated, current
    }

    public var id: String
    public var name: LocalizedText
    public var year: Int
    public var provinces: [String]
    public var summary: LocalizedText
    public var status: Status
    public var sources: [Source]
    public var checkedOn: String
    public var confidence: Confidence
}

/// Where a visitor can get help finding a school or a route: a regional onderwijsloket or
/// onderwijsregio, or a national desk (no provinces).
public struct HelpDesk: Sendable, Hashable, Codable {
    public var id: String
    public var name: LocalizedText
    public var url: String
    /// The provinces it serves; nil or empty means every visitor.
    public var provinces: [String]?
    public var summary: LocalizedText
    public var sources: [Source]
    public var checkedOn: String
    public var confidence: Confidence

    public var isNational: Bool { provinces?.isEmpty ?? true }
}

/// A persona with the outcome Dutch rules give them; `validate` checks every example.
public struct Example: Sendable, Hashable, Codable {
    public var name: String
    public var answers: Answers
    public var eligible: [String]?
    public var near: [String]?
    public var notEligible: [String]?
    public var top: String?
    /// The routes expected apart, under "also possible" (another role or school type than the
    /// persona chose); every other route is expected in their own group.
    public var alsoPossible: [String]?
}

/// The whole catalogue as decoded from `routes.json`.
public struct Catalogue: Sendable, Hashable, Codable {
    public var schemaVersion: Int
    public var catalogueVersion: String
    public var checkedOn: String
    public var questions: [Question]
    public var regions: [Region]
    public var providers: [Provider]
    public var routes: [Route]
    public var sharedSteps: [SharedStep]
    public var initiatives: [Initiative]
    /// Where to get help finding a school (absent in older catalogues).
    public var helpDesks: [HelpDesk]?
    public var examples: [Example]

    public var helpDeskList: [HelpDesk] { helpDesks ?? [] }

    public static let supportedSchemaVersion = 2

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }
    /// The (first) question that declares this meaning.
    public func question(meaning: QuestionMeaning) -> Question? { questions.first { $0.meaning == meaning } }
    /// Every question that declares this meaning, in questionnaire order.
    public func questions(meaning: QuestionMeaning) -> [Question] { questions.filter { $0.meaning == meaning } }
    public func route(_ id: String) -> Route? { routes.first { $0.id == id } }
    public func provider(_ id: String) -> Provider? { providers.first { $0.id == id } }
    public func region(_ id: String) -> Region? { regions.first { $0.id == id } }
}

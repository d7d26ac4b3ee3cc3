import Matching
import RouteCatalog

/// Where the visitor is.
public enum Screen: Sendable, Hashable {
    case welcome
    case question(String)
    case review
    case results
    case routeDetail(String)
    case contactConsent
    case contactForm
    case saved
}

/// A layer over the screen that takes the keys until it is closed.
public enum Overlay: Sendable, Hashable {
    case help
    case confirmQuit
    /// Kiosk: "starting again in N s; press any key".
    case idleCountdown(seconds: Int)
    /// Kiosk: the advisor types the PIN (the digits typed so far).
    case pin(String)
    /// The results as a QR code to take home (`m` on the results); any key closes it.
    case takeHome
}

/// Something the visitor should correct or know; the front words it in their language.
public enum Notice: Sendable, Hashable {
    case numberRequired(min: Int, max: Int)
    case numberOutOfRange(min: Int, max: Int)
    /// Enter or Tab on a question with no answer yet: nothing is chosen for the visitor.
    case answerRequired
    /// The same on a multiple-choice question: tick one or more, or skip it explicitly.
    case choicesRequired
    case nameRequired
    /// The name is longer than the form takes.
    case nameTooLong(max: Int)
    case nameCharacters
    case emailInvalid
    case ageConfirmationRequired
    case consentRequired
    case tooYoungForContact
    case saveFailed(SaveFailure)
    case pinWrong(attemptsLeft: Int)
    case pinLocked(secondsLeft: Int)
}

/// Why a session could not be saved, as a value: the front words it in the visitor's language
/// (`Words.saveFailure`), with the file for the advisor. Nothing stored earlier is damaged by a
/// failed save (the log cuts off what it could not write whole).
public struct SaveFailure: Error, Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The disk (or the user's quota) is full.
        case diskFull
        /// No permission to write there.
        case noPermission
        /// The file is not one the program writes to (a symbolic link, not a regular file, or
        /// others could change it).
        case refusedFile
        /// The data folder is missing or cannot be reached.
        case noDataFolder
        /// The disk reported an error.
        case diskError
        /// The contact details were refused by the store (the form checks the same rules, so
        /// this is a defect if it is ever seen).
        case contactRefused
    }

    public var reason: Reason
    /// The file or folder involved ("" when none).
    public var path: String

    public init(_ reason: Reason, path: String = "") {
        self.reason = reason
        self.path = path
    }
}

/// The fields of the contact step, in focus order.
public enum ContactField: Int, Sendable, Hashable, CaseIterable {
    case name, email, age16, consent, save
}

/// What the visitor typed in the contact step.
public struct ContactDraft: Sendable, Hashable {
    public var name: String = ""
    public var email: String = ""
    public var confirmedAge16 = false
    public var consent = false
    public init() {}
}

/// The version of the consent text shown in the contact step (goes into the contacts store).
/// 2026-12-1 names what the advisor sees: name, e-mail, language, province and fitting routes.
public let contactConsentVersion = "2026-12-1"

/// The whole questionnaire: a value that only changes through `handle(_:)`.
public struct QuestionnaireState: Sendable {
    public let engine: Engine
    public var catalogue: Catalogue { engine.catalogue }
    public internal(set) var language: Language
    public internal(set) var screen: Screen = .welcome
    public internal(set) var overlay: Overlay?
    /// The answers to visible questions (answers to questions that became hidden are dropped).
    public internal(set) var answers: Answers = [:]
    /// The focused item of the current screen's list.
    public internal(set) var focus = 0
    /// The first list item shown (lists longer than the window scroll to keep the focus in view).
    public internal(set) var listTop = 0
    /// The first line shown of a scrolling text (route details, help).
    public internal(set) var scroll = 0
    /// Whether the visitor moved the highlight on this screen (arrows, a click): only then does
    /// Enter choose the highlighted option. Enter on an untouched question chooses nothing.
    public internal(set) var touched = false
    /// Optional questions the visitor chose to skip ("sla over"): no answer, but not open either.
    public internal(set) var skipped: Set<String> = []
    /// The digits typed for number questions, kept when going back and forth.
    public internal(set) var numberDrafts: [String: String] = [:]
    public internal(set) var notice: Notice?
    /// Set when a question was opened from the review screen: answering returns there.
    public internal(set) var returnToReview = false
    /// Whether the results were shown in this session (quitting then records "completed").
    public internal(set) var reachedResults = false
    /// Whether this session has been written to the log.
    public internal(set) var recorded = false
    /// A short code for the stored session, shown so a visitor can ask for it to be erased.
    public internal(set) var sessionCode: String?
    /// Whether a record is being written (effects are asynchronous to the state).
    public internal(set) var saving = false
    public internal(set) var contact = ContactDraft()
    public internal(set) var contactGiven = false
    /// The ranked routes for the current answers (computed when the results are shown).
    public internal(set) var results: MatchResult?
    /// The route focused on the results screen, kept while looking at a route's details.
    public internal(set) var resultsFocus = 0
    /// Kiosk mode: `q` starts again instead of quitting; only the advisor's PIN ends the program.
    public internal(set) var kiosk = false
    /// The language every new visitor starts in (the kiosk's configured language).
    public let defaultLanguage: Language
    /// Digits typed in quick succession on a long list (`1` then `3`: option 13).
    public internal(set) var digits = ""
    public internal(set) var viewportRows = 10
    public internal(set) var maxScroll = Int.max

    public init(engine: Engine, language: Language = .nl, kiosk: Bool = false, defaultLanguage: Language? = nil) {
        self.engine = engine
        self.kiosk = kiosk
        self.language = language
        self.defaultLanguage = defaultLanguage ?? language
        self.focus = language == .nl ? 0 : 1
    }

    // MARK: - Derived values

    /// The questions asked with the current answers, in order.
    public var visibleQuestions: [Question] { catalogue.visibleQuestions(answers) }

    /// The question on screen, if any.
    public var currentQuestion: Question? {
        if case .question(let id) = screen { return catalogue.question(id) } else { return nil }
    }

    /// "vraag `position` van `count`".
    public var progress: (position: Int, count: Int)? {
        guard let q = currentQuestion else { return nil }
        // Count the questions that may still be asked: a showIf that cannot be decided yet
        // (unknown) counts, so the total only ever shrinks as answers skip questions.
        let possible = catalogue.possibleQuestions(answers)
        guard let i = possible.firstIndex(where: { $0.id == q.id }) else { return nil }
        return (i + 1, possible.count)
    }

    /// The number of items in the current screen's list.
    public var itemCount: Int {
        switch screen {
        case .welcome: return 2
        case .question(let id):
            guard let q = catalogue.question(id) else { return 0 }
            return Self.items(of: q).count
        case .review: return visibleQuestions.count + 1
        case .results: return resultRows.count
        case .routeDetail: return 0
        case .contactConsent: return 2
        case .contactForm: return ContactField.allCases.count
        case .saved: return 1
        }
    }

    /// The list items of a question: its options, yes/no, and a "skip" item for optional ones.
    public static func items(of question: Question) -> [QuestionItem] {
        var items: [QuestionItem]
        switch question.kind {
        case .single, .multiple: items = question.choices.map { .option($0) }
        case .boolean: items = [.yes, .no]
        case .number: return []
        }
        if question.isOptional { items.append(.skip) }
        return items
    }

    /// The lines of the results list: with a goal that splits the routes, a heading over the
    /// visitor's own routes and one over "also possible"; then the routes; then "go on".
    public var resultRows: [ResultRow] {
        guard let results else { return [] }
        var rows: [ResultRow] = []
        var group: Group?
        for (i, m) in results.routes.enumerated() {
            if results.goal.splits, m.group != group {
                rows.append(.heading(m.group))
                group = m.group
            }
            rows.append(.route(i))
        }
        rows.append(.finish)
        return rows
    }

    /// The route on results row `row`, if it is one.
    public func routeIndex(atRow row: Int) -> Int? {
        let rows = resultRows
        guard row >= 0, row < rows.count, case .route(let i) = rows[row] else { return nil }
        return i
    }

    /// Whether list item `index` of the current question is chosen.
    public func isChosen(_ item: QuestionItem, of question: Question) -> Bool {
        let answer = answers[question.id]
        switch item {
        case .option(let o):
            switch answer {
            case .option(let id): return id == o.id
            case .options(let ids): return ids.contains(o.id)
            default: return false
            }
        case .yes: return answer == .boolean(true)
        case .no: return answer == .boolean(false)
        case .skip: return answer == nil && skipped.contains(question.id)
        }
    }

    /// The focused contact field.
    public var contactField: ContactField? {
        screen == .contactForm ? ContactField(rawValue: focus) : nil
    }

    /// Whether typed characters go into a text field (then `q`, `j`, `k`, `?` are text).
    public var isEditingText: Bool {
        if let f = contactField { return f == .name || f == .email }
        return false
    }

    /// Whether the contact step may be offered: not when the visitor said they are under 16.
    /// The age comes from the question that declares the meaning "age"; a catalogue without one
    /// does not offer the contact step at all (`validate` warns).
    public var contactAllowed: Bool {
        guard let ageQuestion = catalogue.question(meaning: .age) else { return false }
        if case .number(let age)? = answers[ageQuestion.id], age < 16 { return false }
        return true
    }
}

/// One line of the results list.
public enum ResultRow: Sendable, Hashable {
    /// The heading over a group of routes (not selectable).
    case heading(Group)
    /// The route at this index of `results.routes`.
    case route(Int)
    /// "Go on: contact and finish".
    case finish

    public var isSelectable: Bool {
        if case .heading = self { return false }
        return true
    }
}

/// One line of a question's list.
public enum QuestionItem: Sendable, Hashable {
    case option(Choice)
    case yes, no, skip
}

extension QuestionnaireState {
    /// The kind of screen the idle timer counts for: an open PIN prompt has its own time, so a
    /// prompt an advisor walked away from closes by itself (also on the welcome screen), but not
    /// while they type, however short the visitors' time is set.
    public var idleScreen: IdleScreen {
        if case .pin? = overlay { return .pinPrompt }
        switch screen {
        case .welcome: return .welcome
        case .question, .review, .contactConsent, .contactForm: return .questions
        case .results, .routeDetail, .saved: return .results
        }
    }

    /// The longest PIN the prompt takes (nobody types a 33-character PIN at an open day).
    public static let pinMaxLength = 32
}

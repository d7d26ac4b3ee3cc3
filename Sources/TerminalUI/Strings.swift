import Questionnaire
import RouteCatalog
import Matching

/// A key and what it does, for the key bar.
typealias KeyHint = (key: String, label: String)

/// What stopping now keeps of the visitor's session.
enum Kept { case nothing, alreadySaved, answersSoFar, outcome }

/// The words of the terminal front, Dutch first: which text a screen says, picked by key; the
/// words themselves are in the `Texts` catalogues (`Dutch.swift`, `English.swift`).
struct Words {
    let language: Language
    /// A text of the catalogue in this language, its placeholders filled with `args`.
    subscript(_ key: TextKey, _ args: any CustomStringConvertible...) -> String { language.text(key, arguments: args) }

    var appTitle: String { "Routewijzer" }
    func progress(_ p: Int, _ n: Int) -> String { self[.progress, p, n] }
    var startDutch: String { "Nederlands – begin" }
    var startEnglish: String { "English – start" }
    func numberRange(_ lo: Int, _ hi: Int) -> String { self[.numberRange, lo, hi] }
    func fitLabel(_ fit: Fit) -> String {
        switch fit {
        case .eligible: return self[.fitEligible]
        case .near: return self[.fitNear]
        case .notEligible: return self[.fitNotEligible]
        }
    }
    func summary(eligible: Int, near: Int) -> String { self[.summary, eligible, near] }
    func groupHeading(_ group: Group) -> String {
        switch group {
        case .forYou: return self[.groupForYou]
        case .alsoPossible: return self[.groupAlsoPossible]
        }
    }
    /// Why a route stands under "also possible".
    func apart(otherRole: Bool, otherSchoolType: Bool, roles: [String], schoolTypes: [String]) -> String {
        let role = self[.apartOtherRole, roles.joined(separator: ", ")]
        let school = self[.apartSchoolTypeOnly, schoolTypes.joined(separator: ", ")]
        switch (otherRole, otherSchoolType) {
        case (true, true): return role + " " + school
        case (true, false): return role
        default: return school
        }
    }
    func months(_ r: MonthRange) -> String {
        if r.max == 0 { return self[.monthsLessThanOne] }
        return r.min == r.max ? self[.months, r.min] : self[.monthsRange, r.min, r.max]
    }
    func monthsShort(_ r: MonthRange) -> String {
        if r.max == 0 { return self[.monthsShortLessThanOne] }
        return r.min == r.max ? self[.monthsShort, r.min] : self[.monthsShortRange, r.min, r.max]
    }
    func cost(asOf: String?) -> String { asOf.map { self[.cost] + " (" + $0 + ")" } ?? self[.cost] }
    func distancesFrom(_ place: String, _ region: String) -> String { self[.distancesFrom, place, region] }
    func km(_ d: Double) -> String { self[.km, Int(d.rounded())] }
    /// A provider in the visitor's own reference city: "in Zwolle", not "0 km".
    func inCity(_ city: String) -> String { self[.inCity, city] }
    func inRegion(_ name: String) -> String { self[.inRegion, name] }
    func earlierInRegion(_ name: String) -> String { self[.earlierInRegion, name] }
    /// A failed save, for the visitor (and the advisor beside them: the file involved).
    func saveFailure(_ f: SaveFailure) -> String {
        let at = f.path.isEmpty ? "" : " (\(f.path))"
        let why: String
        switch f.reason {
        case .diskFull: why = self[.saveFailureDiskFull]
        case .noPermission: why = self[.saveFailureNoPermission]
        case .refusedFile: why = self[.saveFailureRefusedFile]
        case .noDataFolder: why = self[.saveFailureNoDataFolder]
        case .diskError: why = self[.saveFailureDiskError]
        case .contactRefused: why = self[.saveFailureContactRefused]
        }
        return self[.saveFailure, why, at]
    }
    func sessionCode(_ code: String) -> String { self[.sessionCode, code] }
    var helpKeys: [String] {
        [TextKey.helpKeyMove, .helpKeyToggle, .helpKeyPick, .helpKeyGoOn, .helpKeyBack, .helpKeyQuit].map { self[$0] }
    }
    /// The results explained on `?`: the marks, the two groups, the "check" line, distances.
    var resultsHelp: [String] {
        [TextKey.resultsHelpFits, .resultsHelpNearly, .resultsHelpNoFit, .resultsHelpDiffers,
         .resultsHelpGroups, .resultsHelpOrder, .resultsHelpCheck, .resultsHelpDistances].map { self[$0] }
    }
    var resultsHelpKeys: [String] { [self[.resultsHelpKeysRoutes], self[.resultsHelpKeysCode]] }
    /// What stopping keeps, said truthfully: nothing, the answers so far (anonymously, as a
    /// session not finished), or the outcome (anonymously).
    func whatIsKept(_ kept: Kept) -> String {
        switch kept {
        case .nothing: return self[.keptNothing]
        case .alreadySaved: return self[.keptAlreadySaved]
        case .answersSoFar: return self[.keptAnswersSoFar]
        case .outcome: return self[.keptOutcome]
        }
    }
    func idleBody(_ s: Int) -> String {
        s == 1 ? self[.idleBodyOneSecond] : self[.idleBodySeconds, s]
    }
    func tooSmallSize(_ w: Int, _ h: Int, _ mw: Int, _ mh: Int) -> String { self[.tooSmallSize, w, h, mw, mh] }

    func notice(_ n: Notice) -> String {
        switch n {
        case .numberRequired(let lo, let hi): return self[.noticeNumberRequired, lo, hi]
        case .numberOutOfRange(let lo, let hi): return self[.noticeNumberOutOfRange, lo, hi]
        case .answerRequired: return self[.noticeAnswerRequired]
        case .choicesRequired: return self[.noticeChoicesRequired]
        case .nameRequired: return self[.noticeNameRequired]
        case .nameTooLong(let max): return self[.noticeNameTooLong, max]
        case .nameCharacters: return self[.noticeNameCharacters]
        case .emailInvalid: return self[.noticeEmailInvalid]
        case .ageConfirmationRequired: return self[.noticeAgeConfirmationRequired]
        case .consentRequired: return self[.noticeConsentRequired]
        case .tooYoungForContact: return self[.tooYoung]
        case .saveFailed(let f): return saveFailure(f)
        case .pinWrong(let left):
            switch left {
            case 0: return self[.noticePinWrongLastAttempt]
            case 1: return self[.noticePinWrongOneLeft]
            default: return self[.noticePinWrong, left]
            }
        case .pinLocked(let seconds):
            return seconds == 1 ? self[.noticePinLockedOneSecond] : self[.noticePinLocked, seconds]
        }
    }

    // Key bars: (key, what it does), most important first; `KeyBar` fits them to the width.
    func keysWelcome(kiosk: Bool) -> [KeyHint] {
        [("↑↓", self[.keyLanguage]), ("Enter", self[.keyStart]), ("?", self[.keyHelp])]
            + (kiosk ? [] : [("q", self[.keyQuit])])
    }
    var keysSingle: [KeyHint] { [("↑↓", self[.keyMove]), ("Enter", self[.keyNext]), ("Esc", self[.keyBack]), ("?", self[.keyHelp]), ("q", quitWord)] }
    var keysMultiple: [KeyHint] { [("↑↓", self[.keyMove]), (spaceKey, self[.keyToggle]), ("Enter", self[.keyNext]), ("Esc", self[.keyBack]), ("?", self[.keyHelp]), ("q", quitWord)] }
    var keysNumber: [KeyHint] { [("0-9", self[.keyType]), ("↑↓", "+/-1"), ("Enter", self[.keyNext]), ("Esc", self[.keyBack]), ("?", self[.keyHelp]), ("q", quitWord)] }
    var keysReview: [KeyHint] { [("↑↓", self[.keyMove]), ("Enter", self[.keyChange]), ("Tab", self[.keyResults]), ("Esc", self[.keyBack]), ("q", quitWord)] }
    var keysResults: [KeyHint] { [("↑↓", "route"), ("Enter", "details"), ("Tab", self[.keyContinue]), ("r", self[.keyAnswers]), ("?", self[.keyHelp]), ("q", quitWord)] }
    var keysDetail: [KeyHint] { [("↑↓", "scroll"), ("Esc", self[.keyBackToRoutes]), ("q", quitWord)] }
    var keysConsent: [KeyHint] { [("↑↓", self[.keyMove]), ("Enter", self[.keyGoOn]), ("Esc", self[.keyBack]), ("q", quitWord)] }
    /// The contact form's keys follow the field: Enter goes on from a text field, ticks a box,
    /// saves on the button.
    func keysForm(_ field: ContactField?) -> [KeyHint] {
        switch field {
        case .name?, .email?:
            return [("Tab/↓", self[.keyNextField]), ("Enter", self[.keyGoOn]), ("Ctrl-U", self[.keyClearField]), ("Esc", self[.keyBack])]
        case .age16?, .consent?:
            return [(spaceKey + "/Enter", self[.keyTick]), ("Tab/↓", self[.keyNextField]), ("Esc", self[.keyBack])]
        default:
            return [("Enter", self[.keySave]), ("↑", self[.keyPreviousField]), ("Esc", self[.keyBack])]
        }
    }
    var keysSaved: [KeyHint] { [("Enter", self[.keyStartAgain]), ("q", quitWord)] }
    var keysHelp: [KeyHint] { [(self[.keyAnyKey], self[.keyBack])] }
    func keysQuit(kiosk: Bool) -> [KeyHint] {
        [(self[.keyYes], kiosk ? self[.keyStartAgain] : self[.keyQuitNow]), ("n", self[.keyGoOn])]
    }
    var keysIdle: [KeyHint] { [(self[.keyAnyKey], self[.keyGoOn])] }
    var pinKeys: [KeyHint] { [("Enter", self[.keyConfirm]), ("Esc", self[.keyBack])] }
    var quitWord: String { self[.keyQuit] }
    var spaceKey: String { self[.keySpace] }
}

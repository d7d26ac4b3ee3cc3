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
    var appSubtitle: String { self[.appSubtitle] }
    func progress(_ p: Int, _ n: Int) -> String { self[.progress, p, n] }

    var welcomeTitle: String { self[.welcomeTitle] }
    var welcomeBody: String { self[.welcomeBody] }
    var welcomeStored: String { self[.welcomeStored] }
    var startDutch: String { "Nederlands – begin" }
    var startEnglish: String { "English – start" }

    var yes: String { self[.yes] }
    var no: String { self[.no] }
    var skip: String { self[.skip] }
    var skipped: String { self[.skipped] }
    var chooseAny: String { self[.chooseAny] }
    func numberRange(_ lo: Int, _ hi: Int) -> String { self[.numberRange, lo, hi] }
    var moreAbove: String { self[.moreAbove] }

    var reviewTitle: String { self[.reviewTitle] }
    var reviewHint: String { self[.reviewHint] }
    var showResults: String { self[.showResults] }
    var noAnswer: String { self[.noAnswer] }
    var noneChosen: String { self[.noneChosen] }

    var resultsTitle: String { self[.resultsTitle] }
    func fitLabel(_ fit: Fit) -> String {
        switch fit {
        case .eligible: return self[.fitEligible]
        case .near: return self[.fitNear]
        case .notEligible: return self[.fitNotEligible]
        }
    }
    func summary(eligible: Int, near: Int) -> String { self[.summary, eligible, near] }
    var goOn: String { self[.goOn] }
    var why: String { self[.why] }
    var stillNeeded: String { self[.stillNeeded] }
    var whyNot: String { self[.whyNot] }
    var alreadyThere: String { self[.alreadyThere] }
    var notYourWish: String { self[.notYourWish] }
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
    var steps: String { self[.steps] }
    var firstStep: String { self[.firstStep] }
    var thenStep: String { self[.thenStep] }
    var moreOnEnter: String { self[.moreOnEnter] }
    var duration: String { self[.duration] }
    func months(_ r: MonthRange) -> String {
        if r.max == 0 { return self[.monthsLessThanOne] }
        return r.min == r.max ? self[.months, r.min] : self[.monthsRange, r.min, r.max]
    }
    func monthsShort(_ r: MonthRange) -> String {
        if r.max == 0 { return self[.monthsShortLessThanOne] }
        return r.min == r.max ? self[.monthsShort, r.min] : self[.monthsShortRange, r.min, r.max]
    }
    var cost: String { self[.cost] }
    func cost(asOf: String?) -> String { asOf.map { cost + " (" + $0 + ")" } ?? cost }
    var whoPays: String { self[.whoPays] }
    var earning: String { self[.earning] }
    var helpFindingASchool: String { self[.helpFindingASchool] }
    var leadsTo: String { self[.leadsTo] }
    var providers: String { self[.providers] }
    var nearest: String { self[.nearest] }
    var askInstead: String { self[.askInstead] }
    func distancesFrom(_ place: String, _ region: String) -> String { self[.distancesFrom, place, region] }
    var summaryTitle: String { self[.summaryTitle] }
    var catalogueWord: String { self[.catalogueWord] }
    var noRouteNow: String { self[.noRouteNow] }
    var forEveryRoute: String { self[.forEveryRoute] }
    func km(_ d: Double) -> String { self[.km, Int(d.rounded())] }
    /// A provider in the visitor's own reference city: "in Zwolle", not "0 km".
    func inCity(_ city: String) -> String { self[.inCity, city] }
    var caveat: String { self[.caveat] }
    func inRegion(_ name: String) -> String { self[.inRegion, name] }
    func earlierInRegion(_ name: String) -> String { self[.earlierInRegion, name] }
    var unknownAnswer: String { self[.unknownAnswer] }

    var contactTitle: String { self[.contactTitle] }
    var contactPurpose: String { self[.contactPurpose] }
    var contactYes: String { self[.contactYes] }
    var contactNo: String { self[.contactNo] }
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
    var tooYoung: String { self[.tooYoung] }
    var nameLabel: String { self[.nameLabel] }
    var emailLabel: String { self[.emailLabel] }
    var age16: String { self[.age16] }
    var age16Question: String { self[.age16Question] }
    var consentQuestion: String { self[.consentQuestion] }
    var noContactKept: String { self[.noContactKept] }
    var consent: String { self[.consent] }
    var save: String { self[.save] }
    var saving: String { self[.saving] }

    var savedTitle: String { self[.savedTitle] }
    var savedBody: String { self[.savedBody] }
    func sessionCode(_ code: String) -> String { self[.sessionCode, code] }
    var savedContact: String { self[.savedContact] }
    var startAgain: String { self[.startAgain] }

    var helpTitle: String { self[.helpTitle] }
    var helpKeys: [String] {
        [TextKey.helpKeyMove, .helpKeyToggle, .helpKeyPick, .helpKeyGoOn, .helpKeyBack, .helpKeyQuit].map { self[$0] }
    }
    /// The results explained on `?`: the marks, the two groups, the "check" line, distances.
    var resultsHelp: [String] {
        [TextKey.resultsHelpFits, .resultsHelpNearly, .resultsHelpNoFit, .resultsHelpDiffers,
         .resultsHelpGroups, .resultsHelpOrder, .resultsHelpCheck, .resultsHelpDistances].map { self[$0] }
    }
    var resultsHelpKeys: [String] { [self[.resultsHelpKeysRoutes], self[.resultsHelpKeysCode]] }
    var anyKey: String { self[.anyKey] }

    var quitTitle: String { self[.quitTitle] }
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
    var quitKeys: String { self[.quitKeys] }

    var restartTitle: String { self[.restartTitle] }
    var restartWipe: String { self[.restartWipe] }
    var restartKeys: String { self[.restartKeys] }
    var idleTitle: String { self[.idleTitle] }
    func idleBody(_ s: Int) -> String {
        s == 1 ? self[.idleBodyOneSecond] : self[.idleBodySeconds, s]
    }
    var idleKeys: String { self[.idleKeys] }
    var pinTitle: String { self[.pinTitle] }
    var pinPrompt: String { self[.pinPrompt] }

    var tooSmall: String { self[.tooSmall] }
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
        case .tooYoungForContact: return tooYoung
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

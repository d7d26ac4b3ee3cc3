import Questionnaire
import RouteCatalog
import Matching

/// A key and what it does, for the key bar.
typealias KeyHint = (key: String, label: String)

/// What stopping now keeps of the visitor's session.
enum Kept { case nothing, alreadySaved, answersSoFar, outcome }

/// The words of the terminal front, Dutch first.
struct Words {
    let language: Language
    func t(_ nl: String, _ en: String) -> String { language == .nl ? nl : en }

    var appTitle: String { "Routewijzer" }
    var appSubtitle: String { t("zij-instroom in het technisch onderwijs", "switching into technical teaching") }
    func progress(_ p: Int, _ n: Int) -> String { t("vraag \(p) van \(n)", "question \(p) of \(n)") }

    var welcomeTitle: String { t("Welkom bij Routewijzer", "Welcome to Routewijzer") }
    var welcomeBody: String {
        t("Wil je leraar of instructeur worden in het technisch vmbo of mbo? Beantwoord een paar vragen (ongeveer 5 minuten) en zie welke routes bij je passen, wat je nog nodig hebt en waar je kunt beginnen.",
          "Would you like to teach or instruct in technical vmbo or mbo? Answer a few questions (about 5 minutes) and see which routes fit you, what you still need and where to start.")
    }
    var welcomeStored: String {
        t("We bewaren je antwoorden zonder naam, voor de statistiek. Je naam en e-mail alleen als je daar aan het eind zelf voor kiest.",
          "We keep your answers without your name, for statistics. Your name and e-mail only if you choose so at the end.")
    }
    var startDutch: String { "Nederlands – begin" }
    var startEnglish: String { "English – start" }

    var yes: String { t("Ja", "Yes") }
    var no: String { t("Nee", "No") }
    var skip: String { t("Weet ik niet / sla over", "Not sure / skip") }
    var skipped: String { t("(overgeslagen)", "(skipped)") }
    var chooseAny: String { t("Kies er een of meer (Spatie zet aan/uit), of sla over.", "Choose one or more (Space toggles), or skip.") }
    func numberRange(_ lo: Int, _ hi: Int) -> String { t("Een getal van \(lo) tot en met \(hi).", "A number from \(lo) to \(hi).") }
    var moreAbove: String { t("meer", "more") }

    var reviewTitle: String { t("Controleer je antwoorden", "Check your answers") }
    var reviewHint: String { t("Kies een regel om een antwoord te wijzigen.", "Pick a line to change an answer.") }
    var showResults: String { t("Bekijk de uitkomst", "Show the results") }
    var noAnswer: String { t("(geen antwoord)", "(no answer)") }
    var noneChosen: String { t("(geen)", "(none)") }

    var resultsTitle: String { t("Jouw routes", "Your routes") }
    func fitLabel(_ fit: Fit) -> String {
        switch fit {
        case .eligible: return t("Past", "Fits")
        case .near: return t("Bijna", "Nearly")
        case .notEligible: return t("Past niet", "No fit")
        }
    }
    func summary(eligible: Int, near: Int) -> String {
        t("\(eligible) passend, \(near) bijna", "\(eligible) fitting, \(near) nearly")
    }
    var goOn: String { t("Verder: contact en afronden", "Continue: contact and finish") }
    var why: String { t("Waarom dit past", "Why it fits") }
    var stillNeeded: String { t("Wat je nog nodig hebt", "What you still need") }
    var whyNot: String { t("Waarom dit (nog) niet past", "Why it does not fit (yet)") }
    var alreadyThere: String { t("Wat al klopt", "What you already have") }
    var notYourWish: String { t("Wat niet aansluit bij je wensen", "Where it differs from what you want") }
    func groupHeading(_ group: Group) -> String {
        switch group {
        case .forYou: return t("Voor jou (de rol en schoolsoort die je koos)", "For you (the role and school type you chose)")
        case .alsoPossible: return t("Ook mogelijk (een andere rol of schoolsoort)", "Also possible (another role or school type)")
        }
    }
    /// Why a route stands under "also possible".
    func apart(otherRole: Bool, otherSchoolType: Bool, roles: [String], schoolTypes: [String]) -> String {
        let role = t("Deze route is voor een andere rol dan je koos: ", "This route is for another role than you chose: ") + roles.joined(separator: ", ") + "."
        let school = t("Deze route is alleen voor: ", "This route is only for: ") + schoolTypes.joined(separator: ", ") + "."
        switch (otherRole, otherSchoolType) {
        case (true, true): return role + " " + school
        case (true, false): return role
        default: return school
        }
    }
    var steps: String { t("Volgende stappen", "Next steps") }
    var firstStep: String { t("Eerste stap", "First step") }
    var thenStep: String { t("Daarna", "Then") }
    var moreOnEnter: String { t("Meer over deze route: Enter", "More about this route: Enter") }
    var duration: String { t("Duur", "Duration") }
    func months(_ r: MonthRange) -> String {
        if r.max == 0 { return t("minder dan een maand", "less than a month") }
        return r.min == r.max ? t("\(r.min) maanden", "\(r.min) months") : t("\(r.min)–\(r.max) maanden", "\(r.min)–\(r.max) months")
    }
    func monthsShort(_ r: MonthRange) -> String {
        if r.max == 0 { return t("<1 mnd", "<1 mo") }
        return r.min == r.max ? t("\(r.min) mnd", "\(r.min) mo") : t("\(r.min)–\(r.max) mnd", "\(r.min)–\(r.max) mo")
    }
    var cost: String { t("Kosten", "Cost") }
    func cost(asOf: String?) -> String { asOf.map { cost + " (" + $0 + ")" } ?? cost }
    var whoPays: String { t("Wie kan betalen", "Who can pay") }
    var earning: String { t("Inkomen", "Income") }
    var helpFindingASchool: String { t("Hulp bij het vinden van een school", "Help finding a school") }
    var leadsTo: String { t("Leidt tot", "Leads to") }
    var providers: String { t("Waar (dichtstbij eerst)", "Where (nearest first)") }
    var nearest: String { t("Dichtstbij", "Nearest") }
    var askInstead: String { t("Waar", "Where") }
    func distancesFrom(_ place: String, _ region: String) -> String {
        t("Afstanden hemelsbreed vanaf \(place) (\(region)).", "Distances as the crow flies from \(place) (\(region)).")
    }
    var summaryTitle: String { t("Routewijzer: jouw advies om te bewaren", "Routewijzer: your advice to keep") }
    var catalogueWord: String { t("catalogus", "catalogue") }
    var noRouteNow: String { t("Er past nu geen route. Praat met een adviseur over wat wel kan.", "No route fits now. Talk to an advisor about what can.") }
    var forEveryRoute: String { t("Bij elke route die (bijna) past", "With every route that fits or nearly fits") }
    func km(_ d: Double) -> String { t("\(Int(d.rounded())) km hemelsbreed", "\(Int(d.rounded())) km as the crow flies") }
    /// A provider in the visitor's own reference city: "in Zwolle", not "0 km".
    func inCity(_ city: String) -> String { t("in \(city)", "in \(city)") }
    var caveat: String { t("Let op", "Note") }
    func inRegion(_ name: String) -> String { t("In \(name)", "In \(name)") }
    func earlierInRegion(_ name: String) -> String { t("Eerder in \(name) (ter informatie)", "Earlier in \(name) (for information)") }
    var unknownAnswer: String { t("(antwoord ontbreekt)", "(answer missing)") }

    var contactTitle: String { t("Contact met een adviseur?", "Talk to an advisor?") }
    var contactPurpose: String {
        t("Doel: een adviseur van een lerarenopleiding neemt één keer contact met je op over jouw routes. De adviseur ziet dan je naam, e-mail, taal en provincie en de routes die bij je passen. Je naam en e-mail worden apart van je antwoorden bewaard, hooguit 12 maanden, en alleen als je 16 jaar of ouder bent. Je kunt ze altijd laten verwijderen.",
          "Purpose: an advisor from a teacher training institute contacts you once about your routes. The advisor then sees your name, e-mail, language and province and the routes that fit you. Your name and e-mail are kept apart from your answers, for at most 12 months, and only if you are 16 or older. You can always have them removed.")
    }
    var contactYes: String { t("Ja, neem contact met mij op", "Yes, please contact me") }
    var contactNo: String { t("Nee, dank je", "No, thank you") }
    /// A failed save, for the visitor (and the advisor beside them: the file involved).
    func saveFailure(_ f: SaveFailure) -> String {
        let at = f.path.isEmpty ? "" : " (\(f.path))"
        let why: String
        switch f.reason {
        case .diskFull: why = t("de schijf is vol", "the disk is full")
        case .noPermission: why = t("geen toestemming om te schrijven", "no permission to write")
        case .refusedFile: why = t("het bestand is niet te vertrouwen en is niet gebruikt", "the file is not one to trust and was not used")
        case .noDataFolder: why = t("de gegevensmap is er niet of is niet bereikbaar", "the data folder is missing or cannot be reached")
        case .diskError: why = t("de schijf meldde een fout", "the disk reported an error")
        case .contactRefused: why = t("je contactgegevens werden niet aangenomen", "your contact details were not accepted")
        }
        return t("Opslaan mislukt: \(why)\(at). Eerder bewaarde gegevens zijn niet beschadigd. Vraag een begeleider om hulp.",
                 "Saving failed: \(why)\(at). Nothing stored earlier was damaged. Ask someone from the school for help.")
    }
    var tooYoung: String { t("Contact via Routewijzer kan vanaf 16 jaar.", "Contact through Routewijzer is for people aged 16 and over.") }
    var nameLabel: String { t("Naam", "Name") }
    var emailLabel: String { t("E-mail", "E-mail") }
    var age16: String { t("Ik ben 16 jaar of ouder", "I am 16 or older") }
    var age16Question: String { t("Ben je 16 jaar of ouder?", "Are you 16 or older?") }
    var consentQuestion: String {
        t("Mag een adviseur één keer contact met je opnemen over je routes? Je naam en e-mail worden apart bewaard, hooguit 12 maanden.",
          "May an advisor contact you once about your routes? Your name and e-mail are kept separately, for at most 12 months.")
    }
    var noContactKept: String { t("Dan bewaren we geen naam of e-mail.", "Then we keep no name or e-mail.") }
    var consent: String { t("Ik geef toestemming voor dit contact", "I agree to be contacted") }
    var save: String { t("Opslaan", "Save") }
    var saving: String { t("Bezig met opslaan…", "Saving…") }

    var savedTitle: String { t("Opgeslagen. Dank je wel!", "Saved. Thank you!") }
    var savedBody: String { t("Je uitkomst is bewaard, zonder naam.", "Your outcome has been kept, without your name.") }
    func sessionCode(_ code: String) -> String {
        t("Je sessiecode is \(code). Wil je dat we je gegevens wissen? Geef deze code door aan een adviseur.",
          "Your session code is \(code). Want your data erased? Give this code to an advisor.")
    }
    var savedContact: String { t("Je contactgegevens zijn apart bewaard; een adviseur neemt contact op.", "Your contact details are kept separately; an advisor will contact you.") }
    var startAgain: String { t("Opnieuw beginnen", "Start again") }

    var helpTitle: String { t("Hulp", "Help") }
    var helpKeys: [String] {
        [t("↑/↓ of j/k  kiezen", "↑/↓ or j/k  move"),
         t("Spatie      aan/uit (meerkeuze)", "Space       toggle (multiple choice)"),
         t("1–9         optie kiezen", "1–9         pick an option"),
         t("Enter, Tab  verder", "Enter, Tab  go on"),
         t("Esc, ⇧Tab   terug", "Esc, ⇧Tab   back"),
         t("q           stoppen", "q           quit")]
    }
    /// The results explained on `?`: the marks, the two groups, the "check" line, distances.
    var resultsHelp: [String] {
        [t("✓ Past: je voldoet aan alle eisen.", "✓ Fits: you meet every requirement."),
         t("~ Bijna: je mist iets wat je kunt regelen (een school, een test).", "~ Nearly: you lack something you can arrange (a school, a test)."),
         t("✗ Past niet: je mist iets wat je niet snel haalt (een diploma).", "✗ No fit: you lack something you cannot get soon (a diploma)."),
         t("≠ Wijkt af van wat je wilt (bijvoorbeeld voltijd of deeltijd).", "≠ Differs from what you want (full-time or part-time, say)."),
         t("Voor jou: de rol en schoolsoort die je koos; daaronder wat ook mogelijk is.", "For you: the role and school type you chose; below, what is also possible."),
         t("Eerst wat past, dan wat het minst afwijkt van je wensen (≠), dan de kortste.", "First what fits, then what differs least from your wishes (≠), then the shortest."),
         t("'Controleer …': niet alles is door een recente bron bevestigd.", "'Check …': not everything is confirmed by a recent source."),
         t("Afstanden: hemelsbreed vanaf je provinciehoofdstad.", "Distances: as the crow flies from your province's capital.")]
    }
    var resultsHelpKeys: [String] {
        [t("↑↓ route   Enter details   Tab verder   r antwoorden", "↑↓ route   Enter details   Tab go on   r answers"),
         t("m QR-code om mee te nemen   q stoppen", "m QR code to take home   q quit")]
    }
    var anyKey: String { t("Druk op een toets om terug te gaan.", "Press any key to go back.") }

    var quitTitle: String { t("Stoppen?", "Quit?") }
    /// What stopping keeps, said truthfully: nothing, the answers so far (anonymously, as a
    /// session not finished), or the outcome (anonymously).
    func whatIsKept(_ kept: Kept) -> String {
        switch kept {
        case .nothing: return t("Er is nog niets ingevuld: er wordt niets bewaard.", "Nothing has been filled in: nothing is kept.")
        case .alreadySaved: return t("Je uitkomst is al bewaard, zonder naam.", "Your outcome has been kept already, without your name.")
        case .answersSoFar: return t("Je antwoorden tot nu toe worden zonder naam bewaard, als niet afgemaakt.", "Your answers so far are kept without your name, as not finished.")
        case .outcome: return t("Je uitkomst wordt zonder naam bewaard.", "Your outcome is kept without your name.")
        }
    }
    var quitKeys: String { t("j = ja, stoppen    n = nee, verder", "y = yes, quit    n = no, go on") }

    var restartTitle: String { t("Opnieuw beginnen?", "Start again?") }
    var restartWipe: String { t("Daarna wordt dit scherm gewist voor de volgende bezoeker.", "Then this screen is cleared for the next visitor.") }
    var restartKeys: String { t("j = ja, opnieuw beginnen    n = nee, verder", "y = yes, start again    n = no, go on") }
    var idleTitle: String { t("Ben je er nog?", "Are you still there?") }
    func idleBody(_ s: Int) -> String {
        s == 1
            ? t("Over 1 seconde begint Routewijzer opnieuw voor de volgende bezoeker.", "In 1 second Routewijzer starts again for the next visitor.")
            : t("Over \(s) seconden begint Routewijzer opnieuw voor de volgende bezoeker.", "In \(s) seconds Routewijzer starts again for the next visitor.")
    }
    var idleKeys: String { t("Druk op een toets om verder te gaan.", "Press any key to go on.") }
    var pinTitle: String { t("Adviseur", "Advisor") }
    var pinPrompt: String { t("Pincode", "PIN") }

    var tooSmall: String { t("Maak het venster groter", "Make the window larger") }
    func tooSmallSize(_ w: Int, _ h: Int, _ mw: Int, _ mh: Int) -> String {
        t("nu \(w)×\(h), minstens \(mw)×\(mh)", "now \(w)×\(h), at least \(mw)×\(mh)")
    }

    func notice(_ n: Notice) -> String {
        switch n {
        case .numberRequired(let lo, let hi): return t("Vul een getal in van \(lo) tot en met \(hi).", "Type a number from \(lo) to \(hi).")
        case .numberOutOfRange(let lo, let hi): return t("Dat getal kan niet: kies van \(lo) tot en met \(hi).", "That number is out of range: \(lo) to \(hi).")
        case .answerRequired: return t("Kies eerst een antwoord: ↑↓ en Enter, of het cijfer.", "Choose an answer first: ↑↓ and Enter, or its number.")
        case .choicesRequired: return t("Vink er een of meer aan met Spatie, of kies 'Weet ik niet / sla over'.", "Tick one or more with Space, or choose 'Not sure / skip'.")
        case .nameRequired: return t("Vul je naam in.", "Please type your name.")
        case .nameTooLong(let max): return t("Een naam kan hier hooguit \(max) tekens hebben.", "A name can have at most \(max) characters here.")
        case .nameCharacters: return t("Een naam kan hier alleen letters, spaties en - ' . hebben.", "A name can only have letters, spaces and - ' . here.")
        case .emailInvalid: return t("Dat e-mailadres klopt niet (naam@voorbeeld.nl).", "That e-mail address looks wrong (name@example.com).")
        case .ageConfirmationRequired: return t("Contact kan alleen vanaf 16 jaar: vink aan dat je 16 of ouder bent.", "Contact is for 16 and over: tick that you are 16 or older.")
        case .consentRequired: return t("Zonder toestemming bewaren we geen naam of e-mail: vink die aan, of ga terug met Esc.", "Without consent we keep no name or e-mail: tick it, or go back with Esc.")
        case .tooYoungForContact: return tooYoung
        case .saveFailed(let f): return saveFailure(f)
        case .pinWrong(let left):
            switch left {
            case 0: return t("Onjuiste pincode. Bij de volgende fout wordt de invoer even geblokkeerd.", "Wrong PIN. The next mistake locks the prompt for a while.")
            case 1: return t("Onjuiste pincode: nog 1 poging.", "Wrong PIN: 1 more attempt.")
            default: return t("Onjuiste pincode: nog \(left) pogingen.", "Wrong PIN: \(left) more attempts.")
            }
        case .pinLocked(let seconds):
            return seconds == 1
                ? t("Te veel pogingen: wacht nog 1 seconde.", "Too many attempts: wait 1 more second.")
                : t("Te veel pogingen: wacht nog \(seconds) seconden.", "Too many attempts: wait \(seconds) more seconds.")
        }
    }

    // Key bars: (key, what it does), most important first; `KeyBar` fits them to the width.
    func keysWelcome(kiosk: Bool) -> [KeyHint] {
        [("↑↓", t("taal", "language")), ("Enter", t("begin", "start")), ("?", t("hulp", "help"))]
            + (kiosk ? [] : [("q", t("stop", "quit"))])
    }
    var keysSingle: [KeyHint] { [("↑↓", t("kies", "move")), ("Enter", t("verder", "next")), ("Esc", t("terug", "back")), ("?", t("hulp", "help")), ("q", quitWord)] }
    var keysMultiple: [KeyHint] { [("↑↓", t("kies", "move")), (spaceKey, t("aan/uit", "toggle")), ("Enter", t("verder", "next")), ("Esc", t("terug", "back")), ("?", t("hulp", "help")), ("q", quitWord)] }
    var keysNumber: [KeyHint] { [("0-9", t("typ", "type")), ("↑↓", "+/-1"), ("Enter", t("verder", "next")), ("Esc", t("terug", "back")), ("?", t("hulp", "help")), ("q", quitWord)] }
    var keysReview: [KeyHint] { [("↑↓", t("kies", "move")), ("Enter", t("wijzig", "change")), ("Tab", t("uitkomst", "results")), ("Esc", t("terug", "back")), ("q", quitWord)] }
    var keysResults: [KeyHint] { [("↑↓", "route"), ("Enter", "details"), ("Tab", t("verder", "continue")), ("r", t("antwoorden", "answers")), ("?", t("hulp", "help")), ("q", quitWord)] }
    var keysDetail: [KeyHint] { [("↑↓", "scroll"), ("Esc", t("terug naar routes", "back to routes")), ("q", quitWord)] }
    var keysConsent: [KeyHint] { [("↑↓", t("kies", "move")), ("Enter", t("verder", "go on")), ("Esc", t("terug", "back")), ("q", quitWord)] }
    /// The contact form's keys follow the field: Enter goes on from a text field, ticks a box,
    /// saves on the button.
    func keysForm(_ field: ContactField?) -> [KeyHint] {
        switch field {
        case .name?, .email?:
            return [("Tab/↓", t("volgend veld", "next field")), ("Enter", t("verder", "go on")), ("Ctrl-U", t("wis veld", "clear field")), ("Esc", t("terug", "back"))]
        case .age16?, .consent?:
            return [(spaceKey + "/Enter", t("vink aan/uit", "tick/untick")), ("Tab/↓", t("volgend veld", "next field")), ("Esc", t("terug", "back"))]
        default:
            return [("Enter", t("opslaan", "save")), ("↑", t("vorig veld", "previous field")), ("Esc", t("terug", "back"))]
        }
    }
    var keysSaved: [KeyHint] { [("Enter", t("opnieuw beginnen", "start again")), ("q", quitWord)] }
    var keysHelp: [KeyHint] { [(t("een toets", "any key"), t("terug", "back"))] }
    func keysQuit(kiosk: Bool) -> [KeyHint] {
        [(t("j", "y"), kiosk ? t("opnieuw beginnen", "start again") : t("stoppen", "quit")), ("n", t("verder", "go on"))]
    }
    var keysIdle: [KeyHint] { [(t("een toets", "any key"), t("verder", "go on"))] }
    var pinKeys: [KeyHint] { [("Enter", t("bevestig", "confirm")), ("Esc", t("terug", "back"))] }
    var quitWord: String { t("stop", "quit") }
    var spaceKey: String { t("Spatie", "Space") }
}

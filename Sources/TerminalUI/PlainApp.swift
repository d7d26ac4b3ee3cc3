import Matching
import Questionnaire
import RouteCatalog

/// The same questionnaire as numbered line prompts: for screen readers, `TERM=dumb`, pipes and
/// scripts. It drives the same state machine as the full-screen front and ends in the same
/// results. One visitor per run.
public struct PlainApp {
    public var state: QuestionnaireState
    public let recorder: any SessionRecorder
    let readLine: () -> String?
    let write: (String) -> Void
    let ascii: Bool
    public var pendingSignal: () -> Int32 = { 0 }

    public init(state: QuestionnaireState, recorder: any SessionRecorder, ascii: Bool,
                readLine: @escaping () -> String?, write: @escaping (String) -> Void) {
        self.state = state
        self.recorder = recorder
        self.ascii = ascii
        self.readLine = readLine
        self.write = write
    }

    var w: Words { Words(language: state.language) }
    var painter: Painter { Painter(width: 1, height: 1, ascii: ascii, words: w) }

    func say(_ text: String = "") { write((ascii ? AsciiFold.fold(text) : text) + "\n") }
    func prompt(_ text: String) { write((ascii ? AsciiFold.fold(text) : text) + " ") }

    /// Reads an answer line; nil when the input ended or a stop signal came.
    mutating func ask(_ text: String) -> String? {
        prompt(text)
        guard let line = readLine() else { return nil }
        if pendingSignal() != 0 { return nil }
        return PlainApp.trim(line)
    }

    static func trim(_ s: String) -> String {
        var t = Substring(s)
        while t.first?.isWhitespace == true { t.removeFirst() }
        while t.last?.isWhitespace == true { t.removeLast() }
        return String(t)
    }

    @discardableResult
    mutating func send(_ event: Event) -> Bool {
        let effects = state.handle(event)
        var quit = false
        for effect in effects {
            switch effect {
            case .record(let r):
                let error = recorder.record(r)
                state.handle(.recorded(error: error, sessionCode: error == nil ? recorder.lastSessionCode : nil))
            case .recordPrevious(let r): _ = recorder.record(r); recorder.startSession()
            case .quit: quit = true
            case .checkPin: state.handle(.pinChecked(error: "-"))
            }
        }
        if let n = state.notice { say("! " + w.notice(n)) }
        return quit
    }

    /// Common words: b/terug/back, ?, q/stop/quit.
    mutating func common(_ line: String) -> Bool? {
        switch line.lowercased() {
        case "b", "terug", "back": send(.key(.escape)); return false
        case "?", "help", "hulp":
            if let q = state.currentQuestion, let h = q.help { say(h[w.language]) } else { say(w.t("Typ het nummer van je keuze en Enter. b = terug, q = stoppen.", "Type the number of your choice and Enter. b = back, q = quit.")) }
            return false
        case "q", "stop", "quit", "stoppen": return send(.stop)
        default: return nil
        }
    }

    public mutating func run() -> Int32 {
        while true {
            if pendingSignal() != 0 { send(.stop); return pendingSignal() }
            switch state.screen {
            case .welcome:
                say(w.welcomeTitle)
                say(w.welcomeBody)
                say(w.welcomeStored)
                say("1. " + w.startDutch)
                say("2. " + w.startEnglish)
                guard let line = ask(w.t("Taal / language [1]:", "Language / taal [2]:")) else { return end() }
                if line == "q" { return 0 }
                if line == "1" || line == "2" { send(.click(index: Int(line)! - 1)) }
                send(.key(.enter))
                say()
            case .question(let id):
                guard let q = state.catalogue.question(id) else { return 1 }
                if question(q) { return pendingSignal() }
                if state.screen == .question(id), state.notice == nil, state.currentQuestion?.id == id { continue }
            case .review:
                say(w.reviewTitle + ":")
                for (i, q) in state.visibleQuestions.enumerated() {
                    say("\(i + 1). " + q.text[w.language] + " " + painter.answerText(q, state.answers[q.id]))
                }
                guard let line = ask(w.t("Enter = uitkomst bekijken, of het nummer van een antwoord om te wijzigen:", "Enter = show the results, or the number of an answer to change:")) else { return end() }
                if let quit = common(line) { if quit { return 0 }; continue }
                if let n = Int(line), n >= 1, n <= state.visibleQuestions.count { send(.click(index: n - 1)) } else { send(.key(.tab)) }
                say()
            case .results:
                results()
                guard let line = ask(w.t("Enter = verder, r = antwoorden wijzigen, q = stoppen:", "Enter = continue, r = change answers, q = quit:")) else { return end() }
                if line.lowercased() == "r" { send(.key(.char("r"))); continue }
                if let quit = common(line) { if quit { return 0 }; continue }
                send(.key(.tab))
                say()
            case .routeDetail:
                send(.key(.escape))
            case .contactConsent:
                say(w.contactTitle)
                say(w.contactPurpose)
                say("1. " + w.contactYes)
                say("2. " + w.contactNo)
                guard let line = ask(w.t("Kies 1 of 2 [2]:", "Choose 1 or 2 [2]:")) else { return end() }
                if let quit = common(line) { if quit { return 0 }; continue }
                send(.click(index: line == "1" ? 0 : 1))
            case .contactForm:
                if contactForm() { return pendingSignal() }
            case .saved:
                if state.saving { return 1 }
                say(state.recorded ? w.savedTitle : "")
                if state.recorded { say(w.savedBody) }
                if state.recorded, let code = state.sessionCode { say(w.sessionCode(code)) }
                if state.contactGiven && state.recorded { say(w.savedContact) }
                return 0
            }
        }
    }

    mutating func end() -> Int32 {
        say()
        send(.stop)
        return pendingSignal()
    }

    /// Asks one question; returns true when the visitor quit.
    mutating func question(_ q: Question) -> Bool {
        if let p = state.progress { say(w.progress(p.position, p.count) + ": " + q.text[w.language]) }
        let items = QuestionnaireState.items(of: q)
        for (i, item) in items.enumerated() {
            let label: String = switch item {
            case .option(let o): o.label[w.language]
            case .yes: w.yes
            case .no: w.no
            case .skip: w.skip
            }
            let chosen = state.isChosen(item, of: q) ? " " + w.t("(gekozen)", "(chosen)") : ""
            say("  \(i + 1). " + label + chosen)
        }
        let hint: String
        switch q.kind {
        case .number: hint = w.numberRange(q.min ?? 0, q.max ?? 999) + (q.unit.map { " (" + $0[w.language] + ")" } ?? "")
        case .multiple: hint = w.t("Nummers met komma's (bijv. 1,3), Enter = geen of huidige:", "Numbers with commas (e.g. 1,3), Enter = none or current:")
        default: hint = w.t("Kies 1-\(items.count):", "Choose 1-\(items.count):")
        }
        guard let line = ask(hint) else { _ = end(); return true }
        if let quit = common(line) { return quit }
        switch q.kind {
        case .number:
            for _ in 0..<8 { send(.key(.backspace)) }
            for c in line where c.isNumber { send(.key(.char(c))) }
            send(.key(.enter))
        case .multiple:
            if !line.isEmpty {
                let numbers = line.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Int($0) }
                let ids = numbers.compactMap { n -> String? in n >= 1 && n <= q.choices.count ? q.choices[n - 1].id : nil }
                state.setAnswer(q.id, .options(q.choices.map(\.id).filter(ids.contains)))
            }
            send(.key(.tab))
        default:
            if let n = Int(line), n >= 1, n <= items.count {
                send(.click(index: n - 1))
            } else if !line.isEmpty {
                say("! " + w.t("Typ een nummer van 1 tot en met \(items.count).", "Type a number from 1 to \(items.count)."))
                return false
            }
            send(.key(.tab))
        }
        say()
        return false
    }

    mutating func results() {
        guard let result = state.results else { return }
        let eligible = result.routes.filter { $0.fit == .eligible }.count
        let near = result.routes.filter { $0.fit == .near }.count
        say(w.resultsTitle + ": " + w.summary(eligible: eligible, near: near))
        for (i, m) in result.routes.enumerated() {
            say("\(i + 1). " + w.fitLabel(m.fit) + ": " + m.route.name[w.language] + " (" + w.months(m.route.durationMonths) + ")")
        }
        // Details for the routes that fit or nearly fit; the others by name only.
        for m in result.routes where m.fit != .notEligible {
            say()
            for line in painter.detailLines(m, result, plain: true) {
                say(String(repeating: " ", count: line.indent * 2) + line.text)
            }
        }
        for line in painter.initiativeLines(result) { say(line.text) }
        say()
    }

    /// The contact step as four prompts; returns true when the visitor quit.
    mutating func contactForm() -> Bool {
        guard let name = ask(w.nameLabel + ":") else { _ = end(); return true }
        if name == "b" { send(.key(.escape)); return false }
        guard let email = ask(w.emailLabel + ":") else { _ = end(); return true }
        guard let age = ask(w.age16 + "? (j/n)") else { _ = end(); return true }
        guard let consent = ask(w.consent + "? (j/n)") else { _ = end(); return true }
        state = {
            var s = state
            s.resetContactDraft()
            return s
        }()
        send(.click(index: ContactField.name.rawValue))
        for c in name { send(c == " " ? .key(.space) : .key(.char(c))) }
        send(.click(index: ContactField.email.rawValue))
        for c in email { send(c == " " ? .key(.space) : .key(.char(c))) }
        let yes: Set<String> = ["j", "ja", "y", "yes"]
        if yes.contains(age.lowercased()) != state.contact.confirmedAge16 { send(.click(index: ContactField.age16.rawValue)) }
        if yes.contains(consent.lowercased()) != state.contact.consent { send(.click(index: ContactField.consent.rawValue)) }
        send(.click(index: ContactField.save.rawValue))
        if state.notice != nil, !yes.contains(consent.lowercased()) || !yes.contains(age.lowercased()) {
            // No consent or under 16: nothing is kept; finish without contact.
            send(.key(.escape))
            send(.click(index: 1))
        }
        return false
    }
}

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
    /// Whether the line just read was too long and was dropped (`LineInput`).
    public var lineWasTooLong: () -> Bool = { false }

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

    /// Lines to the terminal, without control characters (`TerminalText`): this mode is read by
    /// screen readers over SSH, and catalogue texts are data.
    func say(_ text: String = "") { write(TerminalText.strip(ascii ? AsciiFold.fold(text) : text) + "\n") }
    func prompt(_ text: String) { write(TerminalText.strip(ascii ? AsciiFold.fold(text) : text) + " ") }

    /// The error of the last save, until a save works: the exit status then says it failed.
    var saveError: SaveFailure?

    /// Reads an answer line; nil when the input ended or a stop signal came.
    mutating func ask(_ text: String) -> String? {
        while true {
            prompt(text)
            guard let line = readLine() else { return nil }
            if pendingSignal() != 0 { return nil }
            if lineWasTooLong() {
                say("! " + w[.plainLineTooLong, LineInput.maximumLineBytes])
                continue
            }
            return PlainApp.trim(line)
        }
    }

    static func trim(_ s: String) -> String {
        var t = Substring(s)
        while t.first?.isWhitespace == true { t.removeFirst() }
        while t.last?.isWhitespace == true { t.removeLast() }
        return String(t)
    }

    /// Sends what the visitor means to the state machine and carries out the effects
    /// (`QuestionnaireState.perform`, as the full screen does); says the notice, if any.
    @discardableResult
    mutating func send(_ event: Event) -> Bool {
        var saves: [SaveFailure?] = []
        let quit = state.perform(state.handle(event), recorder: recorder, saved: { saves.append($0) })
        if let last = saves.last { saveError = last }
        if let n = state.notice { say("! " + plainNotice(n)) }
        return quit
    }

    /// A notice in the words of this front: numbers to type, not keys to press.
    func plainNotice(_ n: Notice) -> String {
        switch n {
        case .answerRequired:
            return w[.plainAnswerRequired]
        case .numberRequired(let lo, let hi):
            return w.numberRange(lo, hi)
        case .choicesRequired:
            return w[.plainChoicesRequired]
        default:
            return w.notice(n)
        }
    }

    /// Common words: b/terug/back, ?, q/stop/quit.
    mutating func common(_ line: String) -> Bool? {
        switch line.lowercased() {
        case "b", "terug", "back": send(.back); return false
        case "?", "help", "hulp":
            if let q = state.currentQuestion, let h = q.help { say(h[w.language]) } else { say(w[.plainHelp]) }
            return false
        case "q", "stop", "quit", "stoppen": return send(.stop)
        default: return nil
        }
    }

    /// Runs the questionnaire: the stop signal that ended it (0 for none), and the exit status:
    /// 1 when the session could not be saved (the visitor was told why) or the questionnaire
    /// could not go on, else 0.
    public mutating func runWithStatus() -> (signal: Int32, status: Int32) {
        let result = run()
        if result < 0 { return (0, 1) }
        return (result, saveError == nil ? 0 : 1)
    }

    /// The stop signal that ended the questionnaire, 0 when it ended normally, -1 when it could
    /// not go on.
    public mutating func run() -> Int32 {
        while true {
            if pendingSignal() != 0 { send(.stop); return pendingSignal() }
            switch state.screen {
            case .welcome:
                say(w[.welcomeTitle])
                say(w[.welcomeBody])
                say(w[.welcomeStored])
                say("1. " + w.startDutch)
                say("2. " + w.startEnglish)
                guard let line = ask(w[.plainLanguagePrompt]) else { return end() }
                if line == "q" { return 0 }
                if line == "1" || line == "2" { send(.choose(line == "1" ? .nl : .en)) }
                send(.next)
                say()
                // The keys of this mode, said once.
                say(w[.plainIntroduction])
                say()
            case .question(let id):
                guard let q = state.catalogue.question(id) else { return -1 }
                if question(q) { return pendingSignal() }
            case .review:
                say(w[.reviewTitle] + ":")
                for (i, q) in state.visibleQuestions.enumerated() {
                    say("\(i + 1). " + q.text[w.language] + " " + painter.answerText(q, state.answers[q.id], skipped: state.skipped.contains(q.id)))
                }
                guard let line = ask(w[.plainReviewPrompt]) else { return end() }
                if let quit = common(line) { if quit { return 0 }; continue }
                let visible = state.visibleQuestions
                if let n = Int(line), n >= 1, n <= visible.count { send(.change(question: visible[n - 1].id)) } else { send(.next) }
                say()
            case .results:
                results()
                while true {
                    guard let line = ask(w[.plainResultsPrompt]) else { return end() }
                    if let n = Int(line), let result = state.results, n >= 1, n <= result.routes.count {
                        say()
                        for text in AdviceText(result, language: state.language, ascii: ascii).details(route: n, withSharedSteps: false) { say(text) }
                        say()
                        continue
                    }
                    if line.lowercased() == "r" { send(.changeAnswers); break }
                    if let quit = common(line) { if quit { return 0 }; break }
                    if !line.isEmpty {
                        say("! " + w[.plainRouteNumberRange, state.results?.routes.count ?? 0])
                        continue
                    }
                    send(.next)
                    say()
                    break
                }
            case .routeDetail:
                send(.back)
            case .contactConsent:
                say(w[.contactTitle])
                say(w[.contactPurpose])
                say("1. " + w[.contactYes])
                say("2. " + w[.contactNo])
                guard let line = ask(w[.plainContactPrompt]) else { return end() }
                if let quit = common(line) { if quit { return 0 }; continue }
                if line != "1" { say(w[.noContactKept]) }
                send(.contactChoice(line == "1"))
            case .contactForm:
                if contactForm() { return pendingSignal() }
            case .saved:
                if state.saving { return -1 }
                say(state.recorded ? w[.savedTitle] : "")
                if state.recorded { say(w[.savedBody]) }
                if state.recorded, let code = state.sessionCode { say(w.sessionCode(code)) }
                if state.contactGiven && state.recorded { say(w[.savedContact]) }
                return 0
            }
        }
    }

    mutating func end() -> Int32 {
        say()
        send(.stop)
        return pendingSignal()
    }

    /// Asks one question: the options once, then the prompt until an answer is taken (a wrong
    /// one repeats the prompt, not the list). Returns true when the visitor quit.
    mutating func question(_ q: Question) -> Bool {
        if let p = state.progress { say(w.progress(p.position, p.count) + ": " + q.text[w.language]) }
        let items = QuestionnaireState.items(of: q)
        for (i, item) in items.enumerated() {
            let label: String = switch item {
            case .option(let o): o.label[w.language]
            case .yes: w[.yes]
            case .no: w[.no]
            case .skip: w[.skip]
            }
            let chosen = state.isChosen(item, of: q) ? " " + w[.plainChosen] : ""
            say("  \(i + 1). " + label + chosen)
        }
        while true {
            let hint: String
            switch q.kind {
            case .number: hint = w.numberRange(q.min ?? 0, q.max ?? 999) + (q.unit.map { " (" + $0[w.language] + ")" } ?? "")
            case .multiple:
                let keep = state.answers[q.id] != nil || state.skipped.contains(q.id)
                hint = keep
                    ? w[.plainChoicesPromptKeep]
                    : w[.plainChoicesPrompt]
            default: hint = w[.plainChoosePrompt, items.count]
            }
            guard let line = ask(hint) else { _ = end(); return true }
            if let quit = common(line) {
                if quit { return true }
                if state.screen == .question(q.id) { continue }   // `?` explained it: ask again
                say()
                return false
            }
            // Whether the line gave an answer (or a skip); an empty line only goes on.
            var gave = true
            switch q.kind {
            case .number:
                // "12 jaar" is 12; a number too long for any range is out of range.
                let digits = line.filter { $0.isASCII && $0.isNumber }
                if digits.isEmpty {
                    if q.isOptional { send(.skip(question: q.id)) } else { gave = false }
                } else {
                    send(.answer(question: q.id, .number(Int(digits) ?? Int.max)))
                }
            case .multiple:
                let numbers = line.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Int($0) }
                if let skip = items.firstIndex(of: .skip), numbers == [skip + 1] {
                    send(.skip(question: q.id))
                } else if !numbers.isEmpty {
                    // The line is the whole choice.
                    let ids = numbers.filter { $0 >= 1 && $0 <= q.choices.count }.map { q.choices[$0 - 1].id }
                    send(.answer(question: q.id, .options(ids)))
                } else {
                    gave = false
                }
            default:
                if let n = Int(line), n >= 1, n <= items.count {
                    switch items[n - 1] {
                    case .option(let o): send(.answer(question: q.id, .option(o.id)))
                    case .yes: send(.answer(question: q.id, .boolean(true)))
                    case .no: send(.answer(question: q.id, .boolean(false)))
                    case .skip: send(.skip(question: q.id))
                    }
                } else if !line.isEmpty {
                    say("! " + w[.plainNumberRange, items.count])
                    continue
                } else {
                    gave = false
                }
            }
            if !gave || state.notice == nil { send(.next) }
            if state.screen == .question(q.id) && state.notice != nil { continue }
            say()
            return false
        }
    }

    /// The results: the numbered list of routes with one line each, then the steps every route
    /// shares, said once; a route's details on its number.
    mutating func results() {
        guard let result = state.results else { return }
        let advice = AdviceText(result, language: state.language, ascii: ascii)
        for line in advice.overview() { say(line) }
        let shared = advice.sharedSteps()
        if !shared.isEmpty { say(); for line in shared { say(line) } }
        for line in advice.help() { say(line) }
        for line in advice.regional(dated: false) { say(line) }
        say()
    }

    /// The contact step as questions: 16 or older first (under 16 nothing is asked), the name
    /// and e-mail (asked again until they are right), then the consent itself; "no" to either
    /// question keeps no name or e-mail. Returns true when the visitor quit.
    mutating func contactForm() -> Bool {
        let yes: Set<String> = ["j", "ja", "y", "yes"]
        func declined(_ why: String) {
            say(why)
            send(.back)                  // back to the choice
            send(.contactChoice(false))  // no contact: finish without it
        }
        guard let age = ask(w[.age16Question] + " (j/n)") else { _ = end(); return true }
        guard yes.contains(age.lowercased()) else { declined(w[.tooYoung] + " " + w[.noContactKept]); return false }
        var name = ""
        while true {
            guard let line = ask(w[.nameLabel] + ":") else { _ = end(); return true }
            if let problem = QuestionnaireState.nameNotice(line) { say("! " + w.notice(problem)); continue }
            name = line
            break
        }
        var email = ""
        while true {
            guard let line = ask(w[.emailLabel] + ":") else { _ = end(); return true }
            guard ContactRules.isValidEmail(line) else { say("! " + w.notice(.emailInvalid)); continue }
            email = line
            break
        }
        guard let consent = ask(w[.consentQuestion] + " (j/n)") else { _ = end(); return true }
        guard yes.contains(consent.lowercased()) else { declined(w[.noContactKept]); return false }
        send(.contact(name: name, email: email, age16: true, consent: true))
        return false
    }

}

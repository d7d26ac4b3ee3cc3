import Matching
import RouteCatalog

extension QuestionnaireState {
    /// Applies one event; returns what the front must do (write a record, quit). No I/O here.
    @discardableResult
    public mutating func handle(_ event: Event) -> [Effect] {
        switch event {
        case .viewport(let rows, let maxScroll):
            viewportRows = max(1, rows)
            self.maxScroll = max(0, maxScroll)
            scroll = min(scroll, self.maxScroll)
            keepFocusInView()
            return []
        case .recorded(let error, let code):
            saving = false
            if let error {
                notice = .saveFailed(error)
            } else {
                recorded = true
                sessionCode = code
                if screen == .contactForm { go(to: .saved) }
            }
            return []
        case .stop:
            return endSession()
        case .idle(let signal):
            guard kiosk else { return [] }
            switch signal {
            case .quiet:
                if case .idleCountdown? = overlay { overlay = nil }
            case .countdown(let seconds):
                if overlay == nil || overlay == .takeHome { overlay = .idleCountdown(seconds: seconds) }
                if case .idleCountdown? = overlay { overlay = .idleCountdown(seconds: seconds) }
            case .expired:
                return startAgain(outcome: .timedOut)
            }
            return []
        case .typingPause:
            digits = ""
            return []
        case .advisorChord:
            guard kiosk else { return [] }
            overlay = .pin("")
            return []
        case .pinChecked(let check):
            switch check {
            case .accepted:
                overlay = nil
                return endSession()
            case .wrong(let left):
                notice = .pinWrong(attemptsLeft: left)
            case .locked(let seconds):
                notice = .pinLocked(secondsLeft: seconds)
            }
            if case .pin? = overlay { overlay = .pin("") }
            return []
        case .pinLockTick(let left):
            if case .pinLocked? = notice { notice = left.map { .pinLocked(secondsLeft: $0) } }
            return []
        case .click(let index):
            guard overlay == nil, index >= 0, index < itemCount else { return [] }
            if screen == .results, !resultRows[index].isSelectable { return [] }
            focus = index
            touched = true
            keepFocusInView()
            return activate(index, byClick: true)
        case .key(let key):
            return handle(key)
        case .choose, .answer, .skip, .next, .back, .change, .changeAnswers, .contactChoice, .contact:
            guard overlay == nil else { return [] }
            return handle(meaning: event)
        }
    }

    // MARK: - What the visitor means

    private mutating func handle(meaning event: Event) -> [Effect] {
        switch event {
        case .choose(let language):
            guard screen == .welcome else { return [] }
            self.language = language
            focus = language == .nl ? 0 : 1
            touched = true
        case .answer(let id, let value):
            guard screen == .question(id), let q = catalogue.question(id) else { return [] }
            return give(value, to: q)
        case .skip(let id):
            guard screen == .question(id), let q = catalogue.question(id), q.isOptional else { return [] }
            notice = nil
            numberDrafts[id] = nil
            setAnswer(id, nil)
            skipped.insert(id)
        case .next:
            return next()
        case .back:
            back()
        case .change(let id):
            guard screen == .review, let i = visibleQuestions.firstIndex(where: { $0.id == id }) else { return [] }
            return activate(i, byClick: false)
        case .changeAnswers:
            guard screen == .results || isScrollingText else { return [] }
            go(to: .review)
        case .contactChoice(let wanted):
            guard screen == .contactConsent else { return [] }
            focus = wanted ? 0 : 1
            return activate(focus, byClick: false)
        case .contact(let name, let email, let age16, let consent):
            guard screen == .contactForm else { return [] }
            contact = ContactDraft()
            contact.name = name
            contact.email = email
            contact.confirmedAge16 = age16
            contact.consent = consent
            return submitContact()
        default:
            break
        }
        return []
    }

    /// Records `value` as the answer to `q` when it is one `q` can take: a number within its
    /// range, options it has (ticked in the catalogue's order), yes/no for a yes/no question.
    private mutating func give(_ value: AnswerValue, to q: Question) -> [Effect] {
        switch (q.kind, value) {
        case (.number, .number(let n)):
            let lo = q.min ?? 0, hi = q.max ?? 999
            guard n >= lo, n <= hi else { notice = .numberOutOfRange(min: lo, max: hi); return [] }
            numberDrafts[q.id] = nil
        case (.multiple, .options(let ids)):
            let order = q.choices.map(\.id)
            guard Set(ids).isSubset(of: order) else { notice = .choicesRequired; return [] }
            guard !ids.isEmpty else { notice = .choicesRequired; return [] }
            setAnswer(q.id, .options(order.filter(ids.contains)))
            notice = nil
            return []
        case (.single, .option(let id)):
            guard q.option(id) != nil else { notice = .answerRequired; return [] }
        case (.boolean, .boolean):
            break
        default:
            notice = q.kind == .multiple ? .choicesRequired : .answerRequired
            return []
        }
        setAnswer(q.id, value)
        notice = nil
        return []
    }

    // MARK: - Keys

    private mutating func handle(_ key: Key) -> [Effect] {
        // Kiosk: Ctrl-C does nothing (the idle timer still counts it as a key).
        if kiosk, key == .interrupt { return [] }
        if let overlay {
            switch overlay {
            case .idleCountdown, .takeHome:
                // Any key means someone is there: the key only cancels the countdown.
                // Any key closes the QR code too, back to the routes.
                self.overlay = nil
                return []
            case .pin(let typed):
                switch key {
                case .char(let c) where c.isASCII && (c.isNumber || c.isLetter):
                    if typed.count < Self.pinMaxLength { self.overlay = .pin(typed + String(c)) }
                case .backspace, .delete:
                    self.overlay = .pin(String(typed.dropLast()))
                case .enter:
                    return typed.isEmpty ? [] : [.checkPin(typed)]
                case .escape, .interrupt:
                    self.overlay = nil
                    notice = nil
                default:
                    break
                }
                return []
            case .help:
                switch key {
                case .up, .char("k"): scroll = max(0, scroll - 1)
                case .down, .char("j"): scroll = min(maxScroll, scroll + 1)
                default: self.overlay = nil; scroll = 0
                }
                return []
            case .confirmQuit:
                switch key {
                case .char("j"), .char("J"), .char("y"), .char("Y"), .char("q"), .interrupt:
                    self.overlay = nil
                    if kiosk { return startAgain(outcome: .abandoned) }
                    return endSession()
                default:
                    self.overlay = nil
                    return []
                }
            }
        }
        if case .number = currentQuestion?.kind, let q = currentQuestion {
            if let effects = handleNumber(key, q) { return effects }
        }
        if isEditingText, let effects = handleText(key) { return effects }
        // Any other key ends a number being typed digit by digit.
        if case .char(let c) = key, c.isASCII, c.isNumber {} else { digits = "" }

        switch key {
        case .interrupt, .char("q"), .char("Q"):
            // A kiosk's welcome screen holds nothing of anyone: nothing to start again.
            if kiosk && screen == .welcome { return [] }
            overlay = .confirmQuit
            return []
        case .char("?"):
            overlay = .help
            scroll = 0
            return []
        case .up, .char("k"):
            move(-1)
        case .down, .char("j"):
            move(1)
        case .pageUp:
            if isScrollingText { scroll = max(0, scroll - viewportRows) } else { move(-viewportRows) }
        case .pageDown:
            if isScrollingText { scroll = min(maxScroll, scroll + viewportRows) } else { move(viewportRows) }
        case .home:
            if isScrollingText { scroll = 0 } else { move(-itemCount) }
        case .end:
            if isScrollingText { scroll = maxScroll } else { move(itemCount) }
        case .space:
            return toggle()
        case .enter:
            return activate(focus, byClick: false)
        case .tab:
            return next()
        case .escape, .backTab:
            back()
        case .char(let c):
            if let digit = c.wholeNumberValue, c.isASCII {
                // On a list of more than nine, digits typed one after the other make one number
                // (1, 3: option 13) until a pause; a number past the list starts anew.
                let combined = digits + String(digit)
                if numberedItems > 9, !digits.isEmpty, let n = Int(combined), n >= 1, n <= numberedItems {
                    digits = combined
                    return pick(n - 1)
                }
                digits = digit >= 1 ? String(digit) : ""
                if digit >= 1 { return pick(digit - 1) }
                return []
            }
            if screen == .results, c == "r" || c == "R" { go(to: .review) }
            if screen == .results, c == "c" || c == "C" { return next() }
            if screen == .results, c == "m" || c == "M" { overlay = .takeHome }
        default:
            break
        }
        return []
    }

    private var isScrollingText: Bool {
        if case .routeDetail = screen { return true }
        return false
    }

    private mutating func move(_ delta: Int) {
        if isScrollingText {
            scroll = max(0, min(maxScroll, scroll + delta))
            return
        }
        guard itemCount > 0 else { return }
        var target = max(0, min(itemCount - 1, focus + delta))
        if screen == .results {
            // Headings are not selectable: go on past one, or stay when there is nothing beyond.
            let rows = resultRows
            let step = delta < 0 ? -1 : 1
            while target >= 0, target < rows.count, !rows[target].isSelectable { target += step }
            if target < 0 || target >= rows.count { target = focus }
        }
        focus = target
        touched = true
        if screen == .welcome { language = focus == 0 ? .nl : .en }
        keepFocusInView()
    }

    /// How many items digits can reach: a single-choice question's options (ticking a
    /// multiple-choice list stays one digit a key), the routes on the results.
    private var numberedItems: Int {
        switch screen {
        case .question:
            guard let q = currentQuestion, q.kind != .multiple else { return 0 }
            return Self.items(of: q).count
        case .results: return results?.routes.count ?? 0
        default: return 0
        }
    }

    /// The first selectable line of the results list.
    private var firstResultRow: Int { resultRows.firstIndex(where: \.isSelectable) ?? 0 }

    private mutating func keepFocusInView() {
        let rows = max(1, viewportRows)
        if focus < listTop { listTop = focus }
        if focus >= listTop + rows { listTop = focus - rows + 1 }
        listTop = max(0, min(listTop, max(0, itemCount - rows)))
    }

    /// Digit `index`: picks that option (single: chooses it; multiple: toggles it).
    private mutating func pick(_ index: Int) -> [Effect] {
        guard index < itemCount else { return [] }
        if screen == .results {
            // Digit n: the n-th route, whatever headings stand between.
            let rows = resultRows.indices.filter { if case .route = resultRows[$0] { true } else { false } }
            guard index < rows.count else { return [] }
            focus = rows[index]
            touched = true
            keepFocusInView()
            return []
        }
        switch screen {
        case .welcome, .question, .contactConsent, .review:
            focus = index
            touched = true
            if screen == .welcome { language = index == 0 ? .nl : .en }
            keepFocusInView()
            if case .question = screen { return toggle() }
            return []
        default:
            return []
        }
    }

    /// Space: chooses (single, yes/no) or toggles (multiple, check boxes) the focused item.
    private mutating func toggle() -> [Effect] {
        switch screen {
        case .question(let id):
            guard let q = catalogue.question(id) else { return [] }
            let items = Self.items(of: q)
            guard focus < items.count else { return [] }
            notice = nil
            switch (q.kind, items[focus]) {
            case (.multiple, .option(let o)):
                var chosen: [String] = []
                if case .options(let ids)? = answers[id] { chosen = ids }
                if let i = chosen.firstIndex(of: o.id) { chosen.remove(at: i) } else { chosen.append(o.id) }
                // Keep the catalogue's order, whatever the order of clicking.
                let order = q.choices.map(\.id)
                setAnswer(id, .options(order.filter(chosen.contains)))
            case (_, .option(let o)): setAnswer(id, .option(o.id))
            case (_, .yes): setAnswer(id, .boolean(true))
            case (_, .no): setAnswer(id, .boolean(false))
            case (_, .skip):
                setAnswer(id, nil)
                skipped.insert(id)
            }
        case .contactForm:
            if contactField == .age16 { contact.confirmedAge16.toggle(); notice = nil }
            if contactField == .consent { contact.consent.toggle(); notice = nil }
        default:
            return activate(focus, byClick: false)
        }
        return []
    }

    /// Enter on an item (or a click): do what the item is for.
    private mutating func activate(_ index: Int, byClick: Bool) -> [Effect] {
        switch screen {
        case .welcome:
            language = index == 0 ? .nl : .en
            if byClick { return [] }
            return next()
        case .question(let id):
            guard let q = catalogue.question(id) else { return [] }
            let items = Self.items(of: q)
            let onSkip = index < items.count && items[index] == .skip
            if q.kind == .multiple {
                if byClick || onSkip { _ = toggle() }
                if byClick { return [] }
                return next()
            }
            // Enter chooses the highlighted option only once the visitor has moved the
            // highlight (or came back to an answered question); never on an untouched one.
            if byClick || touched || onSkip || answers[id] != nil { _ = toggle() }
            if byClick { return [] }
            return next()
        case .review:
            if index == visibleQuestions.count { return next() }
            let q = visibleQuestions[index]
            returnToReview = true
            go(to: .question(q.id))
            return []
        case .results:
            guard let results, index < resultRows.count else { return [] }
            switch resultRows[index] {
            case .finish: return next()
            case .heading: return []
            case .route(let i):
                resultsFocus = index
                go(to: .routeDetail(results.routes[i].route.id))
                return []
            }
        case .routeDetail:
            back()
            return []
        case .contactConsent:
            if index == 0 {
                // Nothing is ticked for the visitor: the age and the consent are theirs to tick.
                go(to: .contactForm)
                return []
            }
            return finishWithoutContact()
        case .contactForm:
            guard let field = ContactField(rawValue: index) else { return [] }
            switch field {
            case .name, .email:
                if byClick { return [] }
                focus += 1
                return []
            case .age16, .consent:
                return toggle()
            case .save:
                return submitContact()
            }
        case .saved:
            restart()
            return []
        }
    }

    /// Tab: the "go on" of every screen.
    private mutating func next() -> [Effect] {
        notice = nil
        switch screen {
        case .welcome:
            if let first = visibleQuestions.first { go(to: .question(first.id)) } else { showResults() }
        case .question(let id):
            guard let q = catalogue.question(id) else { return [] }
            // Nothing is recorded that the visitor did not choose: an open question stays open,
            // an optional one is skipped only through its "skip" line.
            if answers[id] == nil && !skipped.contains(id) {
                switch q.kind {
                case .multiple: notice = .choicesRequired
                case .number: notice = .numberRequired(min: q.min ?? 0, max: q.max ?? 999)
                default: notice = .answerRequired
                }
                return []
            }
            goAfter(question: id)
        case .review:
            showResults()
        case .results, .routeDetail:
            if contactAllowed && !contactGiven { go(to: .contactConsent) } else { return finishWithoutContact() }
        case .contactConsent:
            return activate(focus, byClick: false)
        case .contactForm:
            if contactField == .save { return submitContact() }
            focus = min(ContactField.allCases.count - 1, focus + 1)
        case .saved:
            restart()
        }
        return []
    }

    /// Esc / Shift+Tab: one step back, never losing an answer.
    private mutating func back() {
        notice = nil
        switch screen {
        case .welcome:
            break
        case .question(let id):
            if returnToReview {
                go(to: .review)
                if let i = visibleQuestions.firstIndex(where: { $0.id == id }) {
                    focus = i
                    keepFocusInView()
                }
                return
            }
            let visible = visibleQuestions
            if let i = visible.firstIndex(where: { $0.id == id }), i > 0 {
                go(to: .question(visible[i - 1].id))
            } else {
                go(to: .welcome)
            }
        case .review:
            returnToReview = false
            if let last = visibleQuestions.last { go(to: .question(last.id)) } else { go(to: .welcome) }
        case .results:
            go(to: .review)
        case .routeDetail:
            go(to: .results)
            focus = resultsFocus
            keepFocusInView()
        case .contactConsent:
            go(to: .results)
        case .contactForm:
            go(to: .contactConsent)
        case .saved:
            break
        }
    }

    // MARK: - Numbers and text

    /// Keys of a number question: digits edit, arrows step. Returns nil for keys it leaves alone.
    private mutating func handleNumber(_ key: Key, _ q: Question) -> [Effect]? {
        let lo = q.min ?? 0, hi = q.max ?? 999
        var draft = numberDrafts[q.id] ?? answers[q.id].flatMap { if case .number(let n) = $0 { String(n) } else { nil } } ?? ""
        switch key {
        case .char(let c) where c.isASCII && c.isNumber:
            if draft.count < 6 { draft.append(c) }
            if draft.count > 1, draft.first == "0" { draft.removeFirst() }
        case .backspace, .delete:
            if !draft.isEmpty { draft.removeLast() }
        case .up, .char("+"):
            draft = String(min(hi, (Int(draft) ?? (lo - 1)) + 1))
        case .down, .char("-"):
            draft = String(max(lo, (Int(draft) ?? (lo + 1)) - 1))
        case .enter, .tab:
            guard let n = Int(draft) else {
                if q.isOptional {
                    numberDrafts[q.id] = nil
                    setAnswer(q.id, nil)
                    skipped.insert(q.id)
                    goAfter(question: q.id)
                    return []
                }
                notice = .numberRequired(min: lo, max: hi)
                return []
            }
            guard n >= lo, n <= hi else {
                notice = .numberOutOfRange(min: lo, max: hi)
                return []
            }
            numberDrafts[q.id] = nil
            setAnswer(q.id, .number(n))
            notice = nil
            goAfter(question: q.id)
            return []
        default:
            return nil
        }
        notice = nil
        numberDrafts[q.id] = draft
        return []
    }

    /// Keys of the name and e-mail fields. Returns nil for keys it leaves alone.
    private mutating func handleText(_ key: Key) -> [Effect]? {
        guard let field = contactField else { return nil }
        var text = field == .name ? contact.name : contact.email
        let limit = field == .name ? ContactRules.nameLimit : ContactRules.emailLimit
        switch key {
        case .char(let c):
            guard !(c.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) else { return [] }
            guard text.count < limit else {
                if field == .name { notice = .nameTooLong(max: limit) }
                return []
            }
            text.append(c)
        case .space:
            guard field == .name else { return [] }
            guard text.count < limit else { notice = .nameTooLong(max: limit); return [] }
            text.append(" ")
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .clearLine:
            text = ""
        case .enter:
            return activate(focus, byClick: false)
        default:
            return nil
        }
        notice = nil
        if field == .name { contact.name = text } else { contact.email = text }
        return []
    }

    // MARK: - Moving between screens

    private mutating func go(to target: Screen) {
        screen = target
        overlay = nil
        scroll = 0
        listTop = 0
        maxScroll = Int.max
        focus = 0
        touched = false
        digits = ""
        switch target {
        case .welcome:
            focus = language == .nl ? 0 : 1
        case .question(let id):
            if let q = catalogue.question(id) {
                let items = Self.items(of: q)
                focus = items.firstIndex { isChosen($0, of: q) } ?? 0
            }
        case .review:
            returnToReview = false
        case .results:
            focus = firstResultRow
        default:
            break
        }
        keepFocusInView()
    }

    /// After answering a question: the next visible one, or back to the review screen (first
    /// any question that the new answer made visible and that still needs an answer).
    private mutating func goAfter(question id: String) {
        let visible = visibleQuestions
        if returnToReview {
            if let open = visible.first(where: { answers[$0.id] == nil && !skipped.contains($0.id) }) {
                go(to: .question(open.id))
                returnToReview = true
            } else {
                // Back on the review, on the line just changed.
                go(to: .review)
                if let i = visible.firstIndex(where: { $0.id == id }) {
                    focus = i
                    keepFocusInView()
                }
            }
            return
        }
        if let i = visible.firstIndex(where: { $0.id == id }), i + 1 < visible.count {
            go(to: .question(visible[i + 1].id))
        } else {
            go(to: .review)
        }
    }

    /// Sets (or clears) an answer and drops answers to questions that are now hidden.
    private mutating func setAnswer(_ id: String, _ value: AnswerValue?) {
        // Ticking nothing is no answer: a multiple-choice question is answered by ticking, or
        // skipped explicitly.
        if case .options(let ids)? = value, ids.isEmpty { answers[id] = nil } else { answers[id] = value }
        if answers[id] != nil { skipped.remove(id) }
        answers = catalogue.effectiveAnswers(answers)
        let visibleIds = Set(visibleQuestions.map(\.id))
        numberDrafts = numberDrafts.filter { visibleIds.contains($0.key) }
        if results != nil { results = engine.match(answers) }
    }

    private mutating func showResults() {
        results = engine.match(answers)
        reachedResults = true
        go(to: .results)
    }

    private mutating func submitContact() -> [Effect] {
        let name = ContactRules.trimmed(contact.name), email = ContactRules.trimmed(contact.email)
        if let problem = Self.nameNotice(name) { notice = problem; focus = ContactField.name.rawValue; return [] }
        if !ContactRules.isValidEmail(email) { notice = .emailInvalid; focus = ContactField.email.rawValue; return [] }
        if !contact.confirmedAge16 { notice = .ageConfirmationRequired; focus = ContactField.age16.rawValue; return [] }
        if !contact.consent { notice = .consentRequired; focus = ContactField.consent.rawValue; return [] }
        guard !saving else { return [] }
        contactGiven = true
        saving = true
        let details = ContactDetails(name: name, email: email, consentVersion: contactConsentVersion)
        return [.record(SessionRecord(outcome: .completed, answers: answers, language: language, contact: details))]
    }

    private mutating func finishWithoutContact() -> [Effect] {
        go(to: .saved)
        guard !recorded, !saving else { return [] }
        saving = true
        return [.record(SessionRecord(outcome: .completed, answers: answers, language: language, contact: nil))]
    }

    /// Quit (confirmed) or a stop signal: record the session once, then quit.
    private mutating func endSession() -> [Effect] {
        var effects: [Effect] = []
        if !recorded, !saving, !answers.isEmpty || reachedResults {
            effects.append(.record(SessionRecord(
                outcome: reachedResults ? .completed : .abandoned, answers: answers, language: language, contact: nil)))
            recorded = true
        }
        effects.append(.quit)
        return effects
    }

    /// A fresh questionnaire. A kiosk's next visitor starts in the kiosk's own language, with
    /// nothing of the previous one; elsewhere the same person starts again in their language.
    public mutating func restart() {
        self = QuestionnaireState(engine: engine, language: kiosk ? defaultLanguage : language, kiosk: kiosk,
                                  defaultLanguage: defaultLanguage)
    }

    /// Kiosk: record the visitor's session (if anything was answered and it was not yet
    /// recorded) and start again on the welcome screen.
    private mutating func startAgain(outcome: SessionOutcome) -> [Effect] {
        var effects: [Effect] = []
        if !recorded, !saving, !answers.isEmpty || reachedResults {
            effects.append(.recordPrevious(SessionRecord(
                outcome: reachedResults ? .completed : outcome, answers: answers, language: language, contact: nil)))
        }
        restart()
        return effects
    }

    // MARK: - Checks

    /// The notice for a name the contacts store would refuse, else nil (`ContactRules`).
    public static func nameNotice(_ name: String) -> Notice? {
        switch ContactRules.nameProblem(name) {
        case nil: return nil
        case .missing: return .nameRequired
        case .tooLong(let max): return .nameTooLong(max: max)
        case .characters: return .nameCharacters
        }
    }
}


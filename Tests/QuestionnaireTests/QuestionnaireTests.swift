import Matching
import Questionnaire
import RouteCatalog
import Testing

/// The fixed test catalogue (also used by the view and end-to-end tests).
let fixturePath: String = {
    var path = #filePath
    while let last = path.last, last != "/" { path.removeLast() }
    return path + "Fixtures/catalogue.json"
}()

func makeState(_ language: Language = .nl) throws -> QuestionnaireState {
    let loaded = try CatalogueLoader.load(path: fixturePath)
    return QuestionnaireState(engine: Engine(loaded), language: language)
}

extension QuestionnaireState {
    mutating func press(_ keys: Key...) { for k in keys { handle(.key(k)) } }
    mutating func type(_ text: String) { for c in text { handle(.key(c == " " ? .space : .char(c))) } }
}

@Suite struct FlowTests {
    @Test func welcomeStartsTheFirstQuestionWithProgress() throws {
        var s = try makeState()
        #expect(s.screen == .welcome)
        s.press(.enter)
        #expect(s.screen == .question("education"))
        #expect(s.progress?.position == 1)
        #expect(s.progress?.count == 8, "experienceYears may still be asked: it counts until sector rules it out")
    }

    @Test func theProgressTotalOnlyShrinksAsAnswersSkipQuestions() throws {
        var s = try makeState()
        s.press(.enter, .char("2"), .enter, .down, .enter)   // education, foreignDiploma: Nee
        #expect(s.screen == .question("sector"))
        #expect(s.progress?.position == 3)
        #expect(s.progress?.count == 8)
        s.press(.char("3"), .enter)                          // non-technical: no experience question
        #expect(s.progress?.position == 4)
        #expect(s.progress?.count == 7)
    }

    @Test func welcomeFocusChoosesTheLanguage() throws {
        var s = try makeState()
        s.press(.down)
        #expect(s.language == .en)
        s.press(.char("1"))
        #expect(s.language == .nl)
    }

    @Test func backAndForthKeepsAnswers() throws {
        var s = try makeState()
        s.press(.enter)                       // welcome -> education
        s.press(.char("2"), .enter)           // hbo-bachelor
        #expect(s.answers["education"] == .option("hbo-bachelor"))
        #expect(s.screen == .question("foreignDiploma"))
        s.press(.down, .enter)                // Nee
        #expect(s.answers["foreignDiploma"] == .boolean(false))
        s.press(.char("j"), .char("k"), .enter) // j down, k up: Elektrotechniek
        #expect(s.answers["sector"] == .option("elektro"))
        #expect(s.screen == .question("experienceYears"))
        s.type("12")
        // Back three times: every answer and the typed number are kept.
        s.press(.escape)
        #expect(s.screen == .question("sector"))
        s.press(.backTab)
        #expect(s.screen == .question("foreignDiploma"))
        #expect(s.focus == 1)
        s.press(.escape)
        #expect(s.screen == .question("education"))
        #expect(s.focus == 1, "the focus is on the chosen answer")
        s.press(.tab, .tab, .tab)
        #expect(s.screen == .question("experienceYears"))
        #expect(s.numberDrafts["experienceYears"] == "12")
        s.press(.enter)
        #expect(s.answers["experienceYears"] == .number(12))
        #expect(s.answers["education"] == .option("hbo-bachelor"))
    }

    @Test func numbersAreCheckedAgainstTheRange() throws {
        var s = try makeState()
        s.press(.enter, .char("1"), .enter, .char("2"), .enter, .char("1"), .enter)  // mbo-4, not abroad, elektro
        #expect(s.screen == .question("experienceYears"))
        s.press(.enter)
        #expect(s.notice == .numberRequired(min: 0, max: 50))
        s.type("75")
        s.press(.enter)
        #expect(s.notice == .numberOutOfRange(min: 0, max: 50))
        #expect(s.screen == .question("experienceYears"))
        s.press(.backspace, .backspace)
        s.type("7")
        s.press(.enter)
        #expect(s.notice == nil)
        #expect(s.answers["experienceYears"] == .number(7))
    }

    @Test func spaceTogglesInMultipleChoiceAndDigitsPick() throws {
        var s = try makeState()
        s.press(.enter, .char("1"), .enter, .char("2"), .enter)
        s.press(.char("3"), .enter)           // sector non-technical: experience is skipped
        #expect(s.screen == .question("profiles"))
        s.press(.space, .down, .down, .space)
        #expect(s.answers["profiles"] == .options(["pie", "ict"]))
        s.press(.char("1"))
        #expect(s.answers["profiles"] == .options(["ict"]))
        s.press(.char("2"))
        #expect(s.answers["profiles"] == .options(["bwi", "ict"]), "kept in catalogue order")
        s.press(.enter)
        #expect(s.screen == .question("schoolJob"))
    }

    @Test func showIfHidesAndShowsAndDropsHiddenAnswers() throws {
        var s = try makeState()
        s.press(.enter, .char("1"), .enter, .char("2"), .enter, .char("1"), .enter)   // sector: elektro
        #expect(s.screen == .question("experienceYears"))
        s.type("5")
        s.press(.enter)
        #expect(s.answers["experienceYears"] == .number(5))
        #expect(s.visibleQuestions.map(\.id).contains("experienceYears"))
        // Back to sector, choose non-technical: the experience question disappears with its answer.
        s.press(.escape, .escape)
        #expect(s.screen == .question("sector"))
        s.press(.char("3"))
        #expect(s.answers["experienceYears"] == nil)
        #expect(!s.visibleQuestions.map(\.id).contains("experienceYears"))
        s.press(.enter)
        #expect(s.screen == .question("profiles"), "the hidden question is skipped")
        #expect(s.progress?.count == 7)
        // And back again: it shows, unanswered.
        s.press(.escape)
        s.press(.char("2"), .enter)
        #expect(s.screen == .question("experienceYears"))
        #expect(s.answers["experienceYears"] == nil)
    }

    /// Enter on a question the visitor has not touched records nothing: hammering Enter on a
    /// kiosk gives no advice for "no diploma, abroad".
    @Test func enterOnAnUntouchedQuestionRecordsNothing() throws {
        var s = try makeState()
        for _ in 0..<30 { s.press(.enter) }
        #expect(s.screen == .question("education"))
        #expect(s.answers.isEmpty)
        #expect(s.notice == .answerRequired)
        // Moving the highlight and back, then Enter: the highlighted option is the answer.
        s.press(.down, .up, .enter)
        #expect(s.answers["education"] == .option("mbo-4"))
        #expect(s.screen == .question("foreignDiploma"))
        // A yes/no question: the same.
        s.press(.enter)
        #expect(s.answers["foreignDiploma"] == nil)
        #expect(s.notice == .answerRequired)
        s.press(.char("2"), .enter)
        #expect(s.answers["foreignDiploma"] == .boolean(false))
        // Coming back to an answered question, Enter keeps its answer.
        s.press(.escape)
        #expect(s.screen == .question("foreignDiploma"))
        s.press(.enter)
        #expect(s.answers["foreignDiploma"] == .boolean(false))
        #expect(s.screen == .question("sector"))
    }

    /// A multiple-choice question is answered by ticking; skipping it is a choice of its own.
    @Test func aMultipleChoiceQuestionIsTickedOrSkippedNeverAssumed() throws {
        var s = try makeState()
        s.press(.enter, .char("1"), .enter, .char("2"), .enter, .char("3"), .enter)
        #expect(s.screen == .question("profiles"))
        s.press(.enter)
        #expect(s.notice == .choicesRequired)
        s.press(.tab)
        #expect(s.notice == .choicesRequired)
        #expect(s.screen == .question("profiles"))
        // Ticking and unticking leaves no answer either.
        s.press(.space, .space, .enter)
        #expect(s.answers["profiles"] == nil)
        #expect(s.screen == .question("profiles"))
        // The skip line: no answer, and the questionnaire goes on.
        s.press(.end, .enter)
        #expect(s.answers["profiles"] == nil)
        #expect(s.skipped.contains("profiles"))
        #expect(s.screen == .question("schoolJob"))
        // Back and tick one: no longer skipped.
        s.press(.escape, .home, .space, .enter)
        #expect(s.answers["profiles"] == .options(["pie"]))
        #expect(!s.skipped.contains("profiles"))
    }

    @Test func requiredQuestionsNeedAnAnswerOnTab() throws {
        var s = try makeState()
        s.press(.enter)
        s.press(.tab)
        #expect(s.notice == .answerRequired)
        #expect(s.screen == .question("education"))
    }

    @Test func quittingAsksAndRecordsAnAbandonedSession() throws {
        var s = try makeState()
        s.press(.enter, .char("1"), .enter)
        var effects = s.handle(.key(.char("q")))
        #expect(s.overlay == .confirmQuit)
        #expect(effects.isEmpty)
        effects = s.handle(.key(.char("n")))
        #expect(s.overlay == nil)
        #expect(effects.isEmpty)
        s.handle(.key(.char("q")))
        effects = s.handle(.key(.char("j")))
        #expect(effects.count == 2)
        guard case .record(let record) = effects.first else { Issue.record("no record"); return }
        #expect(record.outcome == .abandoned)
        #expect(record.answers["education"] == .option("mbo-4"))
        #expect(effects.last == .quit)
    }

    @Test func aStopSignalRecordsOnceWithoutAsking() throws {
        var s = try makeState()
        s.press(.enter, .char("1"), .enter)
        let effects = s.handle(.stop)
        #expect(effects.count == 2)
        #expect(s.handle(.stop) == [.quit], "never recorded twice")
    }

    @Test func helpOpensAndAnyKeyCloses() throws {
        var s = try makeState()
        s.press(.enter, .char("?"))
        #expect(s.overlay == .help)
        s.press(.char("x"))
        #expect(s.overlay == nil)
        #expect(s.screen == .question("education"))
    }
}

/// Answers every question with the given list item (index into options), typing numbers.
func answerAll(_ s: inout QuestionnaireState, _ picks: [String: Int], numbers: [String: String] = [:]) {
    if s.screen == .welcome { s.press(.enter) }
    while case .question(let id) = s.screen {
        if let n = numbers[id] {
            s.type(n)
            s.press(.enter)
        } else if let i = picks[id] {
            s.handle(.click(index: i))
            s.press(.tab)
        } else if let q = s.currentQuestion, q.isOptional {
            // Not picked: skip it, explicitly, on its "skip" line.
            s.handle(.click(index: QuestionnaireState.items(of: q).count - 1))
            s.press(.tab)
        } else {
            Issue.record("no answer given for the required question \(id)")
            return
        }
    }
}

@Suite struct ReviewAndResultsTests {
    let picks = ["education": 1, "foreignDiploma": 1, "sector": 0, "schoolJob": 1, "province": 0]
    let numbers = ["experienceYears": "10", "age": "40"]

    @Test func reviewListsEveryVisibleAnswer() throws {
        var s = try makeState()
        answerAll(&s, picks, numbers: numbers)
        #expect(s.screen == .review)
        #expect(s.itemCount == s.visibleQuestions.count + 1)
        #expect(s.answers["profiles"] == nil, "a skipped question has no answer")
        #expect(s.skipped == ["profiles"])
    }

    @Test func changingAnAnswerOnTheReviewScreenChangesTheResults() throws {
        var s = try makeState()
        answerAll(&s, picks, numbers: numbers)
        s.press(.end, .enter)
        #expect(s.screen == .results)
        let before = try #require(s.results)
        #expect(before.routes.first { $0.route.id == "pdg" }?.fit == .near)
        #expect(before.routes.first { $0.route.id == "pdg" }?.missing.count == 1)

        // Back to the review, open "schoolJob", say yes: PDG becomes eligible.
        s.press(.char("r"))
        #expect(s.screen == .review)
        let row = try #require(s.visibleQuestions.firstIndex { $0.id == "schoolJob" })
        s.handle(.click(index: row))
        #expect(s.screen == .question("schoolJob"))
        s.press(.char("1"), .enter)
        #expect(s.screen == .review, "answering returns to the review")
        s.press(.tab)
        let after = try #require(s.results)
        #expect(after.routes.first?.route.id == "pdg")
        #expect(after.routes.first?.fit == .eligible)
    }

    @Test func reviewChangeThatRevealsAQuestionAsksItFirst() throws {
        var s = try makeState()
        answerAll(&s, ["education": 1, "foreignDiploma": 1, "sector": 2, "schoolJob": 1, "province": 0], numbers: ["age": "40"])
        #expect(s.screen == .review)
        #expect(s.answers["experienceYears"] == nil)
        let row = try #require(s.visibleQuestions.firstIndex { $0.id == "sector" })
        s.handle(.click(index: row))
        s.press(.char("1"), .enter)
        #expect(s.screen == .question("experienceYears"))
        s.type("3")
        s.press(.enter)
        #expect(s.screen == .review)
    }

    @Test func detailsAndBackKeepTheFocusedRoute() throws {
        var s = try makeState()
        answerAll(&s, picks, numbers: numbers)
        s.press(.tab)
        s.press(.down, .enter)
        guard case .routeDetail = s.screen else { Issue.record("not on details"); return }
        s.press(.escape)
        #expect(s.screen == .results)
        #expect(s.focus == 1)
    }

    @Test func contactStepChecksNameAndEmailAndNeedsConsent() throws {
        var s = try makeState()
        answerAll(&s, picks, numbers: numbers)
        s.press(.tab, .tab)
        #expect(s.screen == .contactConsent)
        s.press(.enter)
        #expect(s.screen == .contactForm)
        // Nothing is ticked for the visitor: not the age, not the consent (age 40 was answered).
        #expect(!s.contact.confirmedAge16)
        #expect(!s.contact.consent)
        #expect(s.isEditingText)
        s.type("Zoë q Verhoeven")
        #expect(s.contact.name == "Zoë q Verhoeven", "q is text in a field")
        s.press(.tab)
        s.type("zoe@example")
        s.handle(.click(index: ContactField.save.rawValue))
        #expect(s.notice == .emailInvalid)
        #expect(s.contactField == .email)
        s.type(".nl")
        s.handle(.click(index: ContactField.save.rawValue))
        #expect(s.notice == .ageConfirmationRequired)
        #expect(s.contactField == .age16)
        s.press(.space)
        s.handle(.click(index: ContactField.save.rawValue))
        #expect(s.notice == .consentRequired)
        s.press(.space)
        let effects = s.handle(.click(index: ContactField.save.rawValue))
        guard case .record(let record)? = effects.first else { Issue.record("no record"); return }
        #expect(record.contact?.name == "Zoë q Verhoeven")
        #expect(record.contact?.email == "zoe@example.nl")
        #expect(record.outcome == .completed)
        s.handle(.recorded(error: nil, sessionCode: "C46B6ECE"))
        #expect(s.screen == .saved)
        #expect(s.sessionCode == "C46B6ECE")
        s.press(.enter)
        #expect(s.screen == .welcome)
        #expect(s.answers.isEmpty)
        #expect(s.sessionCode == nil, "the next visitor does not see the previous code")
    }

    @Test func decliningContactRecordsTheSessionWithoutPersonalData() throws {
        var s = try makeState()
        answerAll(&s, picks, numbers: numbers)
        s.press(.tab, .tab)
        let effects = s.handle(.key(.char("2")))
        #expect(effects.isEmpty, "a digit only picks")
        let chosen = s.handle(.key(.enter))
        guard case .record(let record)? = chosen.first else { Issue.record("no record"); return }
        #expect(record.contact == nil)
        #expect(s.screen == .saved)
        s.handle(.recorded(error: SaveFailure(.diskFull)))
        #expect(s.notice == .saveFailed(SaveFailure(.diskFull)))
    }

    @Test func emailShapeCheck() {
        #expect(ContactRules.isValidEmail("zoe@example.nl"))
        #expect(!ContactRules.isValidEmail("zoe@example"))
        #expect(!ContactRules.isValidEmail("zoe example@x.nl"))
        #expect(!ContactRules.isValidEmail("@x.nl"))
    }
}

@Suite struct KioskTests {
    func kioskState() throws -> QuestionnaireState {
        let loaded = try CatalogueLoader.load(path: fixturePath)
        return QuestionnaireState(engine: Engine(loaded), kiosk: true)
    }

    @Test func quittingStartsAgainForTheNextVisitor() throws {
        var s = try kioskState()
        s.press(.enter, .char("2"), .enter)
        s.press(.char("q"))
        #expect(s.overlay == .confirmQuit)
        let effects = s.handle(.key(.char("j")))
        guard case .recordPrevious(let record)? = effects.first else { Issue.record("no record: \(effects)"); return }
        #expect(record.outcome == .abandoned)
        #expect(!effects.contains(.quit))
        #expect(s.screen == .welcome)
        #expect(s.answers.isEmpty)
        #expect(s.kiosk)
    }

    @Test func anAbandonedPINPromptClosesWhenTheIdleTimeRunsOut() throws {
        var s = try kioskState()
        s.handle(.advisorChord)
        #expect(s.overlay == .pin(""))
        s.press(.char("1"))
        let effects = s.handle(.idle(.expired))
        #expect(effects.isEmpty, "nothing was answered, nothing to record")
        #expect(s.overlay == nil)
        #expect(s.screen == .welcome)
    }

    @Test func idleCountdownShowsAndAnyKeyCancelsIt() throws {
        var s = try kioskState()
        s.press(.enter, .char("2"), .enter)
        s.handle(.idle(.countdown(seconds: 15)))
        #expect(s.overlay == .idleCountdown(seconds: 15))
        s.handle(.idle(.countdown(seconds: 14)))
        #expect(s.overlay == .idleCountdown(seconds: 14))
        s.press(.char("3"))
        #expect(s.overlay == nil)
        #expect(s.answers["foreignDiploma"] == nil, "the key only cancelled the countdown")
    }

    @Test func timingOutRecordsATimedOutSessionAndStartsAgain() throws {
        var s = try kioskState()
        s.press(.enter, .char("2"), .enter)
        let effects = s.handle(.idle(.expired))
        guard case .recordPrevious(let record)? = effects.first else { Issue.record("no record"); return }
        #expect(record.outcome == .timedOut)
        #expect(s.screen == .welcome)
    }

    @Test func theAdvisorPINEndsTheKiosk() throws {
        var s = try kioskState()
        s.press(.enter)
        s.handle(.advisorChord)
        #expect(s.overlay == .pin(""))
        s.type("1234")
        #expect(s.overlay == .pin("1234"))
        #expect(s.handle(.key(.enter)) == [.checkPin("1234")])
        s.handle(.pinChecked(.wrong(attemptsLeft: 2)))
        #expect(s.notice == .pinWrong(attemptsLeft: 2))
        // A lockout counts down as the front sends the seconds left, and then goes.
        s.handle(.pinChecked(.locked(secondsLeft: 30)))
        #expect(s.notice == .pinLocked(secondsLeft: 30))
        s.handle(.pinLockTick(secondsLeft: 29))
        #expect(s.notice == .pinLocked(secondsLeft: 29))
        s.handle(.pinLockTick(secondsLeft: nil))
        #expect(s.notice == nil)
        #expect(s.overlay == .pin(""))
        s.type("4321")
        s.press(.enter)
        #expect(s.handle(.pinChecked(.accepted)) == [.quit], "nothing answered: nothing to record")
    }

    @Test func idleSignalsAreIgnoredOutsideKioskMode() throws {
        var s = try makeState()
        s.press(.enter)
        #expect(s.handle(.idle(.expired)).isEmpty)
        s.handle(.advisorChord)
        #expect(s.overlay == nil)
    }
}

/// What issue-driven words and keys promise, the state keeps.
@Suite struct PromisesTests {
    @Test func aNameLongerThanTheFormTakesIsRefusedWithTheLimit() throws {
        var s = try makeState()
        answerAll(&s, ["education": 1, "foreignDiploma": 1, "sector": 0, "schoolJob": 1, "province": 0],
                  numbers: ["experienceYears": "10", "age": "40"])
        s.press(.tab, .tab, .enter)
        s.type(String(repeating: "a", count: 155))
        #expect(s.contact.name.count == ContactRules.nameLimit)
        #expect(s.notice == .nameTooLong(max: ContactRules.nameLimit))
        // Ctrl-U empties the field, as in a shell.
        s.press(.clearLine)
        #expect(s.contact.name.isEmpty)
    }

    @Test func aKiosksNextVisitorStartsInTheKiosksLanguage() throws {
        let loaded = try CatalogueLoader.load(path: fixturePath)
        var s = QuestionnaireState(engine: Engine(loaded), language: .nl, kiosk: true)
        s.press(.down, .enter)                       // English
        #expect(s.language == .en)
        s.press(.char("1"), .enter)
        s.handle(.idle(.expired))
        #expect(s.screen == .welcome)
        #expect(s.language == .nl, "the next visitor gets Dutch")
        #expect(s.answers.isEmpty)
        // `q` on a kiosk's welcome screen has nothing to start again.
        s.press(.char("q"))
        #expect(s.overlay == nil)
    }

    @Test func digitsTypedTogetherReachOptionTenAndUp() throws {
        let loaded = try CatalogueLoader.load(path: packageRoot() + "routes.json")
        var s = QuestionnaireState(engine: Engine(loaded))
        s.press(.enter)                              // education: 13 options
        s.press(.char("1"), .char("3"))
        #expect(s.answers["education"] == .option("phd"))
        s.handle(.typingPause)
        s.press(.char("1"))
        #expect(s.answers["education"] == .option("none"))
        s.press(.char("9"))                          // 19 is past the list: option 9 anew
        #expect(s.answers["education"] == .option("hbo-bachelor"))
    }

    @Test func afterChangingAnAnswerFromTheReviewTheFocusIsOnThatLine() throws {
        var s = try makeState()
        answerAll(&s, ["education": 1, "foreignDiploma": 1, "sector": 0, "schoolJob": 1, "province": 0],
                  numbers: ["experienceYears": "10", "age": "40"])
        #expect(s.screen == .review)
        let line = try #require(s.visibleQuestions.firstIndex { $0.id == "province" })
        s.handle(.click(index: line))
        #expect(s.screen == .question("province"))
        s.press(.char("2"), .enter)
        #expect(s.screen == .review)
        #expect(s.focus == line)
    }
}

func packageRoot() -> String {
    var path = #filePath
    while let last = path.last, last != "/" { path.removeLast() }
    return path + "../../"
}

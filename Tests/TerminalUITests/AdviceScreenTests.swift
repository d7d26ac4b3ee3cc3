import Foundation
import Matching
import Questionnaire
import RouteCatalog
import TerminalUI
import TestSupport
import Testing

/// The bundled catalogue, as visitors meet it.
let bundledEngine: Engine = {
    var path = #filePath
    while let last = path.last, last != "/" { path.removeLast() }
    return Engine(try! CatalogueLoader.load(path: path + "../../routes.json"))
}()

extension QuestionnaireState {
    /// Walks the questionnaire as a visitor would, giving these answers through the list (a click
    /// on each option, Tab), typing numbers, skipping optional questions left out; ends on the
    /// review screen.
    mutating func answer(_ answers: Answers) {
        if screen == .welcome { handle(.key(.enter)) }
        var guardSteps = 0
        while case .question(let id) = screen, guardSteps < 100 {
            guardSteps += 1
            guard let q = currentQuestion else { return }
            let items = QuestionnaireState.items(of: q)
            func click(_ item: QuestionItem) {
                if let i = items.firstIndex(of: item) { handle(.click(index: i)) }
            }
            switch answers[id] {
            case .option(let o)?: click(.option(q.option(o)!))
            case .options(let os)?: for o in os { click(.option(q.option(o)!)) }
            case .boolean(let b)?: click(b ? .yes : .no)
            case .number(let n)?: for c in String(n) { handle(.key(.char(c))) }
            case nil: click(.skip)
            }
            handle(.key(q.kind == .number ? .enter : .tab))
        }
    }
}

let electrician: Answers = [
    "education": .option("mbo-4"), "foreignQualification": .option("no"), "hboAssessment": .boolean(false),
    "sector": .option("elektro"), "experienceYears": .number(30), "schoolType": .option("vmbo"), "role": .option("docent"),
    "vmboProfiles": .options(["pie"]), "schoolJob": .option("no"), "hours": .option("parttime"),
    "province": .option("utrecht"), "age": .number(52),
]

let hybridICT: Answers = [
    "education": .option("hbo-bachelor"), "foreignQualification": .option("no"), "sector": .option("ict"),
    "experienceYears": .number(12), "schoolType": .option("mbo"), "role": .option("hybride"),
    "mboSubjects": .options(["mbo-ict"]), "relatedBachelor": .option("yes"), "schoolJob": .option("no"),
    "hours": .option("few-hours"), "province": .option("noord-brabant"), "age": .number(38),
]

func resultsState(_ answers: Answers, _ language: Language = .nl) -> QuestionnaireState {
    var s = QuestionnaireState(engine: bundledEngine, language: language)
    if language == .en { s.handle(.key(.down)) }
    s.answer(answers)
    s.handle(.key(.tab))
    return s
}

/// Renders as the app does: once to learn the viewport, then for real.
func settled(_ state: QuestionnaireState, _ width: Int, _ height: Int) -> Grid {
    var s = state
    let first = render(s, width: width, height: height)
    s.handle(.viewport(rows: first.listRows, maxScroll: first.maxScroll))
    return render(s, width: width, height: height).grid
}

@Suite struct AdviceScreenTests {
    @Test func theVisitorsOwnRoutesComeFirstUnderTheirHeading() throws {
        let s = resultsState(electrician)
        #expect(s.screen == .results)
        #expect(s.answers == bundledEngine.catalogue.effectiveAnswers(electrician), "the walk gave exactly these answers")
        let grid = settled(s, 80, 24)
        Golden.check(grid, "advice-electrician-results-80x24")
        Golden.check(settled(s, 100, 45), "advice-electrician-results-100x45")
        let text = grid.text
        let own = try #require(text.range(of: "Voor jou"))
        let apart = try #require(text.range(of: "Ook mogelijk"))
        #expect(own.lowerBound < apart.lowerBound)
        // The focus starts on the first route, not on a heading.
        #expect(s.routeIndex(atRow: s.focus) == 0)
        #expect(!text.contains("(controleren)"))
        #expect(!text.contains("%"))
    }

    @Test func hybridTeacherSeesTheHybridRouteFirst() throws {
        let s = resultsState(hybridICT)
        #expect(s.results?.routes.first?.route.id == "hybride-docent")
        Golden.check(settled(s, 80, 24), "advice-hybrid-results-80x24")
    }

    /// A near route's preview at 80×24 shows what is missing first and the nearest provider,
    /// whole sentences only.
    @Test func aNearRoutesPreviewShowsWhatIsMissingAndWhere() throws {
        var s = resultsState(electrician)
        let result = try #require(s.results)
        let near = try #require(result.routes.firstIndex { $0.route.id == "zij-instroom-vmbo-beroepsgericht" })
        #expect(result.routes[near].fit == .near)
        while s.routeIndex(atRow: s.focus) != near { s.handle(.key(.down)) }
        let grid = settled(s, 80, 24)
        Golden.check(grid, "advice-near-preview-80x24")
        let text = grid.text.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        let missing = try #require(result.routes[near].missing.first?.explanation.nl)
        #expect(text.contains(missing.split(separator: " ").joined(separator: " ")), "the first missing item, whole")
        #expect(text.contains("Dichtstbij:"))
    }

    @Test func theDetailsOfARouteThatDoesNotFitSayWhyNot() throws {
        var s = resultsState(electrician)
        let result = try #require(s.results)
        let blocked = try #require(result.routes.firstIndex { $0.route.id == "zij-instroom" })
        while s.routeIndex(atRow: s.focus) != blocked { s.handle(.key(.down)) }
        s.handle(.key(.enter))
        let text = settled(s, 80, 24).text
        #expect(text.contains("Waarom dit (nog) niet past"))
        #expect(!text.contains("Waarom dit past"))
        #expect(!text.contains("Volgende stappen"), "no steps towards a route the visitor cannot take")
    }

    @Test func helpOnTheResultsExplainsTheMarksAndTheGroups() throws {
        var s = resultsState(electrician)
        s.handle(.key(.char("?")))
        let grid = settled(s, 80, 24)
        Golden.check(grid, "advice-results-help-80x24")
        #expect(grid.text.contains("~ Bijna"))
        #expect(grid.text.contains("Voor jou:"))
        #expect(grid.text.contains("Druk op een toets"), "the whole help fits")
    }

    @Test func digitsPickTheNthRouteWhateverTheHeadings() throws {
        var s = resultsState(electrician)
        s.handle(.key(.char("3")))
        #expect(s.routeIndex(atRow: s.focus) == 2)
        // Moving up from the first route never lands on a heading.
        s.handle(.key(.char("1")))
        s.handle(.key(.up))
        #expect(s.routeIndex(atRow: s.focus) == 0)
    }

    /// For any answers: every mismatch and every missing item a route has is said in its details
    /// (the full screen and the plain text draw them from the same lines).
    @Test func everyMismatchAndMissingItemIsSaid() throws {
        var g = SplitMix64(seed: 7)
        func squeezed(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        for _ in 0..<300 {
            let answers = randomAnswers(bundledEngine.catalogue, &g)
            let result = bundledEngine.match(answers)
            let advice = AdviceText(result, language: .nl)
            for (i, m) in result.routes.enumerated() {
                let plain = squeezed(advice.details(route: i + 1).joined(separator: " "))
                for said in m.mismatches + m.missing {
                    #expect(plain.contains(squeezed(said.explanation.nl)), "\(m.route.id): \(said.criterion.id)")
                }
            }
        }
    }
}

/// The plain line mode, as a screen reader hears it: the same advice, as a transcript golden.
@Suite struct PlainAdviceTests {
    /// Runs the plain mode on these input lines; the whole output.
    func transcript(_ lines: [String]) -> (String, MemoryRecorder) {
        var input = lines[...]
        var output = ""
        let recorder = MemoryRecorder()
        var app = PlainApp(state: QuestionnaireState(engine: bundledEngine), recorder: recorder, ascii: false,
                           readLine: { input.popFirst() }, write: { output += $0 })
        _ = app.run()
        return (output, recorder)
    }

    @Test func theElectricianInPlainMode() throws {
        // Welcome; mbo-4, not abroad, no hbo test, elektro, 30 years, vmbo, docent; an empty line on
        // the profile question (asked again), then PIE; no school, part-time, Utrecht, 52; the review;
        // route 4 opened by number; on; no contact.
        let (text, recorder) = transcript(["1", "7", "1", "2", "2", "30", "1", "1", "", "2", "3", "2", "10", "52",
                                           "", "4", "", "2"])
        Golden.checkText(text, "plain-electrician")
        #expect(text.contains("! Typ een of meer nummers"), "an empty answer chooses nothing")
        #expect(text.contains("Voor jou (de rol en schoolsoort die je koos):"))
        #expect(text.contains("Ook mogelijk (een andere rol of schoolsoort):"))
        // The VOG is said once, not once per route.
        #expect(text.components(separatedBy: "Verklaring Omtrent het Gedrag").count == 2)
        #expect(!text.contains("(controleren)"))
        let record = try #require(recorder.records.last)
        #expect(record.answers["vmboProfiles"] == .options(["pie"]))
        #expect(record.outcome == .completed)
    }
}

@Suite struct PlainContactTests {
    func run(_ lines: [String]) -> (String, MemoryRecorder) {
        var input = lines[...]
        var output = ""
        let recorder = MemoryRecorder()
        var app = PlainApp(state: QuestionnaireState(engine: bundledEngine), recorder: recorder, ascii: false,
                           readLine: { input.popFirst() }, write: { output += $0 })
        _ = app.run()
        return (output, recorder)
    }

    /// The electrician's answers up to the results, and on to the contact step.
    let toContact = ["1", "7", "1", "2", "2", "30", "1", "1", "2", "3", "2", "10", "52", "", ""]

    @Test func aWrongEntryRepeatsThePromptNotTheList() {
        let (text, _) = run(["1", "x", "7", "q"])
        #expect(text.contains("! Typ een nummer van 1 tot en met 13."))
        #expect(text.components(separatedBy: "Wat is je hoogst behaalde diploma?").count == 2, "the question and its list once")
        #expect(text.components(separatedBy: "Kies 1-13:").count == 3, "the prompt twice")
        #expect(text.contains("? = uitleg, b = vorige vraag, q = stoppen"), "the keys are said once at the start")
    }

    @Test func sayingNoToConsentKeepsNoNameAndSaysSo() throws {
        let (text, recorder) = run(toContact + ["1", "j", "Zoë Verhoeven", "zoe@example.nl", "n"])
        #expect(text.contains("Ben je 16 jaar of ouder? (j/n)"))
        #expect(text.contains("Dan bewaren we geen naam of e-mail."))
        #expect(!text.contains("vink"), "no boxes to tick in this mode")
        let record = try #require(recorder.records.last)
        #expect(record.contact == nil)
        #expect(record.outcome == .completed)
    }

    @Test func underSixteenIsAskedNothingMore() throws {
        let (text, recorder) = run(toContact + ["1", "n"])
        #expect(text.contains("Contact via Routewijzer kan vanaf 16 jaar."))
        #expect(!text.contains("Naam:"))
        #expect(try #require(recorder.records.last).contact == nil)
    }

    @Test func aWrongEmailIsAskedAgainThenTheContactIsKept() throws {
        let (text, recorder) = run(toContact + ["1", "j", "Zoë Verhoeven", "zoe@", "zoe@example.nl", "j"])
        #expect(text.contains("! Dat e-mailadres klopt niet"))
        let contact = try #require(recorder.records.last?.contact)
        #expect(contact.name == "Zoë Verhoeven")
        #expect(contact.email == "zoe@example.nl")
        #expect(text.contains("Je contactgegevens zijn apart bewaard"))
    }
}

import Matching
import Questionnaire
import RouteCatalog
import TerminalUI
import Testing

let fixturePath: String = {
    var path = #filePath
    while let last = path.last, last != "/" { path.removeLast() }
    return path + "../QuestionnaireTests/Fixtures/catalogue.json"
}()

func makeState(_ language: Language = .nl) throws -> QuestionnaireState {
    QuestionnaireState(engine: Engine(try CatalogueLoader.load(path: fixturePath)), language: language)
}

extension QuestionnaireState {
    mutating func press(_ keys: Key...) { for k in keys { handle(.key(k)) } }
    mutating func type(_ text: String) { for c in text { handle(.key(c == " " ? .space : .char(c))) } }

    /// Answers the fixture: hbo-bachelor, not abroad, Elektrotechniek, 10 years, ICT, no school
    /// job, Utrecht, 40.
    mutating func answerFixture() {
        press(.enter)
        press(.char("2"), .enter)
        press(.char("2"), .enter)
        press(.char("1"), .enter)
        type("10"); press(.enter)
        press(.char("3"), .enter)
        press(.char("2"), .enter)
        press(.char("1"), .enter)
        type("40"); press(.enter)
    }
}

/// Every screen, at 80×24 and at the smallest supported size.
struct Sizes {
    static let all: [(Int, Int)] = [(80, 24), (Layout.minWidth, Layout.minHeight)]
}

func screens(_ language: Language = .nl) throws -> [(String, QuestionnaireState)] {
    var list: [(String, QuestionnaireState)] = []
    var s = try makeState()
    list.append(("welcome", s))
    if language == .en { s.press(.down) }  // the welcome screen's second line: English
    s.press(.enter)
    list.append(("question-single", s))
    var help = s
    help.press(.char("?"))
    list.append(("help", help))
    var quit = s
    quit.press(.char("q"))
    list.append(("confirm-quit", quit))
    s.press(.char("2"), .enter, .char("2"), .enter, .char("1"), .enter)
    list.append(("question-number", s))
    var wrong = s
    wrong.type("99"); wrong.press(.enter)
    list.append(("question-number-error", wrong))
    s.type("10"); s.press(.enter)
    s.press(.char("1"), .char("3"))
    list.append(("question-multiple", s))
    s.press(.enter, .char("2"), .enter, .char("1"), .enter)
    s.type("40"); s.press(.enter)
    list.append(("review", s))
    s.press(.tab)
    list.append(("results", s))
    var detail = s
    detail.press(.enter)
    list.append(("route-detail", detail))
    s.press(.tab)
    list.append(("contact-consent", s))
    s.press(.enter)
    s.type("Zoë Verhoeven"); s.press(.tab)
    s.type("zoe@example.nl")
    list.append(("contact-form", s))
    s.press(.down, .space, .down, .space, .down)   // tick 16+ and consent: nothing comes ticked
    let effects = s.handle(.key(.enter))
    #expect(effects.count == 1)
    s.handle(.recorded(error: nil))
    list.append(("saved", s))
    return list
}

@Suite struct GoldenScreens {
    @Test(arguments: Sizes.all.map { [$0.0, $0.1] })
    func everyScreen(size: [Int]) throws {
        for (name, state) in try screens() {
            var s = state
            // Let the state know its viewport, as the app does.
            let first = render(s, width: size[0], height: size[1])
            s.handle(.viewport(rows: first.listRows, maxScroll: first.maxScroll))
            let grid = render(s, width: size[0], height: size[1]).grid
            Golden.check(grid, "\(name)-\(size[0])x\(size[1])")
        }
    }

    @Test func tooSmall() throws {
        let s = try makeState()
        Golden.check(render(s, width: 30, height: 8).grid, "too-small-30x8")
        Golden.check(render(s, width: 79, height: 11).grid, "too-small-79x11")
    }

    @Test func asciiWhenTheLocaleIsNotUTF8() throws {
        var s = try makeState()
        s.answerFixture()
        s.press(.tab)
        let grid = render(s, width: 80, height: 24, options: RenderOptions(ascii: true)).grid
        Golden.check(grid, "results-ascii-80x24")
        for row in 0..<grid.height {
            let line = grid.line(row)
            let ascii = line.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "row \(row): \(line)")
        }
    }

    @Test(arguments: Sizes.all.map { [$0.0, $0.1] })
    func kioskOverlays(size: [Int]) throws {
        var s = QuestionnaireState(engine: Engine(try CatalogueLoader.load(path: fixturePath)), kiosk: true)
        s.press(.enter)
        var idle = s
        idle.handle(.idle(.countdown(seconds: 12)))
        Golden.check(render(idle, width: size[0], height: size[1]).grid, "kiosk-idle-\(size[0])x\(size[1])")
        var restart = s
        restart.press(.char("q"))
        Golden.check(render(restart, width: size[0], height: size[1]).grid, "kiosk-restart-\(size[0])x\(size[1])")
        var pin = s
        pin.handle(.advisorChord)
        pin.type("12")
        pin.press(.enter)
        pin.handle(.pinChecked(.wrong(attemptsLeft: 2)))
        pin.type("9")
        Golden.check(render(pin, width: size[0], height: size[1]).grid, "kiosk-pin-\(size[0])x\(size[1])")
    }

    @Test func englishResults() throws {
        var s = try makeState(.en)
        s.answerFixture()
        s.press(.tab)
        Golden.check(render(s, width: 80, height: 24).grid, "results-en-80x24")
    }
}

@Suite struct ViewBehaviour {
    @Test func theEarlyWelcomeIsTheSameAsTheStateWelcome() throws {
        for language in [Language.nl, .en] {
            for (w, h) in [(80, 24), (40, 12), (30, 8)] {
                #expect(renderWelcome(language: language, width: w, height: h) == render(try makeState(language), width: w, height: h).grid)
            }
        }
    }

    /// The mark is there without colour; the bar covers the option's number and name (as in
    /// dialog and whiptail), not the mark, the box or the rest of the line.
    @Test func theFocusedOptionIsMarkedAndItsNameReversed() throws {
        var s = try makeState()
        s.press(.enter, .down)
        let grid = render(s, width: 80, height: 24).grid
        let row = try #require((0..<24).first { grid.line($0).contains("Hbo-bachelor") })
        let line = Array(grid.line(row))
        #expect(String(line).hasPrefix(" > ( ) 2  Hbo-bachelor"))
        let reversed = (0..<80).filter { grid[row, $0].style.reverse }
        let start = try #require(line.firstIndex(of: "2"))
        #expect(reversed.first == start)
        #expect(String(line[reversed.first!...reversed.last!]).hasPrefix("2  Hbo-bachelor"))
        #expect(reversed.count == reversed.last! - reversed.first! + 1)
        #expect(line[(reversed.last! + 1)...].allSatisfy { $0 == " " || $0 == "│" })
        let other = try #require((0..<24).first { grid.line($0).contains("Mbo niveau 4") })
        #expect((0..<80).allSatisfy { !grid[other, $0].style.reverse })
    }

    /// A ticked box has a letter in it (`[x]`): the bar still starts at the option's number.
    @Test func theBarOfATickedOptionStartsAtItsNumberNotInItsBox() throws {
        let (_, state) = try #require(try screens().first { $0.0 == "question-multiple" })
        let grid = render(state, width: 80, height: 24).grid
        let row = try #require((0..<24).first { grid.line($0).hasPrefix(" > [") })
        let line = Array(grid.line(row))
        #expect(line[3...5] == ["[", "x", "]"], "\(String(line))")
        let reversed = (0..<80).filter { grid[row, $0].style.reverse }
        #expect(reversed.first.map { line[$0].isNumber } == true, "\(String(line)): \(reversed)")
        #expect(reversed.allSatisfy { $0 > 5 })
    }

    @Test func longListsScrollWithTheFocusInView() throws {
        var s = try makeState()
        s.press(.enter)
        // At the minimum height the four options do not all fit under the question.
        var rendered = render(s, width: 40, height: 12)
        s.handle(.viewport(rows: rendered.listRows, maxScroll: rendered.maxScroll))
        s.press(.end)
        rendered = render(s, width: 40, height: 12)
        #expect(rendered.grid.text.contains("> ( ) 4  Geen diploma"))
        s.press(.home)
        rendered = render(s, width: 40, height: 12)
        #expect(rendered.grid.text.contains("> ( ) 1  Mbo niveau 4"))
    }

    @Test func widthsAreDisplayColumns() {
        #expect(DisplayWidth.of("Zoë") == 3)
        #expect(DisplayWidth.of("Zoe\u{0308}") == 3, "combining diaeresis takes no column")
        #expect(DisplayWidth.of("漢字") == 4)
        var grid = Grid(width: 6, height: 1)
        grid.put("a漢字b", row: 0, column: 0)
        #expect(grid.line(0) == "a漢字b")
        #expect(grid[0, 2].isContinuation)
        #expect(TextWrap.wrap("één twee drie", width: 8) == ["één twee", "drie"])
        #expect(AsciiFold.fold("Zoë – “één”") == "Zoe - \"een\"")
    }

    @Test func resizeKeepsAnswersAndRelayouts() throws {
        var s = try makeState()
        s.press(.enter, .char("2"), .enter)
        let backend = TestBackend(width: 80, height: 24, input: [.key(.char("1"))])
        var app = FullScreenApp(state: s, backend: backend, recorder: MemoryRecorder())
        app.pendingSignal = { 0 }
        backend.queue.append(.resize)
        _ = app.run()   // runs until the queue ends (EOF records the session and stops)
        #expect(app.state.answers["education"] == .option("hbo-bachelor"))
        #expect(app.state.answers["foreignDiploma"] == .boolean(true))
        var small = app.state
        let grid = render(small, width: 40, height: 12).grid
        #expect(grid.text.contains("Heb je dat diploma in het"))
        small.handle(.viewport(rows: 3, maxScroll: 0))
        #expect(small.answers.count == 2)
    }

    @Test func clicksPickOptions() throws {
        var s = try makeState()
        s.press(.enter)
        let rendered = render(s, width: 80, height: 24)
        let row = try #require(rendered.hits.first { $0.value == 2 }?.key)
        let backend = TestBackend(width: 80, height: 24, input: [.click(row: row, column: 10)])
        var app = FullScreenApp(state: s, backend: backend, recorder: MemoryRecorder())
        app.pendingSignal = { 0 }
        _ = app.run()
        #expect(app.state.answers["education"] == .option("wo-master"))
    }

    @Test func kioskLoopTimesOutAndTheAdvisorChordAndPINEndIt() throws {
        var s = QuestionnaireState(engine: Engine(try CatalogueLoader.load(path: fixturePath)), kiosk: true)
        s.press(.enter, .char("2"), .enter)
        let recorder = MemoryRecorder()
        let backend = TestBackend(width: 80, height: 24, input: [
            .key(.char("1")),                                        // a key: activity
            .control(0x18),                                          // the chord (one press in this fake)
            .key(.char("1")), .key(.char("2")), .key(.enter),        // wrong PIN
            .key(.char("4")), .key(.char("2")), .key(.enter),        // right PIN
        ])
        var idleCalls = 0
        var pins: [String] = []
        var app = FullScreenApp(state: s, backend: backend, recorder: recorder)
        app.pendingSignal = { 0 }
        app.kiosk = KioskHooks(
            activity: {},
            idle: { _ in
                idleCalls += 1
                // The first look finds the visitor gone: time out once.
                return (idleCalls == 1 ? .expired : .quiet, nil)
            },
            advisorChord: { $0 == 0x18 },
            checkPin: { pin in pins.append(pin); return pin == "42" ? .accepted : .wrong(attemptsLeft: 2) })
        _ = app.run()
        #expect(recorder.records.map(\.outcome) == [.timedOut])
        #expect(pins == ["12", "42"])
        #expect(backend.queue.isEmpty)
        #expect(app.state.overlay == nil, "the right PIN closed the prompt and ended the loop")
        #expect(backend.wipeCount == 1, "the reset after the timeout wiped the terminal")
    }

    @Test func endOfInputRecordsAnAbandonedSession() throws {
        var s = try makeState()
        s.press(.enter, .char("2"), .enter)
        let recorder = MemoryRecorder()
        let backend = TestBackend(width: 80, height: 24)
        var app = FullScreenApp(state: s, backend: backend, recorder: recorder)
        app.pendingSignal = { 0 }
        _ = app.run()
        #expect(recorder.records.map(\.outcome) == [.abandoned])
    }
}

@Suite struct KioskIdleKindTests {
    /// An open PIN prompt is timed on its own (not like the visitor's questions), also over the
    /// welcome screen, so it closes when the advisor walks away but not while they type.
    @Test func anOpenPINPromptIsTimedOnItsOwn() throws {
        var s = QuestionnaireState(engine: Engine(try CatalogueLoader.load(path: fixturePath)), kiosk: true)
        #expect(s.idleScreen == .welcome)
        s.handle(.advisorChord)
        #expect(s.idleScreen == .pinPrompt)
    }
}

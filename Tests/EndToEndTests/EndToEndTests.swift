import Foundation
import Testing
import TestSupport

/// The real `routewijzer` binary in a real terminal emulator (tmux), at a fixed TERM, locale and
/// size, with a temporary data directory and the fixed test catalogue.
@Suite(.serialized, .enabled(if: tmuxPath != nil, "tmux is not installed: the end-to-end terminal tests need it (apt-get install tmux)"))
struct TerminalEndToEnd {
    let dataDir = Paths.tempDirectory("data")

    func command(_ extraEnv: String = "", arguments: String = "", before: String = "", after: String = "") throws -> String {
        let binary = try #require(Paths.binary, "routewijzer was not built next to the tests")
        let program = "env -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 ROUTEWIJZER_DATA_DIR=\(sq(dataDir)) \(extraEnv) \(sq(binary)) --catalogue \(sq(Paths.fixtureCatalogue)) \(arguments)"
        if before.isEmpty && after.isEmpty { return "exec " + program }
        return "sh -c " + sq("\(before); \(program); \(after)")
    }

    @Test func aWholeQuestionnaireToTheResults() throws {
        let t = try Terminal(command: try command())
        try answerAll(t)
        t.keys("Tab")
        try t.waitFor("Jouw routes", "✓ Past       Instructeur", "~ Bijna      PDG-traject",
                      "Hogeschool Utrecht in Utrecht")
        // A dated initiative is context on the details, not news on the list.
        #expect(!t.capture().contains("Scholingstraject Utrecht"))
        t.keys("Down", "Enter")
        try t.waitFor("Wat je nog nodig hebt", "Je hebt een aanstelling bij een mbo-school nodig.")
        t.keys("Escape")
        try t.declineContactAndSave()
        let log = Paths.read(dataDir + "/sessions.jsonl")
        #expect(log.contains("\"outcome\":\"completed\""))
        try t.startAgainAndQuit()
        #expect(eventually { t.paneValue("#{pane_dead}") == "1" }, "the program ended")
        // The advice stays in the terminal (and its scrollback) after the full screen is gone.
        try t.waitFor("1. Past: Instructeur", "Je sessiecode is ")
        let kept = t.tmux(["capture-pane", "-p", "-S", "-", "-E", "-"]).output
        #expect(kept.contains("Routewijzer: jouw advies om te bewaren"))
        #expect(kept.contains("Hogeschool Utrecht in Utrecht: https://www.hu.nl/"))
    }

    @Test func resizingInTheMiddleKeepsTheAnswers() throws {
        let t = try Terminal(command: try command())
        try t.waitFor("Welkom bij Routewijzer")
        t.keys("Enter", "2", "Enter", "1", "Enter")
        try t.waitFor("vraag 3 van 8")
        t.resize(width: 50, height: 14)
        try t.waitFor("In welke sector heb je gewerkt?")
        let small = t.capture()
        #expect(small.split(separator: "\n").allSatisfy { $0.count <= 50 })
        t.resize(width: 30, height: 8)
        try t.waitFor("Maak het venster groter")
        t.resize(width: 80, height: 24)
        try t.waitFor("vraag 3 van 8")
        t.keys("Escape")
        try t.waitFor("> (•) 1  Ja")
        t.keys("Escape")
        try t.waitFor("> (•) 2  Hbo-bachelor")
    }

    /// Over SSH (or any terminal) the program leaves the mouse to the terminal, so the session
    /// code or a link can be selected and copied; `--mouse` takes clicks.
    @Test func theMouseStaysWithTheTerminalUnlessAsked() throws {
        func mouseRequested(_ arguments: String) throws -> Bool {
            let t = try Terminal(command: try command(arguments: arguments))
            try t.waitFor("Welkom bij Routewijzer")
            return ["#{mouse_standard_flag}", "#{mouse_button_flag}", "#{mouse_any_flag}"].contains { t.paneValue($0) == "1" }
        }
        #expect(try !mouseRequested(""))
        #expect(try mouseRequested("--mouse"))
    }

    @Test func anAccentedNameReachesTheContactsStore() throws {
        let t = try Terminal(command: try command())
        try answerAll(t)
        t.keys("Tab")
        try t.waitFor("Jouw routes")
        t.keys("Tab")
        try t.waitFor("Contact met een adviseur?")
        t.keys("Enter")
        // Nothing comes ticked: the age and the consent are the visitor's to tick.
        try t.waitFor("[ ] Ik ben 16 jaar of ouder", "[ ] Ik geef toestemming")
        t.text("Zoë Verhoeven")
        try t.waitFor("Zoë Verhoeven")
        t.keys("Tab")
        t.text("zoe@example.nl")
        t.keys("Tab", "Space", "Tab", "Space", "Tab", "Enter")
        try t.waitFor("Je contactgegevens zijn apart bewaard")
        let contacts = Paths.read(dataDir + "/contacts.jsonl")
        #expect(contacts.contains("\"name\":\"Zoë Verhoeven\""))
        #expect(contacts.contains("zoe@example.nl"))
        #expect(!Paths.read(dataDir + "/sessions.jsonl").contains("Verhoeven"), "no personal data in the session log")
    }

    @Test func noColorGivesMonochromeWithMarkers() throws {
        let t = try Terminal(command: try command("NO_COLOR=1"))
        try t.waitFor("Welkom bij Routewijzer")
        t.keys("Enter")
        try t.waitFor("vraag 1 van 8")
        t.keys("2")
        try t.waitFor("> (•) 2  Hbo-bachelor")
        let raw = t.capture(escapes: true)
        // No foreground colour codes (30–37, 38;5;n) anywhere; reverse video marks the focus.
        #expect(raw.range(of: "\u{1B}\\[[0-9;]*3[0-8][;m]", options: .regularExpression) == nil, "\(raw)")
        #expect(raw.contains("\u{1B}[7m"))
    }

    @Test func colourIsUsedWhenAllowed() throws {
        let t = try Terminal(command: try command())
        try t.waitFor("Welkom bij Routewijzer")
        let raw = t.capture(escapes: true)
        #expect(raw.range(of: "\u{1B}\\[[0-9;]*3[0-8][;m]", options: .regularExpression) != nil)
    }

    @Test func hangUpRecordsAnAbandonedSession() throws {
        let t = try Terminal(command: try command())
        try t.waitFor("Welkom bij Routewijzer")
        t.keys("Enter", "2", "Enter")
        try t.waitFor("vraag 2 van 8")
        // Closing the terminal is what a dropped SSH connection does: SIGHUP.
        t.kill()
        let path = dataDir + "/sessions.jsonl"
        #expect(eventually { Paths.read(path).contains("\"outcome\":\"abandoned\"") }, "log: \(Paths.read(path))")
        #expect(Paths.read(path).contains("\"education\":\"hbo-bachelor\""))
    }

    /// The plain mode over a terminal (a screen reader user, `TERM=dumb`): Ctrl-C at a prompt ends
    /// the program at once, not at the next Enter, and the answers so far are kept as abandoned.
    @Test func ctrlCInThePlainModeEndsAndRecordsAnAbandonedSession() throws {
        let t = try Terminal(command: try command(
            "TERM=dumb",
            // The waiting shell ignores SIGINT itself so it can report how the program ended.
            before: "trap '' INT",
            after: "echo STATUS=$?; sleep 10"))
        try t.waitFor("Taal / language [1]:")
        t.keys("Enter")
        try t.waitFor("vraag 1 van 8")
        t.keys("2", "Enter")
        try t.waitFor("vraag 2 van 8")
        t.keys("C-c")
        try t.waitFor("STATUS=130")
        let log = Paths.read(dataDir + "/sessions.jsonl")
        #expect(log.contains("\"outcome\":\"abandoned\""), "log: \(log)")
        #expect(log.contains("\"education\":\"hbo-bachelor\""))
    }

    /// A dropped connection in the line mode: the program records the session and ends, rather
    /// than living on without a terminal (an earlier line reader spun on the dead terminal).
    @Test func hangUpInThePlainModeEndsTheProgram() throws {
        let marker = Paths.tempDirectory("plain-hup")
        let t = try Terminal(command: try command("TERM=dumb", arguments: "--data-dir " + sq(marker)))
        try t.waitFor("Taal / language [1]:")
        t.keys("Enter")
        try t.waitFor("vraag 1 van 8")
        t.keys("2", "Enter")
        try t.waitFor("vraag 2 van 8")
        t.kill()
        let log = marker + "/sessions.jsonl"
        #expect(eventually { Paths.read(log).contains("\"outcome\":\"abandoned\"") }, "log: \(Paths.read(log))")
        #expect(eventually { processes(withArgument: marker).isEmpty }, "the program is still running")
    }

    @Test func terminalModesAreRestoredAfterACrash() throws {
        let dir = Paths.tempDirectory("stty")
        let t = try Terminal(command: try command(
            "ROUTEWIJZER_TEST_CRASH=1",
            before: "stty -a > \(sq(dir + "/before"))",
            after: "echo STATUS=$?; stty -a > \(sq(dir + "/after")); echo CRASH-DONE; sleep 10"))
        try t.waitFor("Welkom bij Routewijzer")
        t.keys("Down")
        let screen = try t.waitFor("CRASH-DONE")
        #expect(screen.contains("STATUS=132") || screen.contains("STATUS=133"), "killed by SIGILL or SIGTRAP: \(screen)")
        #expect(!screen.contains("Welkom bij Routewijzer"), "the alternate screen was left")
        let before = Paths.read(dir + "/before"), after = Paths.read(dir + "/after")
        #expect(!before.isEmpty)
        #expect(before == after)
        #expect(t.paneValue("#{cursor_flag}") == "1", "the cursor is visible again")
        #expect(t.paneValue("#{alternate_on}") == "0", "back on the normal screen")
    }

    @Test func anUnknownTermStillOpensTheQuestionnaire() throws {
        let binary = try #require(Paths.binary)
        let t = try Terminal(command: "exec env TERM=no-such-terminal-xyz LANG=C.UTF-8 ROUTEWIJZER_DATA_DIR=\(sq(dataDir)) \(sq(binary)) --catalogue \(sq(Paths.fixtureCatalogue))")
        let screen = try t.waitFor("Welkom bij Routewijzer")
        #expect(!screen.contains("Error opening terminal"))
    }

    @Test func aNonUTF8LocaleGetsASCII() throws {
        let binary = try #require(Paths.binary)
        let t = try Terminal(command: "exec env TERM=xterm-256color LANG=C LC_ALL=C ROUTEWIJZER_DATA_DIR=\(sq(dataDir)) \(sq(binary)) --catalogue \(sq(Paths.fixtureCatalogue))")
        try t.waitFor("Welkom bij Routewijzer")
        t.keys("Enter", "2")
        let screen = try t.waitFor("> (*) 2  Hbo-bachelor")
        #expect(!screen.contains("─"))
    }
}

@Suite struct PlainEndToEnd {
    @Test func plainModeThroughAPipeEndsInTheSameResults() throws {
        let binary = try #require(Paths.binary, "routewijzer was not built next to the tests")
        let dataDir = Paths.tempDirectory("plain")
        let answers = ["1", "2", "2", "1", "10", "3", "2", "1", "40", "", "", "2"].joined(separator: "\n") + "\n"
        let r = run([binary, "--plain", "--catalogue", Paths.fixtureCatalogue, "--data-dir", dataDir],
                    input: answers, environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "dumb"])
        #expect(r.status == 0)
        #expect(r.output.contains("vraag 1 van 8: Wat is je hoogst behaalde diploma?"))
        #expect(r.output.contains("1. Past: Instructeur (6–12 maanden)"))
        #expect(r.output.contains("2. Bijna: PDG-traject (12–24 maanden)"))
        #expect(r.output.contains("Je hebt een aanstelling bij een mbo-school nodig."))
        #expect(r.output.contains("Opgeslagen. Dank je wel!"))
        #expect(!r.output.contains("\u{1B}"), "no escape sequences in plain mode")
        #expect(Paths.read(dataDir + "/sessions.jsonl").contains("\"outcome\":\"completed\""))
    }

    @Test func endOfInputHalfWayRecordsAnAbandonedSession() throws {
        let binary = try #require(Paths.binary)
        let dataDir = Paths.tempDirectory("plain-eof")
        let r = run([binary, "--plain", "--catalogue", Paths.fixtureCatalogue, "--data-dir", dataDir, "--lang", "en"],
                    input: "2\n2\n", environment: ["LANG": "C.UTF-8"])
        #expect(r.output.contains("question 1 of 8"))
        #expect(Paths.read(dataDir + "/sessions.jsonl").contains("\"outcome\":\"abandoned\""))
    }
}

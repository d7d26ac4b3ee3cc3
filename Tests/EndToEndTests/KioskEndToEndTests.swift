import Foundation
import QRCode
import Testing
import TestSupport

/// `routewijzer kiosk` in a real terminal (tmux): the idle reset, keys that must not stop it,
/// the advisor's chord and PIN, and the QR code on the screen. Short idle times (flags) keep the
/// suite quick.
@Suite(.serialized, .enabled(if: tmuxPath != nil, "tmux is not installed: the end-to-end terminal tests need it (apt-get install tmux)"))
struct KioskEndToEndTests {
    let directory = Paths.tempDirectory("kiosk")
    var configPath: String { directory + "/kiosk.json" }
    var dataDir: String { directory + "/data" }
    static let pin = "246813"
    static let event = "Open dag e2e 2026-11-28"
    var statusPath: String { directory + "/exit-status" }

    /// The kiosk's own process: the child of the waiting shell in the pane.
    func kioskPid(_ t: Terminal) -> pid_t? {
        guard let shell = pid_t(t.paneValue("#{pane_pid}")),
              let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        else { return nil }
        return children.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// Stores the PIN (read from standard input, as a script would) and the event label.
    func setPin() throws {
        let binary = try #require(Paths.binary, "routewijzer was not built next to the tests")
        let r = run([binary, "kiosk", "set-pin", "--config", configPath, "--event", Self.event, "--data-dir", dataDir],
                    input: Self.pin + "\n" + Self.pin + "\n")
        try #require(r.status == 0, "set-pin failed: \(r.output)")
    }

    func kiosk(idle: Int = 30, resultsIdle: Int = 30, width: Int = 80, height: Int = 24) throws -> Terminal {
        try setPin()
        let binary = try #require(Paths.binary)
        // A small shell waits for the kiosk and writes its exit status to a file: tmux does not
        // always collect the status of a pane's process before it reports the pane dead.
        let wrapper = directory + "/wrap.sh"
        try "#!/bin/sh\n\"$@\"\necho $? > \(sq(statusPath))\n".write(toFile: wrapper, atomically: true, encoding: .utf8)
        let command = "exec env -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 sh \(sq(wrapper)) \(sq(binary)) kiosk"
            + " --config \(sq(configPath)) --catalogue \(sq(Paths.fixtureCatalogue))"
            + " --idle-seconds \(idle) --results-idle-seconds \(resultsIdle)"
        let t = try Terminal(command: command, width: width, height: height)
        try t.waitFor("Welkom bij Routewijzer")
        return t
    }

    /// Everything tmux holds for the pane: its history and the screen.
    func everything(_ t: Terminal) -> String {
        t.tmux(["capture-pane", "-p", "-S", "-", "-E", "-"]).output
    }

    @Test func aVisitorWhoWalksAwayIsTimedOutAndLeavesNothingBehind() throws {
        // Twelve seconds, all of them counted down (the countdown covers the last 15), so every
        // screen of this test ticks: its waits take the first capture that shows the text. The
        // countdown is long so that a machine busy with other tests still catches it.
        let t = try kiosk(idle: 12)
        #expect(t.paneValue("#{alternate_on}") == "1", "the kiosk draws on the alternate screen")
        t.keys("Enter")
        try t.waitFor("vraag 1 van 8", stable: false)
        t.keys("2", "Enter")
        try t.waitFor("Heb je dat diploma in het buitenland gehaald?", stable: false)
        t.keys("2", "Enter")
        // The visitor walks away: a countdown, then the welcome screen for the next one.
        try t.waitFor("In welke sector heb je gewerkt?", "Ben je er nog?", timeout: 20, stable: false)
        try t.waitFor("Welkom bij Routewijzer", timeout: 20)
        let all = everything(t)
        for trace in ["vraag", "buitenland", "In welke sector", "Hbo-bachelor", "Ben je er nog"] {
            #expect(!all.contains(trace), "\"\(trace)\" is still in the terminal:\n\(all)")
        }
        #expect(eventually { Paths.read(dataDir + "/sessions.jsonl").contains("\"outcome\":\"timedOut\"") })
        let log = Paths.read(dataDir + "/sessions.jsonl")
        let lines = log.split(separator: "\n")
        #expect(lines.count == 1, "\(log)")
        #expect(log.contains("\"event\":\"\(Self.event)\""))
        #expect(log.contains("\"channel\":\"kiosk\""))
        #expect(log.contains("\"education\":\"hbo-bachelor\""))
        #expect(t.paneValue("#{pane_dead}") == "0", "the kiosk keeps running")
    }

    @Test func stopKeysAndSignalsDoNothingAndOnlyTheRightPINEndsIt() throws {
        let t = try kiosk()
        t.keys("Enter")
        try t.waitFor("vraag 1 van 8")
        t.keys("C-c", "C-z", "C-\\", "C-s", "C-q")
        t.keys("2")
        try t.waitFor("(•) 2  Hbo-bachelor")
        let pid = try #require(kioskPid(t))
        for signal in [SIGINT, SIGTSTP, SIGQUIT] { kill(pid, signal) }
        t.keys("Enter")
        try t.waitFor("vraag 2 van 8")
        #expect(t.paneValue("#{pane_dead}") == "0")
        #expect(!t.capture().contains("Opnieuw beginnen?"), "Ctrl-C asks nothing in a kiosk")

        t.keys("C-x", "C-x", "C-x")
        try t.waitFor("Pincode")
        t.text("1111")
        t.keys("Enter")
        try t.waitFor("Onjuiste pincode")
        #expect(t.paneValue("#{pane_dead}") == "0", "a wrong PIN does not end the kiosk")
        t.text(Self.pin)
        t.keys("Enter")
        #expect(eventually(timeout: 10) { t.paneValue("#{pane_dead}") == "1" }, "the right PIN ends the kiosk")
        #expect(Paths.read(statusPath).trimmingCharacters(in: .whitespacesAndNewlines) == "0", "the kiosk exits with status 0")
        #expect(t.paneValue("#{alternate_on}") == "0", "the terminal is back on its normal screen")
        #expect(!everything(t).contains("Welkom bij Routewijzer"))
        // The visitor's half-answered questionnaire is recorded when the advisor ends it.
        #expect(Paths.read(dataDir + "/sessions.jsonl").contains("\"outcome\":\"abandoned\""))
    }

    /// With visitor times set very short (as the docs suggest for a try-out), the advisor's PIN
    /// prompt stays open while they type slowly; a lockout counts down on screen.
    @Test func thePinPromptOutlivesShortVisitorTimesAndItsLockoutCountsDown() throws {
        let t = try kiosk(idle: 2, resultsIdle: 2)
        t.keys("C-x", "C-x", "C-x")
        try t.waitFor("Pincode")
        for digit in ["1", "1", "1", "1"] {
            t.text(digit)
            usleep(1_000_000)   // slower than the visitors' two seconds in all
        }
        try t.waitFor("Pincode: ••••_")
        // Wrong PINs until the prompt locks (the policy allows a few first).
        var locked = ""
        for _ in 0..<6 {
            t.keys("Enter")
            if let screen = try? t.waitFor("Te veel pogingen: wacht nog ", timeout: 2, stable: false) { locked = screen; break }
            t.text("1111")
            try t.waitFor("Pincode: ••••_")
        }
        try #require(!locked.isEmpty, "the prompt never locked")
        let first = locked.firstRange(of: "wacht nog ").map { String(locked[$0.upperBound...].prefix(2)) }
        usleep(2_500_000)
        let later = t.capture()
        let second = later.firstRange(of: "wacht nog ").map { String(later[$0.upperBound...].prefix(2)) }
        #expect(first != nil && second != nil && first != second, "the lockout counts down: \(first ?? "?") then \(second ?? "?")")
        #expect(t.paneValue("#{pane_dead}") == "0")
    }

    /// The QR code as tmux shows it decodes to the routes summary.
    @Test(.enabled(if: zbarimgPath != nil, "zbarimg is missing: apt-get install zbar-tools"))
    func theQRCodeOnTheScreenDecodes() throws {
        let t = try kiosk(width: 100, height: 45)
        try answerAll(t)
        t.keys("Tab")
        try t.waitFor("m QR-code")
        t.keys("m")
        try t.waitFor("▄▄▄▄▄")
        // The terminal may show the code half drawn for a moment: read until it decodes.
        var text = ""
        _ = eventually(timeout: 5) {
            text = (try? decodeHalfBlocks(t.capture())) ?? ""
            return !text.isEmpty
        }
        #expect(text.hasPrefix("Routewijzer: jouw routes naar het lesgeven (test.1)"), "\(text)")
        #expect(text.contains("1. Instructeur"), "\(text)")
        #expect(text.contains("http"), "a provider's link: \(text)")
        t.keys("Escape")
        try t.waitFor("Jouw routes")
        t.resize(width: 80, height: 24)
        t.keys("m")
        try t.waitFor("te klein voor de QR-code")
    }
}


/// Reads a half-block QR code (light modules drawn, as on a dark terminal) off a captured
/// screen and decodes it with zbarimg.
func decodeHalfBlocks(_ screen: String) throws -> String {
    let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
    // The code starts with a row of full blocks (the quiet zone); it is as wide as it is high.
    guard let top = rows.firstIndex(where: { $0.filter { $0 == "█" }.count >= 29 }) else {
        throw Timeout(description: "no QR code on the screen:\n\(screen)")
    }
    let left = rows[top].firstIndex(of: "█")!
    let side = rows[top][left...].prefix { $0 == "█" }.count
    let lines = (0..<((side + 1) / 2)).map { i -> String in
        let row = rows[top + i]
        return String(String.UnicodeScalarView((0..<side).map { left + $0 < row.count ? row[left + $0] : " " }))
    }
    guard let drawn = QRMatrix.modules(fromHalfBlockLines: lines) else {
        throw Timeout(description: "the QR code on the screen is not whole:\n\(screen)")
    }
    let pgm = QRMatrix.pgm(side: drawn.side, pixelsPerModule: 4) { drawn.dark[$0 * drawn.side + $1] }
    guard let text = decodeQRCode(pgm: pgm) else { throw Timeout(description: "zbarimg found no code:\n\(screen)") }
    return text
}

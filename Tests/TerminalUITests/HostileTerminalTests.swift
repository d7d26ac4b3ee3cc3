import Foundation
import Matching
@testable import Questionnaire
import RouteCatalog
import SessionLog
@testable import TerminalUI
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp (mode 0700).
func temporaryDataDirectory() -> String {
    var template = Array("/tmp/rw-ui-XXXXXX".utf8CString)
    return String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
}

func lines(of path: String) -> [String] {
    ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
}

@Suite struct LineInputBoundsTests {
    func reader(_ text: String, maximum: Int) -> (LineInput, Int32) {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writer = fds[1]
        Thread.detachNewThread {
            var t = text
            t.withUTF8 { u in
                var off = 0
                while off < u.count { let n = write(writer, u.baseAddress! + off, u.count - off); if n <= 0 { break }; off += n }
            }
            close(writer)
        }
        return (LineInput(fd: fds[0], chunkSize: 1000, maximumLineBytes: maximum, interrupted: { false }), fds[0])
    }

    /// A line over the limit comes back empty and flagged; the lines after it are whole. (It used
    /// to be kept in full and rescanned on every read: 5.8 s for 10 MB, a 500 MB line never
    /// ended.)
    @Test func aTooLongLineIsDroppedAndTheNextOneIsWhole() {
        let (input, fd) = reader("1\n" + String(repeating: "a", count: 5_000_000) + "\r\nzoë\r\n" + String(repeating: "b", count: 300), maximum: 100)
        defer { close(fd) }
        #expect(input.next() == "1" && !input.lastLineWasTooLong)
        #expect(input.next() == "" && input.lastLineWasTooLong)
        #expect(input.next() == "zoë" && !input.lastLineWasTooLong)
        #expect(input.next() == "" && input.lastLineWasTooLong, "an endless last line too")
        #expect(input.next() == nil)
        #expect(input.buffer.capacity < 10_000, "memory stays at about the limit, not the line")
    }
}

@Suite struct PlainModeSafetyTests {
    func run(_ state: QuestionnaireState, lines: [String], recorder: MemoryRecorder) -> (output: String, status: Int32) {
        var queue = lines
        var output = ""
        var app = PlainApp(state: state, recorder: recorder, ascii: false,
                           readLine: { queue.isEmpty ? nil : queue.removeFirst() }, write: { output += $0 })
        let (_, status) = app.runWithStatus()
        return (output, status)
    }

    /// Catalogue texts are data: even from a catalogue nobody checked, no ESC, C1 or bidi
    /// control reaches the screen reader's terminal.
    @Test func noControlCharacterReachesTheTerminal() throws {
        var catalogue = try CatalogueLoader.load(path: fixturePath).catalogue
        catalogue.questions[0].text.nl = "Opleiding\u{1B}]52;c;aGk=\u{07}?\u{9B}2J\u{202E}"
        catalogue.questions[0].options![0].label.nl = "mbo\u{1B}[31m"
        let state = QuestionnaireState(engine: Engine(catalogue: catalogue))
        let (output, _) = run(state, lines: ["1"], recorder: MemoryRecorder())
        #expect(output.contains("Opleiding]52;c;aGk=?2J"), "\(output)")
        #expect(!output.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" })
    }

    /// When the session cannot be saved the visitor is told, and the exit status says so (it
    /// was 0).
    @Test func aFailedSaveEndsWithStatusOne() throws {
        let recorder = MemoryRecorder()
        recorder.failWith = SaveFailure(.diskFull, path: "/srv/rw/sessions.jsonl")
        let (output, status) = run(try makeState(), lines: ["1", "2"], recorder: recorder)
        #expect(status == 1)
        // In the visitor's language only, with the file for the advisor, without system jargon.
        #expect(output.contains("! Opslaan mislukt: de schijf is vol (/srv/rw/sessions.jsonl). Eerder bewaarde gegevens zijn niet beschadigd."), "\(output)")
        #expect(!output.contains("Saving failed") && !output.contains("errno"), "\(output)")
        let (_, fine) = run(try makeState(), lines: ["1", "2"], recorder: MemoryRecorder())
        #expect(fine == 0)
    }

    @Test func aTooLongAnswerIsSaidAndAskedAgain() throws {
        var queue = ["1"]
        var output = ""
        var tooLong = [false, true, false]
        var app = PlainApp(state: try makeState(), recorder: MemoryRecorder(), ascii: false,
                           readLine: { queue.isEmpty ? nil : (tooLong.count > 1 ? "" : queue.removeFirst()) }, write: { output += $0 })
        app.lineWasTooLong = { tooLong.isEmpty ? false : tooLong.removeFirst() }
        _ = app.runWithStatus()
        #expect(output.contains("! Die regel is te lang (meer dan 4096 tekens) en telt niet. Probeer het opnieuw."), "\(output)")
    }
}

@Suite struct KioskFloodTests {
    func kioskHooks() -> KioskHooks {
        KioskHooks(activity: {}, idle: { _ in (.quiet, nil) }, advisorChord: { _ in false }, checkPin: { _ in .wrong(attemptsLeft: 3) })
    }

    /// A megabyte pasted into the kiosk made it redraw once per character (150 s). Keys that are
    /// waiting are now handled together and drawn once, and beyond 4,096 in one go the rest is
    /// thrown away.
    @Test func aPasteIsHandledInOneGoNotOneDrawPerKey() throws {
        var state = QuestionnaireState(engine: Engine(try CatalogueLoader.load(path: fixturePath)), kiosk: true)
        state.handle(.key(.enter))
        let backend = TestBackend(width: 80, height: 24, input: Array(repeating: .key(.char("7")), count: 20_000))
        var app = FullScreenApp(state: state, backend: backend, recorder: MemoryRecorder())
        app.pendingSignal = { 0 }
        app.kiosk = kioskHooks()
        _ = app.run()
        #expect(backend.drawCount <= 3, "\(backend.drawCount) draws")
        #expect(backend.discarded == 20_000 - FullScreenApp.maximumBurst)
    }

    /// Thirty times "answer, quit, yes" in a second is one visitor leaving a mess, not thirty
    /// abandoned sessions: one record, of the last state, written once the kiosk is quiet.
    @Test func aKeyFloodIsOneVisitorAndOneRecord() throws {
        let dir = temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(try CatalogueLoader.load(path: fixturePath))
        let recorder = try LogRecorder(dataDirectory: dir, engine: engine, channel: .kiosk)
        var now = 1_000.0
        recorder.clock = { now }
        let cycle: [Input] = [.key(.enter), .key(.char("2")), .key(.char("q")), .key(.char("j"))]
        let backend = TestBackend(width: 80, height: 24, input: Array(Array(repeating: cycle, count: 30).joined()))
        var app = FullScreenApp(state: QuestionnaireState(engine: engine, kiosk: true), backend: backend, recorder: recorder)
        app.pendingSignal = { 0 }
        app.kiosk = kioskHooks()
        _ = app.run()
        #expect(lines(of: dir + "/sessions.jsonl").isEmpty, "held back while the same visitor may go on")
        now += 11
        recorder.tick()
        let records = lines(of: dir + "/sessions.jsonl")
        #expect(records.count == 1)
        #expect(records.first?.contains("\"outcome\":\"abandoned\"") == true)

        // A visitor after a pause is a new one.
        recorder.startSession()
        recorder.recordLeft(SessionRecord(outcome: .abandoned, answers: ["education": .option("mbo-4")], language: .nl, contact: nil))
        recorder.finish()
        #expect(lines(of: dir + "/sessions.jsonl").count == 2)
    }

    /// Saving the contact failed after the outcome was written; trying again wrote the outcome a
    /// second time. Now only what is missing is written.
    @Test func retryingAContactSaveWritesTheSessionOnce() throws {
        let dir = temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(try CatalogueLoader.load(path: fixturePath))
        let recorder = try LogRecorder(dataDirectory: dir, engine: engine, channel: .kiosk)
        let record = SessionRecord(outcome: .completed, answers: ["education": .option("hbo-bachelor"), "age": .number(45)], language: .nl,
                                   contact: ContactDetails(name: "Zoë Verhoeven", email: "zoe@example.nl", consentVersion: "contact-1"))
        #expect(mkdir(dir + "/contacts.jsonl", 0o700) == 0)
        #expect(recorder.record(record) != nil)
        #expect(rmdir(dir + "/contacts.jsonl") == 0)
        #expect(recorder.record(record) == nil)
        let sessions = lines(of: dir + "/sessions.jsonl")
        #expect(sessions.count == 1)
        #expect(sessions.first?.contains("\"age\":\"40-49\"") == true, "the age is kept as a band")
        #expect(lines(of: dir + "/contacts.jsonl").count == 1)
    }
}

@Suite struct ContactFormCheckTests {
    /// The form's check refuses what the store refuses: control and invisible format characters.
    @Test func theFormRefusesInvisibleAndControlCharactersInAnAddress() {
        for hostile in ["zoe\u{202E}ln.elpmaxe@evil.com", "zoe\u{9B}@example.nl", "zoe@exa\u{200B}mple.nl"] {
            #expect(!ContactRules.isValidEmail(hostile))
            #expect(!ContactRules.isValidEmail(hostile))
        }
        #expect(ContactRules.isValidEmail("zoe@example.nl"))
    }
}

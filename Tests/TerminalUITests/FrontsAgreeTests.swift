import Foundation
import Matching
import Questionnaire
import RouteCatalog
@testable import TerminalUI
import TestSupport
import Testing

/// Keeps what a front asks to be written, instead of writing it.
final class KeptRecords: SessionRecorder {
    var records: [SessionRecord] = []
    func record(_ record: SessionRecord) -> SaveFailure? { records.append(record); return nil }
    func startSession() {}
}

/// The plain mode and the full screen are two ways of saying the same things to one state
/// machine: the same visitor, answering the same, leaves the same record in both.
@Suite struct FrontsAgreeTests {
    /// A visitor's answers to the questions they are asked, and whether they leave their details.
    struct Visitor: CustomStringConvertible {
        var answers: Answers
        var language: Language
        var contact: (name: String, email: String)?
        var description: String { "\(language) \(answers) \(contact.map { "\($0.name) <\($0.email)>" } ?? "no contact")" }
    }

    /// Random visitors: answers in the questionnaire's order (only what they are asked), some
    /// optional questions skipped, some leaving contact details.
    static func visitors(count: Int) -> [Visitor] {
        var g = SplitMix64(seed: 12)
        let catalogue = bundledEngine.catalogue
        return (0..<count).map { i in
            var random = randomAnswers(catalogue, &g, skipOneIn: 6)
            // A required question is always answered; an empty tick list is no answer.
            for q in catalogue.questions where !q.isOptional && random[q.id] == nil || random[q.id] == .options([]) {
                switch q.kind {
                case .single, .multiple: random[q.id] = q.kind == .single ? .option(q.choices[0].id) : .options([q.choices[0].id])
                case .boolean: random[q.id] = .boolean(false)
                case .number: random[q.id] = .number(q.min ?? 0)
                }
            }
            var answers = catalogue.effectiveAnswers(random)
            for q in catalogue.questions where q.isOptional && Int.random(in: 0..<4, using: &g) == 0 { answers[q.id] = nil }
            answers = catalogue.effectiveAnswers(answers)
            let contact = i % 3 == 0 ? (name: "Anne-Marieke van 't Hoff", email: "anne\(i)@example.nl") : nil
            return Visitor(answers: answers, language: i % 2 == 0 ? .nl : .en, contact: contact)
        }
    }

    /// The full screen, with keys and clicks.
    func fullScreen(_ v: Visitor) -> [SessionRecord] {
        let kept = KeptRecords()
        var s = QuestionnaireState(engine: bundledEngine)
        if v.language == .en { s.handle(.key(.down)) }
        s.answer(v.answers)                       // clicks and Tab, digits and Enter
        s.perform(s.handle(.key(.tab)), recorder: kept)          // review → results
        s.perform(s.handle(.key(.tab)), recorder: kept)          // results → contact step (or saved)
        if s.screen == .contactConsent {
            if let c = v.contact {
                s.perform(s.handle(.key(.enter)), recorder: kept)    // "yes"
                for ch in c.name { s.handle(ch == " " ? .key(.space) : .key(.char(ch))) }
                s.handle(.key(.down))
                for ch in c.email { s.handle(.key(.char(ch))) }
                s.handle(.key(.down)); s.handle(.key(.space))       // 16 or older
                s.handle(.key(.down)); s.handle(.key(.space))       // consent
                s.handle(.key(.down))
                s.perform(s.handle(.key(.enter)), recorder: kept)    // save
            } else {
                s.perform(s.handle(.key(.down)), recorder: kept)
                s.perform(s.handle(.key(.enter)), recorder: kept)    // "no"
            }
        }
        return kept.records
    }

    /// The plain mode, with typed lines.
    func plain(_ v: Visitor) -> (records: [SessionRecord], output: String) {
        let kept = KeptRecords()
        var lines: [String] = [v.language == .nl ? "1" : "2"]
        for q in bundledEngine.catalogue.visibleQuestions(v.answers) {
            let items = QuestionnaireState.items(of: q)
            func number(_ item: QuestionItem) -> String { String(items.firstIndex(of: item)! + 1) }
            switch v.answers[q.id] {
            case .option(let id)?: lines.append(number(.option(q.option(id)!)))
            case .options(let ids)?: lines.append(ids.map { number(.option(q.option($0)!)) }.joined(separator: ","))
            case .boolean(let b)?: lines.append(number(b ? .yes : .no))
            case .number(let n)?: lines.append(String(n))
            case nil: lines.append(q.kind == .number ? "" : number(.skip))
            }
        }
        lines += ["", ""]                                         // review, results
        let yes = v.language == .nl ? "j" : "y"
        if let c = v.contact { lines += ["1", yes, c.name, c.email, yes] } else { lines += ["2"] }
        var input = lines[...]
        var output = ""
        var app = PlainApp(state: QuestionnaireState(engine: bundledEngine), recorder: kept, ascii: false,
                           readLine: { input.popFirst() }, write: { output += $0 })
        _ = app.run()
        return (kept.records, output)
    }

    @Test func theSameVisitorLeavesTheSameRecordInBothFronts() {
        let visitors = Self.visitors(count: 60)
        #expect(visitors.contains { $0.contact != nil } && visitors.contains { $0.contact == nil })
        #expect(visitors.contains { v in bundledEngine.catalogue.questions.contains { $0.isOptional && v.answers[$0.id] == nil } },
                "some visitors skip an optional question")
        for v in visitors {
            let full = fullScreen(v)
            let (typed, output) = plain(v)
            #expect(full.count == 1, "full screen: \(full.count) records for \(v)")
            #expect(typed == full, "\(v)\nplain output ends:\n\(output.suffix(800))")
            #expect(full.first?.answers == v.answers, "the full screen recorded other answers for \(v)")
            #expect(full.first?.contact?.email == v.contact?.email)
        }
    }

    /// A typed line is checked as a key would be: out of range, the visitor is told and asked
    /// again, and nothing is recorded for the question.
    @Test func aNumberOutOfRangeIsRefusedInBothFronts() throws {
        let q = try #require(bundledEngine.catalogue.questions.first { $0.kind == .number && $0.max != nil })
        var s = QuestionnaireState(engine: bundledEngine)
        s.handle(.next)
        while case .question(let id) = s.screen, id != q.id {
            let cq = s.currentQuestion!
            switch cq.kind {
            case .number: s.handle(.answer(question: id, .number(cq.min ?? 0)))
            case .boolean: s.handle(.answer(question: id, .boolean(false)))
            case .multiple: s.handle(.answer(question: id, .options([cq.choices[0].id])))
            case .single: s.handle(.answer(question: id, .option(cq.choices[0].id)))
            }
            s.handle(.next)
        }
        #expect(s.screen == .question(q.id))
        s.handle(.answer(question: q.id, .number(q.max! + 1)))
        #expect(s.notice == .numberOutOfRange(min: q.min ?? 0, max: q.max!))
        #expect(s.answers[q.id] == nil)
        s.handle(.next)
        #expect(s.screen == .question(q.id), "an unanswered question is not left")
        // An answer for another question than the one on screen changes nothing.
        let before = s.answers
        s.handle(.answer(question: "education", .option("none")))
        #expect(s.answers == before)
    }
}

/// Where a list stands is the state machine's to say; the painter draws from there. Whatever the
/// terminal's height and however the visitor moves (or the terminal shrinks under them), once the
/// front has told the state its viewport the focused item is on screen.
@Suite struct ListPositionTests {
    /// The rows that show the focused item, after the front's render–viewport–render.
    func focusedRows(_ s: inout QuestionnaireState, _ width: Int, _ height: Int) -> [Int] {
        let first = render(s, width: width, height: height)
        s.handle(.viewport(rows: first.listRows, maxScroll: first.maxScroll))
        return render(s, width: width, height: height).hits.filter { $0.value == s.focus }.map(\.key)
    }

    @Test func theFocusedRouteIsAlwaysOnScreen() {
        var s = resultsState(electrician)
        var g = SplitMix64(seed: 4)
        var heights: Set<Int> = []
        for _ in 0..<300 {
            let height = Int.random(in: 12...40, using: &g)
            heights.insert(height)
            switch Int.random(in: 0..<5, using: &g) {
            case 0: s.handle(.key(.up))
            case 1: s.handle(.key(.pageDown))
            case 2: s.handle(.key(.pageUp))
            case 3: s.handle(.key(.end))
            default: s.handle(.key(.down))
            }
            #expect(s.screen == .results)
            let rows = focusedRows(&s, 80, height)
            #expect(rows.count == 1, "focus \(s.focus) not drawn at height \(height)")
            // The hidden cursor rests on the focused route (for screen readers and magnifiers).
            #expect(render(s, width: 80, height: height).grid.restingRow == rows.first)
        }
        #expect(heights.count > 10)
    }
}

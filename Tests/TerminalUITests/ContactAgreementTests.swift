import Foundation
import Matching
import Questionnaire
import RouteCatalog
import SessionLog
@testable import TerminalUI
import Testing
import TestSupport

/// The contact form and the contacts store apply one rule (`ContactRules`): whatever the form
/// takes, the store keeps, and whatever the form refuses, the store would refuse too. A visitor
/// never confirms details and then meets a save error.
@Suite struct ContactAgreementTests {
    /// The electrician's contact form, nothing typed yet.
    static func contactForm() -> QuestionnaireState {
        var s = resultsState(electrician)
        s.handle(.key(.tab))
        s.handle(.key(.enter))
        return s
    }

    /// Types `name` and `email` as keys, ticks the age and consent, presses Save. Returns what the
    /// fields hold (what the visitor sees) and the record the form sends, if it sends one.
    static func submit(name: String, email: String) -> (name: String, email: String, sent: ContactDetails?, notice: Notice?) {
        var s = contactForm()
        for c in name { s.handle(.key(c == " " ? .space : .char(c))) }
        s.handle(.key(.tab))
        for c in email { s.handle(.key(c == " " ? .space : .char(c))) }
        for key: Key in [.tab, .space, .tab, .space] { s.handle(.key(key)) }
        precondition(s.contact.confirmedAge16 && s.contact.consent, "the form's order changed")
        let effects = s.handle(.click(index: ContactField.save.rawValue))
        var sent: ContactDetails?
        for case .record(let r) in effects { sent = r.contact }
        return (s.contact.name, s.contact.email, sent, s.notice)
    }

    static func storeAccepts(name: String, email: String) -> Bool {
        do {
            try ContactRecord(sessionID: UUID(), name: name, email: email, purpose: "contact",
                              consentTextVersion: contactConsentVersion, consentGiven: true, age: 40).validate()
            return true
        } catch {
            return false
        }
    }

    /// Parts a valid name or address is made of, and parts that spoil one; a case takes a spoiling
    /// part now and then, so that both acceptance and refusal are common.
    static let goodNameParts = ["Zoë", "Anne-Marieke", "van 't", "Hoff", "Ïsa", "Çelik", "O’Brien", "J.", "Łukasz", "李", "ß", "Ee\u{301}n"]
    static let badNameParts = ["2", "=SUM(1)", "@", "_", "\u{202E}", "\u{9B}", "\u{7}", "  ", "-", ".", "'", String(repeating: "a", count: 60)]
    static let goodLocals = ["zoe", "zoe.v", "z+tag", "zoë", "a_b"]
    static let badLocals = [".zoe", "zoe.", "a..b", "", "\u{202E}x", "a b", String(repeating: "x", count: 70)]
    static let goodDomains = ["example.nl", "hogeschool-utrecht.nl", "bücher.example", "1.2.3.nl"]
    static let badDomains = ["x.n", "-x.nl", "x-.nl", "x..nl", "localhost", "x_y.nl", "x.nl.", "ex ample.nl", "@x.nl",
                             String(repeating: "d", count: 250) + ".nl"]

    static func pick<G: RandomNumberGenerator>(_ good: [String], _ bad: [String], _ g: inout G) -> String {
        Int.random(in: 0..<8, using: &g) == 0 ? bad.randomElement(using: &g)! : good.randomElement(using: &g)!
    }

    @Test func whatTheFormTakesTheStoreKeepsAndTheOtherWayRound() {
        var g = SplitMix64(seed: 20261130)
        var accepted = 0, refused = 0
        for _ in 0..<600 {
            let name = (0..<Int.random(in: 1...3, using: &g)).map { _ in Self.pick(Self.goodNameParts, Self.badNameParts, &g) }
                .joined(separator: Int.random(in: 0..<6, using: &g) == 0 ? "" : " ")
            let email = Self.pick(Self.goodLocals, Self.badLocals, &g) + (Int.random(in: 0..<12, using: &g) == 0 ? "" : "@")
                + Self.pick(Self.goodDomains, Self.badDomains, &g)
            let r = Self.submit(name: name, email: email)
            let store = Self.storeAccepts(name: r.name, email: r.email)
            if let sent = r.sent {
                accepted += 1
                #expect(Self.storeAccepts(name: sent.name, email: sent.email), "form took \(sent.name.debugDescription) <\(sent.email.debugDescription)>, store refuses")
            } else {
                refused += 1
                #expect(!store, "form refused \(r.name.debugDescription) <\(r.email.debugDescription)> (\(String(describing: r.notice))), store takes it")
            }
        }
        // Both sides of the property were exercised.
        #expect(accepted > 50 && refused > 50, "accepted \(accepted), refused \(refused)")
    }

    /// The two cases that reached a save error before: the form now says what is wrong.
    @Test func aDigitInANameAndTwoDotsInAnAddressAreRefusedOnTheForm() {
        let digit = Self.submit(name: "Zoë 2", email: "zoe@example.nl")
        #expect(digit.sent == nil)
        #expect(digit.notice == .nameCharacters)
        let dots = Self.submit(name: "Zoë", email: "a..b@x.nl")
        #expect(dots.sent == nil)
        #expect(dots.notice == .emailInvalid)
        let fine = Self.submit(name: "Anne-Marieke van 't Hoff", email: "a.b@hogeschool-utrecht.nl")
        #expect(fine.sent?.name == "Anne-Marieke van 't Hoff")
    }
}

/// A consent record keeps the text the visitor agreed to: the purpose stored with a contact is
/// the paragraph the plain mode says and the full screen shows, word for word.
@Suite struct ConsentTextTests {
    @Test(arguments: [Language.nl, .en])
    func theStoredPurposeIsTheTextShown(language: Language) throws {
        let dir = temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let recorder = try LogRecorder(dataDirectory: dir, engine: bundledEngine, channel: .ssh)
        // The electrician in plain mode, on to the contact step, consenting.
        let yes = language == .nl ? "j" : "y"
        var input = ((language == .en ? ["2"] : ["1"]) + ["7", "1", "2", "2", "30", "1", "1", "2", "3", "2", "10", "52", "", "",
                     "1", yes, "Zoë Verhoeven", "zoe@example.nl", yes])[...]
        var output = ""
        var app = PlainApp(state: QuestionnaireState(engine: bundledEngine), recorder: recorder, ascii: false,
                           readLine: { input.popFirst() }, write: { output += $0 })
        _ = app.run()
        recorder.finish()
        let line = try #require(lines(of: dir + "/contacts.jsonl").first, "no contact stored:\n\(output.suffix(600))")
        let stored = try JSONDecoder().decode(ContactRecord.self, from: Data(line.utf8))
        #expect(stored.name == "Zoë Verhoeven")
        #expect(output.split(separator: "\n").contains { $0 == stored.purpose }, "plain mode said another text than was stored")

        // The full screen, wide enough for the paragraph, shows the same words.
        var s = resultsState(electrician, language)
        s.handle(.key(.tab))
        #expect(s.screen == .contactConsent)
        let shown = render(s, width: 200, height: 50).grid.text
        func words(_ t: String) -> [Substring] { t.split(whereSeparator: { $0 == " " || $0 == "\n" }) }
        #expect(words(shown).map(String.init).joined(separator: " ").contains(words(stored.purpose).map(String.init).joined(separator: " ")))
    }
}

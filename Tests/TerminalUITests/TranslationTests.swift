import Foundation
import Matching
import Questionnaire
import RouteCatalog
import TerminalUI
import Testing

/// Every visitor-facing text exists in Dutch and in English.
@Suite struct TranslationTests {
    /// Words that only occur in Dutch sentences; any of them on an English screen means a text
    /// was not translated.
    static let dutchWords = ["je", "jij", "jouw", "het", "een", "naar", "niet", "wat", "welke", "vraag", "verder",
                             "terug", "kies", "stop", "opgeslagen", "bijna", "past", "waarom", "nog", "heb",
                             "dank", "opnieuw", "antwoorden", "welkom", "taal", "hulp", "uitleg"]

    static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
    }

    @Test func everyScreenInEnglishIsEnglish() throws {
        let screens = try screens(.en)
        #expect(screens.count > 10)
        for (name, state) in screens where name != "welcome" {
            #expect(state.language == .en, "\(name)")
            var s = state
            let first = render(s, width: 100, height: 45)
            s.handle(.viewport(rows: first.listRows, maxScroll: first.maxScroll))
            let text = render(s, width: 100, height: 45).grid.text
            let dutch = Self.words(text).intersection(Self.dutchWords)
            #expect(dutch.isEmpty, "Dutch on the English \(name) screen: \(dutch.sorted())\n\(text)")
        }
    }

    /// Every text of the catalogues has an English half that is not empty and not a copy of the
    /// Dutch one.
    @Test func everyPairOfWordsHasAnEnglishHalf() throws {
        for key in TextKey.allCases {
            let nl = template(key, .nl), en = template(key, .en)
            #expect(!en.trimmingCharacters(in: .whitespaces).isEmpty, "\(key): no English for \"\(nl)\"")
            // A deliberately bilingual text ("Taal / language") is both at once.
            let sentence = nl.split(separator: " ").count > 2 && !en.contains(" / ")
            #expect(!(sentence && nl == en), "\(key): English is a copy of the Dutch: \"\(nl)\"")
            // "past" and "stop" are English words too ("past their retention", "stop or set up").
            #expect(Self.words(en).intersection(Self.dutchWords).subtracting(["past", "stop"]).isEmpty || !sentence,
                    "\(key): Dutch words in the English of \"\(nl)\": \"\(en)\"")
        }
        #expect(TextKey.allCases.count > 100, "the catalogue has the texts (\(TextKey.allCases.count))")
    }
}

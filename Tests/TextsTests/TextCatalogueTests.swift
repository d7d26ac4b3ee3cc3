import Foundation
import Testing
@testable import Texts

/// The two catalogues are complete and agree; every key is used; no text is written inline.
@Suite struct TextCatalogueTests {
    /// Texts that start or end with a space on purpose (none today): the key and why.
    static let spacedOnPurpose: [TextKey: String] = [:]

    @Test func everyKeyHasATextInBothLanguages() {
        for key in TextKey.allCases {
            for language in Language.allCases {
                #expect(!template(key, language).isEmpty, "\(key) has no \(language) text")
            }
        }
    }

    @Test func bothLanguagesNumberTheSamePlaceholdersWithoutGaps() {
        for key in TextKey.allCases {
            let dutch = Set(placeholders(in: template(key, .nl)))
            let english = Set(placeholders(in: template(key, .en)))
            #expect(dutch == english, "\(key): Dutch has \(dutch.sorted()), English \(english.sorted())")
            #expect(dutch.sorted() == Array(1..<(dutch.count + 1)), "\(key): placeholders \(dutch.sorted()) are not 1…\(dutch.count)")
        }
    }

    @Test func noTextStartsOrEndsWithWhitespace() {
        for key in TextKey.allCases where Self.spacedOnPurpose[key] == nil {
            for language in Language.allCases {
                let t = template(key, language)
                #expect(t.first?.isWhitespace != true && t.last?.isWhitespace != true, "\(key) (\(language)): \"\(t)\"")
            }
        }
    }

    @Test func noTextHoldsAControlCharacter() {
        for key in TextKey.allCases {
            for language in Language.allCases {
                let controls = template(key, language).unicodeScalars.filter { $0.properties.generalCategory == .control }
                #expect(controls.isEmpty, "\(key) (\(language)) holds \(controls.map { "U+" + String($0.value, radix: 16) })")
            }
        }
    }

    @Test func placeholdersAreFilledInOrderAndTheRestIsKept() {
        #expect(text(.progress, .nl, 3, 12) == "vraag 3 van 12")
        #expect(text(.progress, .en, 3, 12) == "question 3 of 12")
        #expect(text(.tooSmallSize, .en, 80, 24, 60, 20) == "now 80×24, at least 60×20")
        #expect(text(.welcomeTitle, .nl) == template(.welcomeTitle, .nl))
        #expect(fill("{2}-{1} {0} {3} {x} { {12", ["a", "b"]) == "b-a {0} {3} {x} { {12")
        #expect(fill("{1}{1}", ["é"]) == "éé")
        #expect(placeholders(in: "{2} {1} {x} {1") == [2, 1])
    }

    @Test func everyKeyIsUsedInTheSources() throws {
        let all = try Self.sourceFiles(excluding: ["Sources/Texts/"])
            .map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
        for key in TextKey.allCases {
            let used = Self.mentions(all, "." + key.rawValue)
            #expect(used, "TextKey.\(key.rawValue) is used nowhere under Sources/")
        }
    }

    @Test func noInlinePairIsLeftInTheProduct() throws {
        for file in try Self.sourceFiles(excluding: ["Sources/Texts/", "Sources/rw-fuzz/", "Sources/rw-matchbench/"]) {
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in lines.enumerated() {
                #expect(!Self.hasInlinePair(line), "\(file):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    @Test func theInlinePairScanFindsWhatItLooksFor() {
        #expect(Self.hasInlinePair(#"    var x: String { t("Ja", "Yes") }"#))
        #expect(Self.hasInlinePair(#"v.t("Totaal", "Total")"#))
        #expect(Self.hasInlinePair(#"w.tr("a", "b")"#))
        #expect(!Self.hasInlinePair(#"print("done")"#))
        #expect(!Self.hasInlinePair(#"w.text("t")"#))
    }

    /// `t("` or `tr("` as a call of its own (not the end of `print("` or `text("`).
    static func hasInlinePair<S: StringProtocol>(_ line: S) -> Bool {
        let chars = Array(line)
        for name in ["t(\"", "tr(\""] {
            let pattern = Array(name)
            guard chars.count >= pattern.count else { continue }
            for i in 0...(chars.count - pattern.count) where Array(chars[i..<(i + pattern.count)]) == pattern {
                if i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_") { return true }
            }
        }
        return false
    }

    /// `name` (".caseName") not followed by more of an identifier.
    static func mentions(_ text: String, _ name: String) -> Bool {
        var rest = text[...]
        while let r = rest.range(of: name) {
            let next = rest[r.upperBound...].first
            if !(next?.isLetter == true || next?.isNumber == true || next == "_") { return true }
            rest = rest[r.upperBound...]
        }
        return false
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The Swift files under Sources/, but for the folders named (relative to the package root).
    static func sourceFiles(excluding: [String]) throws -> [String] {
        let root = packageRoot + "/"
        let files = try #require(FileManager.default.subpaths(atPath: root + "Sources"))
            .filter { $0.hasSuffix(".swift") }
            .map { "Sources/" + $0 }
            .filter { path in !excluding.contains { path.hasPrefix($0) } }
        #expect(files.count > 50, "found only \(files.count) source files under \(root)Sources")
        return files.map { root + $0 }
    }
}

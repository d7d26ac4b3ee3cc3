import Foundation
import Testing
@testable import RouteCatalog

/// The minimal fixture as a JSON object, changed by `edit`, decoded and checked structurally:
/// every problem found (decoding errors included).
func problems(editing edit: (inout [String: Any]) -> Void) throws -> [CatalogueProblem] {
    var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture("minimal.json")))) as! [String: Any]
    edit(&json)
    let data = try JSONSerialization.data(withJSONObject: json)
    do {
        let loaded = try CatalogueLoader.decode(data, file: "c.json")
        return loaded.inputProblems + loaded.catalogue.structuralProblems(file: "c.json")
    } catch {
        return error.problems
    }
}

/// `json[keys…]` for nested dictionaries and lists, set to `value`.
func set(_ json: inout [String: Any], _ path: [Any], _ value: Any) {
    func assign(_ node: Any, _ path: ArraySlice<Any>) -> Any {
        guard let first = path.first else { return value }
        if let key = first as? String, var dict = node as? [String: Any] {
            dict[key] = assign(dict[key] as Any, path.dropFirst())
            return dict
        }
        if let index = first as? Int, var list = node as? [Any] {
            list[index] = assign(list[index], path.dropFirst())
            return list
        }
        fatalError("bad path \(path)")
    }
    json = assign(json, path[...]) as! [String: Any]
}

@Suite struct CatalogueLimitTests {
    /// Each number outside its documented range is a problem at its JSON path (they used to
    /// crash `validate`, `match` or the questionnaire, or pass unnoticed).
    @Test(arguments: [
        ("routes.0.preferences.0.weight", "1e307", "$.routes[0].preferences[0].weight", "weight above 0 and at most 1000"),
        ("routes.0.preferences.0.weight", "-9", "$.routes[0].preferences[0].weight", "weight above 0 and at most 1000"),
        ("routes.0.preferences.0.weight", "1001", "$.routes[0].preferences[0].weight", "weight above 0 and at most 1000"),
        ("questions.2.min", "-9223372036854775808", "$.questions[2].min", "is out of range"),
        ("questions.2.max", "9223372036854775807", "$.questions[2].max", "is out of range"),
        ("routes.1.requirements.0.when.all.1.value", "9223372036854775807", "$.routes[1].requirements[0].when.all[1]", "is out of range"),
        ("routes.1.requirements.0.when.all.1.value", "-9223372036854775808", "$.routes[1].requirements[0].when.all[1]", "is out of range"),
        ("routes.0.durationMonths.max", "601", "$.routes[0].durationMonths", "≤ 600"),
        ("routes.0.nlqf", "9", "$.routes[0].nlqf", "NLQF level from 1 to 8"),
        ("initiatives.0.year", "99999", "$.initiatives[0].year", "from 1900 to 2100"),
    ])
    func numbersOutOfRangeAreProblems(path: String, value: String, jsonPath: String, message: String) throws {
        let keys: [Any] = path.split(separator: ".").map { Int($0).map { $0 as Any } ?? String($0) }
        let number = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        let found = try problems { set(&$0, keys, number) }
        #expect(found.contains { $0.path == jsonPath && $0.message.contains(message) }, "\(found)")
    }

    @Test func tooManyOptionsQuestionsOrConditionsAreProblems() throws {
        let options = (0..<65).map { ["id": "o\($0)", "label": ["nl": "o", "en": "o"]] }
        #expect(try problems { set(&$0, ["questions", 0, "options"], options) }
            .contains { $0.path == "$.questions[0].options" && $0.message == "65 options; at most 64" })

        let many = (0..<1001).map { ["id": "q\($0)", "kind": "boolean", "text": ["nl": "q", "en": "q"]] as [String: Any] }
        var count = 0
        #expect(try problems { $0["questions"] = ($0["questions"] as! [Any]) + many; count = ($0["questions"] as! [Any]).count }
            .contains { $0.path == "$.questions" && $0.message.hasPrefix("\(count) questions; at most 1000") })

        var deep: [String: Any] = ["question": "schoolJob", "op": "equals", "value": true]
        for _ in 0..<40 { deep = ["not": deep] }
        #expect(try problems { set(&$0, ["routes", 1, "requirements", 1, "when"], deep) }
            .contains { $0.message == "conditions nested deeper than 32 levels" })

        let wide = Array(repeating: ["question": "schoolJob", "op": "equals", "value": true] as [String: Any], count: 1001)
        #expect(try problems { set(&$0, ["routes", 1, "requirements", 1, "when"], ["any": wide]) }
            .contains { $0.message == "1001 conditions in one list; at most 1000" })
    }

    @Test func longIdsAndHostileValuesAreQuotedShortAndHarmless() throws {
        let long = String(repeating: "x", count: 10_000)
        let found = try problems {
            set(&$0, ["routes", 0, "id"], long)
            set(&$0, ["routes", 0, "requirements", 0, "when", "value"], "hbo\u{1B}]52;c;AAAA\u{07}")
        }
        #expect(found.contains { $0.message == "route id longer than 100 characters" })
        let option = try #require(found.first { $0.path == "$.routes[0].requirements[0].when" })
        #expect(option.message.contains("\"hbo\\u{1B}]52;c;AAAA\\u{7}\""), "\(option)")
        #expect(!found.map(\.description).joined().unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" })
        #expect(found.map(\.description).joined().count < 5_000, "a 10,000-character id is not echoed whole")
    }

    /// Control characters in any string of the catalogue are problems with their line and
    /// column, written raw (C1, U+202E) or escaped (\u001b, \n).
    @Test func controlCharactersInStringsAreProblemsWithTheirPlace() throws {
        let found = try problems {
            set(&$0, ["routes", 0, "name", "nl"], "Kop\u{1B}[2J")
            set(&$0, ["routes", 0, "summary", "en"], "S\u{9B}31m")
            set(&$0, ["providers", 0, "name"], "Hoge\u{202E}school")
            set(&$0, ["routes", 1, "steps", 0, "nl"], "Zoek\neen school")
        }
        let controls = found.filter { $0.message.hasPrefix("control character") }
        #expect(Set(controls.map { $0.message.prefix(26) }) == ["control character U+001B i", "control character U+009B i",
                                                             "control character U+202E i", "control character U+000A i"],
                "\(controls)")
        #expect(controls.allSatisfy { $0.line == 1 && ($0.column ?? 0) > 1 })
    }
}

@Suite struct JSONCheckerTests {
    @Test(arguments: [
        (#"{"a": 1, "b": 2, "a": 3}"#, 1, 18, #"duplicate field "a" (first at line 1, column 2)"#),
        (#"{"a": 1, "\u0061": 3}"#, 1, 10, #"duplicate field "a""#),
        (#"{"x": {"k": 1}, "y": {"k": 1, "k": 2}}"#, 1, 31, #"duplicate field "k""#),
    ])
    func duplicateFieldsAreRefused(json: String, line: Int, column: Int, text: String) {
        let failure = JSONSyntax.firstError(in: Data(json.utf8))
        #expect(failure?.line == line && failure?.column == column, "\(String(describing: failure))")
        #expect(failure?.message.contains(text) == true, "\(String(describing: failure))")
    }

    @Test func manyFieldsStayLinearAndStillFindTheDuplicate() {
        let fields = (0..<50_000).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(JSONSyntax.firstError(in: Data("{\(fields)}".utf8)) == nil)
        #expect(JSONSyntax.firstError(in: Data("{\(fields), \"k49999\": 0}".utf8))?.message.hasPrefix("duplicate field \"k49999\"") == true)
    }

    @Test(arguments: [[0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xFF, 0x22]] as [[UInt8]])
    func invalidUTF8IsASyntaxError(string: [UInt8]) {
        let failure = JSONSyntax.firstError(in: Data(Array("{\"a\": ".utf8) + string + [0x7D]))
        #expect(failure?.message == "invalid UTF-8 in a string")
        #expect(failure?.column == 8)
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(JSONSyntax.firstError(in: Data(deep.utf8))?.message == "nested deeper than 128 levels")
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(JSONSyntax.firstError(in: Data(fine.utf8)) == nil)
    }

    @Test func controlCharactersAreFoundWithTheirCharacter() {
        let report = JSONSyntax.check(Data("{\"a\": \"x\\u001by\",\n \"b\": \"\u{85}\u{2066}\", \"c\": \"\\t\"}".utf8))
        #expect(report.failure == nil)
        #expect(report.controls.map(\.scalar) == [0x1B, 0x85, 0x2066, 0x09])
        #expect(report.controls.map(\.line) == [1, 2, 2, 2])
    }
}

@Suite struct TerminalTextTests {
    @Test func stripLeavesNothingATerminalActsOn() {
        let hostile = "a\u{1B}]52;c;aGk=\u{07}b\u{9B}31mc\u{202E}d\u{2066}e\r\nf\tg\u{7F}h\u{0}"
        #expect(TerminalText.strip(hostile) == "a]52;c;aGk=b31mcde\nf gh")
        #expect(TerminalText.strip(hostile, keepingLineBreaks: false) == "a]52;c;aGk=b31mcdef gh")
        #expect(TerminalText.strip("Zoë – ‘één’ 漢字 👩‍🏫") == "Zoë – ‘één’ 漢字 👩‍🏫", "letters, marks, joiners stay")
    }

    @Test func excerptShowsControlsAndStopsEarly() {
        #expect(TerminalText.excerpt("a\u{1B}b") == "a\\u{1B}b")
        let long = TerminalText.excerpt(String(repeating: "x", count: 10_000_000))
        #expect(long.hasSuffix("…(10000000 characters)"))
        #expect(long.count < 100)
    }

    @Test func jsonKeepsItsValueWithControlsEscaped() throws {
        let json = Array(#"{"e":"a\u001b b"#.utf8) + Array("\u{9B}c\u{202E}d\"}".utf8)
        let escaped = TerminalText.escapingControlsInJSON(json)
        #expect(String(decoding: escaped, as: UTF8.self) == #"{"e":"a\u001b b\u009bc\u202ed"}"#)
        let before = try JSONSerialization.jsonObject(with: Data(json)) as? [String: String]
        let after = try JSONSerialization.jsonObject(with: Data(escaped)) as? [String: String]
        #expect(before == after)
    }
}

@Suite struct BoundedInputTests {
    @Test func devicesAndFIFOsAreRefusedNotRead() throws {
        #expect(throws: BoundedInput.Failure.self) { try BoundedInput.read(path: "/dev/zero", limit: 1 << 20, what: "catalogue file") }
        let fifo = NSTemporaryDirectory() + "rw-fifo-\(UUID().uuidString)"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        do {
            _ = try BoundedInput.read(path: fifo, limit: 1 << 20, what: "catalogue file")
            Issue.record("a FIFO was read")
        } catch {
            #expect(error.description == "cannot read the catalogue file (not a regular file)")
        }
    }

    @Test func aFileLargerThanTheLimitIsRefusedWithoutReadingIt() throws {
        let path = NSTemporaryDirectory() + "rw-big-\(UUID().uuidString).json"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { unlink(path) }
        #expect(truncate(path, off_t(CatalogueLoader.maximumBytes + 1)) == 0)   // sparse: no disk used
        do {
            _ = try CatalogueLoader.load(path: path)
            Issue.record("a 128 MiB + 1 byte file was read")
        } catch {
            #expect(error.description == "\(path): the catalogue file is larger than 128 MiB, the most this program reads")
        }
    }
}

@Suite struct AnswersDocumentTests {
    let catalogue = try! CatalogueLoader.load(path: fixture("minimal.json")).catalogue

    func messages(_ json: String) -> [String] {
        do {
            _ = try AnswersReader.read(Data(json.utf8), source: "a.json", catalogue: catalogue)
            return []
        } catch {
            return error.messages
        }
    }

    /// All five values of the wrong type are named, not only the first.
    @Test func everyValueOfTheWrongTypeIsListed() {
        let found = messages(#"{"education": 1.5, "sector": {"a": 1}, "experienceYears": 1e30, "schoolJob": null, "profiles": [1, 2], "province": "utrecht"}"#)
        #expect(found == [
            "$.education: expected one option id (a string); allowed: mbo-4, hbo-bachelor",
            "$.experienceYears: expected a whole number from 0 to 50",
            "$.profiles: expected a list of option ids; allowed: bwi, pie",
            "$.schoolJob: expected true or false",
            "$.sector: expected one option id (a string); allowed: installatie, non-technical",
        ])
    }

    @Test func aFieldGivenTwiceIsRefused() {
        #expect(messages(#"{"education": "mbo-4", "schoolJob": true, "education": "hbo-bachelor"}"#)
            == [#"line 1, column 43: JSON syntax error: duplicate field "education" (first at line 1, column 2)"#])
    }

    @Test func aDocumentOverOneMebibyteIsRefused() {
        let big = "{" + String(repeating: " ", count: AnswersReader.maximumBytes) + "}"
        #expect(messages(big) == ["the answers document is larger than 1 MiB, the most this program reads"])
    }

    @Test func aHugeUnknownKeyIsQuotedShortAndControlsAreShown() {
        let found = messages("{\"" + String(repeating: "k", count: 900_000) + "\": 1, \"x\\u001b[2J\": 2}")
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.count < 400 }, "\(found.map(\.count))")
        #expect(found.contains { $0.hasPrefix("x\\u{1B}[2J: unknown question id") })
    }

    @Test func manyProblemsAreCutOffWithACount() {
        let fields = (0..<500).map { "\"q\($0)\": 1" }.joined(separator: ",")
        let found = messages("{\(fields)}")
        #expect(found.count == AnswersReader.maximumMessages + 1)
        #expect(found.last == "… and 450 more problems")
    }
}

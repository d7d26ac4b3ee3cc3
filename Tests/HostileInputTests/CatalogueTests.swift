import Foundation
import Testing
import TestSupport

/// A hostile catalogue, and a fragment of the message every command must give for it.
struct HostileCatalogue: Sendable, CustomStringConvertible {
    var name: String
    var message: String
    var build: @Sendable () throws -> [UInt8]
    var description: String { name }

    static func editing(_ name: String, _ path: String, _ valueJSON: String, message: String) -> HostileCatalogue {
        HostileCatalogue(name: name, message: message) {
            let value = try JSONSerialization.jsonObject(with: Data(valueJSON.utf8), options: .fragmentsAllowed)
            return try jsonBytes(setting(try minimalCatalogue(), keyPath(path), value))
        }
    }

    static let all: [HostileCatalogue] = [
        .editing("a weight of 1e307", "routes.0.preferences.0.weight", "1e307",
                 message: "$.routes[0].preferences[0].weight: a preference needs a weight above 0 and at most 1000"),
        HostileCatalogue(name: "weights 10 and -9", message: "$.routes[0].preferences[1].weight: a preference needs a weight") {
            var json = try minimalCatalogue()
            var route = (json["routes"] as! [[String: Any]])[0]
            var preferences = route["preferences"] as! [[String: Any]]
            preferences[0]["weight"] = 10
            var second = preferences[0]
            second["id"] = "second"
            second["weight"] = -9
            preferences.append(second)
            route["preferences"] = preferences
            var routes = json["routes"] as! [[String: Any]]
            routes[0] = route
            json["routes"] = routes
            return try jsonBytes(json)
        },
        .editing("a number question from -2^63", "questions.2.min", "-9223372036854775808",
                 message: "$.questions[2].min: -9223372036854775808 is out of range"),
        .editing("a condition value of 2^63-1", "routes.1.requirements.0.when.all.1.value", "9223372036854775807",
                 message: "$.routes[1].requirements[0].when.all[1]: 9223372036854775807 is out of range"),
        .editing("an OSC 52 clipboard write in a route name", "routes.0.name.nl", #""Kop\u001b]52;c;ZWNobyBoaQ==\u0007""#,
                 message: ": control character U+001B in a string"),
        .editing("a C1 CSI in a step", "routes.1.steps.0.en", "\"Find \u{9B}2J a school\"",
                 message: ": control character U+009B in a string"),
        .editing("a right-to-left override in a provider name", "providers.0.name", "\"Hogeschool \u{202E}tseT\"",
                 message: ": control character U+202E in a string"),
        HostileCatalogue(name: "conditions nested 200 deep", message: "JSON syntax error: nested deeper than 128 levels") {
            var when: Any = ["question": "schoolJob", "op": "equals", "value": true]
            for _ in 0..<200 { when = ["not": when] }
            return try jsonBytes(setting(try minimalCatalogue(), keyPath("routes.1.requirements.1.when"), when))
        },
        HostileCatalogue(name: "conditions nested 40 deep", message: "conditions nested deeper than 32 levels") {
            var when: Any = ["question": "schoolJob", "op": "equals", "value": true]
            for _ in 0..<40 { when = ["not": when] }
            return try jsonBytes(setting(try minimalCatalogue(), keyPath("routes.1.requirements.1.when"), when))
        },
        HostileCatalogue(name: "a field given twice", message: #"JSON syntax error: duplicate field "schemaVersion""#) {
            Array(#"{"schemaVersion": 1, "schemaVersion": 1}"#.utf8)
        },
        HostileCatalogue(name: "invalid UTF-8", message: ":1:15: JSON syntax error: invalid UTF-8 in a string") {
            Array(#"{"checkedOn":""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8)
        },
        HostileCatalogue(name: "20 ten-option questions and a contradiction", message: #"route "zij" can never be eligible"#) {
            var json = try minimalCatalogue()
            let options = (0..<10).map { ["id": "o\($0)", "label": ["nl": "o", "en": "o"]] }
            let many = (0..<20).map { ["id": "t\($0)", "kind": "single", "text": ["nl": "t", "en": "t"], "options": options] as [String: Any] }
            json["questions"] = (json["questions"] as! [Any]) + many
            let texts: [String: Any] = ["pass": ["nl": "ja", "en": "yes"], "fail": ["nl": "nee", "en": "no"], "attainable": false]
            let last: [String: Any] = ["question": "t19", "op": "equals", "value": "o1"]
            var requirements: [[String: Any]] = [
                ["id": "every", "when": ["all": many.map { ["question": $0["id"]!, "op": "answered"] }]],
                ["id": "o1", "when": last], ["id": "not-o1", "when": ["not": last]],
            ]
            for i in requirements.indices { requirements[i].merge(texts) { a, _ in a } }
            json = setting(json, keyPath("routes.1.requirements"), requirements)
            json = setting(json, keyPath("routes.1.sources.0.about"), ["summary", "requirements.every", "requirements.o1", "requirements.not-o1"])
            json["examples"] = [Any]()
            return try jsonBytes(json)
        },
    ]
}

/// Every command that loads a catalogue refuses the same ones, with the same message, and never
/// crashes: `validate` (1), `match` (2), `kiosk check` (1) and the questionnaire (1).
@Suite struct HostileCatalogueCommandTests {
    @Test(arguments: HostileCatalogue.all, binaries)
    func everyCommandRefusesItAlike(catalogue: HostileCatalogue, binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        try dir.write("routes.json", try catalogue.build())
        let path = dir.file("routes.json")

        let validate = try run(binary, ["validate", path])
        #expect(validate.ended(with: 1), "\(validate)")
        #expect(validate.stderr.contains(catalogue.message), "\(validate)")
        #expect(validate.terminalSafe, "\(validate)")

        let match = try run(binary, ["match", "--catalogue", path], stdin: #"{"education": "mbo-4"}"#)
        #expect(match.ended(with: 2), "\(match)")
        #expect(match.stderr.contains(catalogue.message), "\(match)")
        #expect(match.stdout.isEmpty && match.terminalSafe)

        let config = dir.file("kiosk.json")
        #expect(try run(binary, ["kiosk", "set-pin", "--config", config, "--data-dir", dir.file("data")], stdin: "246813\n").ended(with: 0))
        let check = try run(binary, ["kiosk", "check", "--config", config, "--catalogue", path])
        #expect(check.ended(with: 1), "\(check)")
        #expect(check.stderr.contains(catalogue.message), "\(check)")

        let plain = try run(binary, ["--plain", "--catalogue", path, "--data-dir", dir.file("data")], stdin: "1\n1\n")
        #expect(plain.ended(with: 1), "\(plain)")
        #expect(plain.stderr.contains(catalogue.message), "\(plain)")
        #expect(plain.terminalSafe)
    }

    @Test(arguments: binaries)
    func whatIsNotAFileOrTooLargeIsNotRead(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        let zero = try run(binary, ["validate", "/dev/zero"])
        #expect(zero.ended(with: 2), "\(zero)")
        #expect(zero.stderr.contains("/dev/zero: cannot read the catalogue file (not a regular file)"))
        #expect(FileManager.default.createFile(atPath: dir.file("huge.json"), contents: nil))
        #expect(truncate(dir.file("huge.json"), 129 << 20) == 0)     // sparse
        let huge = try run(binary, ["match", "--catalogue", dir.file("huge.json")], stdin: "{}")
        #expect(huge.ended(with: 2), "\(huge)")
        #expect(huge.stderr.contains("the catalogue file is larger than 128 MiB"))
    }

    /// Two thousand generated routes: `validate` settles them all (it was quadratic in routes and
    /// exponential in the questions a route reads).
    @Test(arguments: binaries)
    func aLargeGeneratedCatalogueIsChecked(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        let bench = builtProduct("rw-matchbench")
        let made = try run(bench, ["routes.json", "--generate", dir.file("big.json"), "--routes", "2000"])
        #expect(made.ended(with: 0), "\(made)")
        let validate = try run(binary, ["validate", dir.file("big.json")])
        #expect(validate.ended(with: 0) || validate.ended(with: 1), "\(validate)")
        #expect(!validate.stderr.contains("could not prove"), "\(validate)")
        let problems = validate.stderr.split(separator: "\n").dropLast().filter { !$0.contains(": warning: ") }
        #expect(problems.allSatisfy { $0.contains("can never be eligible") }, "\(validate)")
    }
}

import Foundation
import Testing

/// Answers documents sent to `routewijzer match`: every problem named, exit status 2, nothing
/// that acts on the terminal, and no input read without bound.
@Suite struct HostileAnswersTests {
    @Test(arguments: binaries)
    func anEndlessOrHugeDocumentIsRefusedAtItsLimit(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        try dir.write("spaces.json", Array(repeating: 0x20, count: 3 << 20))
        let big = try run(binary, ["match"], stdinFile: dir.file("spaces.json"))
        #expect(big.ended(with: 2), "\(big)")
        #expect(big.stderr.contains("<stdin>: the answers document is larger than 1 MiB"), "\(big)")
        let zero = try run(binary, ["match", "/dev/zero"])
        #expect(zero.ended(with: 2), "\(zero)")
        #expect(zero.stderr.contains("/dev/zero: cannot read the answers document (not a regular file)"), "\(zero)")
    }

    @Test(arguments: binaries)
    func everyProblemIsNamedOnceShortAndHarmless(binary: String) throws {
        let key = String(repeating: "k", count: 900_000)
        let document = #"{"education": 4.5, "sector": null, "experienceYears": "8", "schoolType": [1], "schoolJob": {}, "\#(key)": 1, "x\u001b]52;c;aGk=\u0007": "\u009b2J"}"#
        let r = try run(binary, ["match", "--catalogue", "Tests/Fixtures/catalogues/minimal.json"], stdin: document)
        #expect(r.ended(with: 2), "\(r)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 7, "\(r)")
        #expect(lines.contains { $0.hasPrefix("<stdin>: $.education: expected one option id") })
        #expect(lines.contains { $0.hasPrefix("<stdin>: $.schoolJob: expected true or false") })
        #expect(lines.contains { $0.hasPrefix("<stdin>: x\\u{1B}]52;c;aGk=\\u{7}: unknown question id") })
        #expect(r.stderr.count < 3_000, "a 900 KB key is not echoed whole")
        #expect(r.terminalSafe)
    }

    @Test(arguments: binaries)
    func aFieldGivenTwiceIsRefused(binary: String) throws {
        let r = try run(binary, ["match", "--catalogue", "Tests/Fixtures/catalogues/minimal.json"],
                        stdin: #"{"education": "mbo-4", "education": "hbo-bachelor"}"#)
        #expect(r.ended(with: 2), "\(r)")
        #expect(r.stderr.contains(#"<stdin>: line 1, column 24: JSON syntax error: duplicate field "education" (first at line 1, column 2)"#), "\(r)")
    }
}

/// The plain mode (screen readers over SSH) against hostile terminal input, and error messages.
@Suite struct HostileTerminalInputTests {
    @Test(arguments: binaries)
    func aTenMegabyteLineIsDroppedWithAMessage(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        try dir.write("input", Array(repeating: 0x61, count: 10 << 20) + Array("\n1\nq\n".utf8))
        let r = try run(binary, ["--plain", "--catalogue", "Tests/Fixtures/catalogues/minimal.json", "--data-dir", dir.file("data")],
                        stdinFile: dir.file("input"))
        #expect(r.ended(with: 0), "\(r)")
        #expect(r.out.contains("! Die regel is te lang (meer dan 4096 tekens) en telt niet. Probeer het opnieuw."), "\(r)")
        #expect(r.out.contains("Opleiding?"), "the next line was read whole")
    }

    @Test(arguments: binaries)
    func aFailedSaveExitsWithOne(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("data/sessions.jsonl"), withIntermediateDirectories: true)
        let r = try run(binary, ["--plain", "--catalogue", "Tests/Fixtures/catalogues/minimal.json", "--data-dir", dir.file("data")],
                        stdin: "1\n2\n")
        #expect(r.ended(with: 1), "\(r)")
        #expect(r.out.contains("! Opslaan mislukt"), "\(r)")
    }

    /// A file name with an escape sequence, echoed in an error, reaches the terminal without it.
    @Test(arguments: binaries)
    func errorMessagesCarryNoControlCharacters(binary: String) throws {
        let name = "/nonexistent/\u{1B}]0;pwned\u{07}\u{9B}2J.json"
        for arguments in [["validate", name], ["match", name], ["match", "--catalogue", name], ["export", name]] {
            let r = try run(binary, arguments, stdin: "{}")
            #expect(r.status != 0 && r.status < 128, "\(arguments): \(r)")
            #expect(r.stderr.contains("/nonexistent/]0;pwned2J.json"), "\(arguments): \(r)")
            #expect(r.terminalSafe, "\(arguments): \(r)")
        }
    }
}

import Foundation
import Testing
import TestSupport

/// The package root and the built `routewijzer` next to this test bundle.
enum Paths {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let fixtureCatalogue = packageRoot + "/Tests/QuestionnaireTests/Fixtures/catalogue.json"

    /// The binary in the build products directory this test bundle was built into.
    static let binary: String? = {
        if let explicit = ProcessInfo.processInfo.environment["ROUTEWIJZER_BINARY"] { return explicit }
        let path = builtProduct("routewijzer")
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    static func tempDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "routewijzer-e2e-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}

/// Polls a condition (a file's content) until it holds.
func eventually(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(30_000)
    }
    return condition()
}


/// Answers the fixture questionnaire from the welcome screen up to the review screen.
func answerAll(_ t: Terminal) throws {
    try t.waitFor("Welkom bij Routewijzer")
    t.keys("Enter")
    try t.waitFor("vraag 1 van 8")
    t.keys("2", "Enter", "2", "Enter", "1", "Enter")
    try t.waitFor("Hoeveel jaar werkervaring")
    t.keys("1", "0", "Enter", "3", "Enter", "2", "Enter", "1", "Enter")
    try t.waitFor("Hoe oud ben je?")
    t.keys("4", "0", "Enter")
    try t.waitFor("Controleer je antwoorden")
}

/// The ids of running processes with `argument` among their arguments (from /proc).
func processes(withArgument argument: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { name -> Int32? in
        guard let pid = Int32(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return nil }
        let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.contains(argument) ? pid : nil
    }
}

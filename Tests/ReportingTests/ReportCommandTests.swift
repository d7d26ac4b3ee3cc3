import Foundation
import Testing
import TestSupport
import RouteCatalog
@testable import SessionLog

/// The built `routewijzer report` and `export`, read back the way a coordinator's tools read them.
/// One at a time and at a lower CPU priority (`nice`): they generate and read logs, and the timed
/// terminal tests running beside them on a two-core machine must keep their pace.
@Suite(.serialized) struct ReportCommandTests {
    let routewijzer = builtProduct("routewijzer")
    let logtool = builtProduct("rw-logtool")
    let scripts = repositoryRoot + "/Tests/ReportingTests/Scripts"

    /// A realistic log of `count` sessions from the bundled catalogue.
    func generate(_ dir: TempDir, count: Int, seed: Int = 3, name: String = "sessions.jsonl") throws -> String {
        let path = dir.file(name)
        let r = run(["nice", "-n", "10", logtool, "generate", "--count", String(count), "--output", path, "--seed", String(seed),
                     "--catalogue", repositoryRoot + "/routes.json"], withErrors: true)
        try #require(r.status == 0, "rw-logtool: \(r.output)")
        return path
    }

    func report(_ arguments: [String]) throws -> String {
        let r = run(["nice", "-n", "10", routewijzer, "report", "--catalogue", repositoryRoot + "/routes.json"] + arguments)
        try #require(r.status == 0, "report \(arguments): \(r.output)")
        return r.output
    }

    func python(_ arguments: [String]) throws -> String {
        let r = run(["nice", "-n", "10", "python3"] + arguments, withErrors: true)
        try #require(r.status == 0, "python3 \(arguments): \(r.output)")
        return r.output
    }

    /// Reads a CSV with Python's csv module, as JSON rows.
    func rows(_ path: String) throws -> [[String]] {
        let script = """
        import csv, json, sys
        with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
            print(json.dumps(list(csv.reader(f, delimiter=";"))))
        """
        return try JSONDecoder().decode([[String]].self, from: Data(python(["-c", script, path]).utf8))
    }

    struct Attack: Decodable {
        struct Cell: Decodable { var cell: [String]; var lo: Int; var hi: Int }
        var hidden: [Cell]
        var problems: [String]
        var visible: Int
    }

    /// No hidden count can be narrowed down from the published totals, on a whole log and on
    /// small selections of it (one event, a short period) where many counts are small.
    @Test(arguments: [[], ["--event", "Zwolle"], ["--since", "2026-03-01", "--until", "2026-03-20"]])
    func hiddenCountsCannotBeDerivedFromTheTotals(selection: [String]) throws {
        let dir = TempDir(); defer { dir.remove() }
        _ = try generate(dir, count: 1500)
        let csv = try report(["--format", "csv", "--ids"] + selection + [dir.path])
        try csv.write(toFile: dir.file("report.csv"), atomically: true, encoding: .utf8)
        let attack = try JSONDecoder().decode(Attack.self, from: Data(python([scripts + "/attack.py", dir.file("report.csv")]).utf8))
        #expect(attack.problems.isEmpty, "\(attack.problems)")
        #expect(attack.visible > 20)
        #expect(!attack.hidden.isEmpty, "the selection should have small counts to protect")
        for h in attack.hidden {
            #expect(h.hi - h.lo >= 3, "hidden \(h.cell) narrowed to \(h.lo)…\(h.hi)")
        }
    }

    /// The default CSV: Dutch heads and labels, a count column of numbers only (hidden ones empty,
    /// flagged in their own column), so Excel can sum it.
    @Test func reportCSVInWordsWithNumbersOnlyInTheCountColumn() throws {
        let dir = TempDir(); defer { dir.remove() }
        _ = try generate(dir, count: 800)
        try report(["--format", "csv", "--event", "Zwolle", dir.path]).write(toFile: dir.file("r.csv"), atomically: true, encoding: .utf8)
        let r = try rows(dir.file("r.csv"))
        #expect(r[0] == ["Onderdeel", "Rij", "Kolom", "Aantal", "Afgeschermd"])
        var hidden = 0
        for row in r.dropFirst() {
            #expect(row.count == 5)
            if row[4] == "ja" {
                hidden += 1
                #expect(row[3] == "", "a hidden count is empty: \(row)")
            } else {
                #expect(row[4] == "")
                #expect(Int(row[3]) != nil || (row[1] == "Afgerond (%)" && Double(row[3].replacingOccurrences(of: ",", with: ".")) != nil),
                        "not a number: \(row)")
            }
        }
        #expect(hidden > 0)
        #expect(r.contains { $0[0] == "Provincie" && $0[1] == "Noord-Holland" })
        #expect(r.contains { $0[0] == "Routes" && $0[1] == "Lerarenopleiding Technisch Beroepsonderwijs (deeltijd)" && $0[2] == "Past" })
        #expect(r.contains { $0[0] == "Schooltype" && $0[1] == "Vmbo" })
        #expect(r.contains { $0[0] == "Van begin tot contact" && $0[1] == "Contact gevraagd" })
        #expect(!r.contains { $0[3] == "<5" })
    }

    /// Kiosks copied to a USB stick: several folders and files, the same session in two of them,
    /// counted once by export and report alike.
    @Test func severalKiosksOneReportEachSessionOnce() throws {
        let dir = TempDir(); defer { dir.remove() }
        mkdir(dir.file("kiosk-1"), 0o700); mkdir(dir.file("kiosk-2"), 0o700)
        let shared = UUID()
        func line(_ r: OutcomeRecord) throws -> [UInt8] { try r.jsonLine() }
        let one = try (0..<7).flatMap { _ in try line(sampleSession()) } + line(sampleSession(id: shared))
        let two = try (0..<4).flatMap { _ in try line(sampleSession()) } + line(sampleSession(id: shared))
        FileManager.default.createFile(atPath: dir.file("kiosk-1/sessions.jsonl"), contents: Data(one))
        FileManager.default.createFile(atPath: dir.file("kiosk-2/sessions.jsonl"), contents: Data(two))
        FileManager.default.createFile(atPath: dir.file("extra.jsonl"), contents: Data(try line(sampleSession(id: shared))))
        let text = try report([dir.file("kiosk-1"), dir.file("kiosk-2"), dir.file("extra.jsonl")])
        #expect(text.range(of: #"Begonnen\s+12\s"#, options: .regularExpression) != nil, "\(text)")
        let export = run([routewijzer, "export", "--ids", dir.file("kiosk-1"), dir.file("kiosk-2"), dir.file("extra.jsonl")], withErrors: true)
        #expect(export.status == 0)
        #expect(export.output.contains("12 sessies uit 3 bestand(en), 2 dubbele overgeslagen"), "\(export.output)")
    }

    func sampleSession(id: UUID = UUID()) -> OutcomeRecord {
        OutcomeRecord(id: id, startedAt: UTCTime(seconds: 1_795_000_000), endedAt: UTCTime(seconds: 1_795_000_600), channel: .kiosk,
                      event: "Open dag", catalogueVersion: "2026.11.1", catalogueSHA256: "ab", language: "nl",
                      answers: ["province": .option("utrecht"), "schoolType": .option("mbo")],
                      routes: [RankedRoute(id: "gastdocent", fit: .eligible, score: 50)], outcome: .completed)
    }
}

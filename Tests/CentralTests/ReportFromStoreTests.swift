import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
import RouteCatalog
import SessionLog

// `report --db` is counted by the server; these tests hold it to the report of the same records
// read from a log file, byte for byte, over sessions chosen to catch a wrong grouping: weeks
// across both changes of summer time, sessions on Sunday night either side of a Dutch week's
// start, numbers present and absent, lists of subjects, contact left or not, events (case and
// accents), abandoned and timed-out sessions, and every fit of a route.
@Suite(.enabled(if: PostgresInstall.available, PostgresInstall.skipReason))
struct ReportFromStoreTests {
    /// The report's variants compared: formats, words, and the selections the report offers.
    static let variants: [[String]] = [
        [], ["--format", "csv"], ["--format", "json"], ["--lang", "en", "--format", "csv", "--ids"],
        ["--since", "2026-03-29", "--until", "2026-10-25"], ["--event", "open dag"], ["--event", "CAFÉ"],
        ["--event", "no such event"], ["--since", "2026-06-15T00:00:00+02:00", "--lang", "en"],
        ["--until", "2026-06-14", "--event", "open", "--format", "csv"], ["--since", "2027-06-01"],
    ]

    @Test func theReportFromTheStoreIsTheReportFromTheFiles() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dir = try storeAndLog(varietyRecords(), server, name)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = server.environment(database: name, user: "coordinator_login")
        // The server counted (it did not fall back to reading every record).
        let said = run([routewijzer, "report", "--db"], environment: coordinator, withErrors: true)
        #expect(said.status == 0 && said.output.contains("sessies uit 127.0.0.1:\(server.port)/\(name).")
                && !said.output.contains("telt niet"), "\(said.output.suffix(300))")
        try expectSameReports(dir, coordinator, variants: Self.variants)
        // Its help and errors are the report command's, named as the coordinator typed it.
        let help = run([routewijzer, "report", "--db", "--help"], environment: coordinator, withErrors: true)
        #expect(help.status == 0 && help.output.contains("USAGE: routewijzer report"), "\(help.output)")
        let wrong = run([routewijzer, "report", "--db", "--format", "pdf"], environment: coordinator, withErrors: true)
        #expect(wrong.status == 64 && wrong.output.contains("'routewijzer report --help'"), "\(wrong.output)")

        // Without a catalogue (the answers contract's ids, nothing known about conditions).
        var bare = coordinator
        bare["ROUTEWIJZER_CATALOGUE"] = "/nonexistent/routes.json"
        try expectSameReports(dir, bare, variants: [[], ["--format", "csv"], ["--event", "open"]])

        // A catalogue whose condition reads a number: years of experience decide whether the
        // question about a related bachelor is asked, and so whether an abandoned session
        // answered everything it was asked.
        let catalogue = dir + "/numbers.json"
        try conditionOnANumber(catalogue)
        try expectSameReports(dir, coordinator, variants: [["--catalogue", catalogue], ["--catalogue", catalogue, "--since", "2026-06-01"]],
                              html: false)
    }

    @Test func answersOfMixedKindsAndAnOldSchemaAreReadRecordByRecord() async throws {
        let (server, name) = try await SharedPostgres.database()
        var records = varietyRecords(count: 200)
        // A school type given as a list: the server's text could mean a list or a text.
        for i in stride(from: 0, to: records.count, by: 40) where records[i].outcome == .completed {
            records[i].answers["schoolType"] = .options(["vmbo", "mbo"])
        }
        let dir = try storeAndLog(records, server, name)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = server.environment(database: name, user: "coordinator_login")
        let said = run([routewijzer, "report", "--db"], environment: coordinator, withErrors: true)
        #expect(said.status == 0 && said.output.contains("meer dan één soort"), "\(said.output.suffix(300))")
        try expectSameReports(dir, coordinator, variants: [[], ["--format", "csv"]], html: false, counted: false)

        // A store of schema version 1 (without the columns the server groups by).
        server.psql("ALTER TABLE routewijzer.sessions DROP COLUMN answer_kinds, DROP COLUMN route_fits", database: name)
        let old = run([routewijzer, "report", "--db"], environment: coordinator, withErrors: true)
        #expect(old.status == 0 && old.output.contains("ouder dan versie 2"), "\(old.output.suffix(300))")
        try expectSameReports(dir, coordinator, variants: [["--format", "json"]], html: false, counted: false)
    }

    /// Writes the records to a log, ships it to the store, and returns the log's directory.
    func storeAndLog(_ records: [OutcomeRecord], _ server: TestPostgres, _ name: String) throws -> String {
        let dir = scratchDirectory("report")
        var log = Data()
        for r in records { log.append(contentsOf: try r.jsonLine()) }
        try log.write(to: URL(fileURLWithPath: dir + "/sessions.jsonl"))
        let sync = run([central, "sync", "--data-dir", dir], environment: server.environment(database: name, user: "kiosk_login"), withErrors: true)
        #expect(sync.status == 0 && sync.output.contains("\(records.count) sessie(s) toegevoegd"), "\(sync.output)")
        return dir
    }

    /// Each variant's report from the log and from the store: the same bytes on standard output,
    /// and (with `html`) the same HTML page. With `counted`, the first variant's is checked to
    /// have been counted by the server, not read record by record.
    func expectSameReports(_ dir: String, _ environment: [String: String], variants: [[String]], html: Bool = true,
                           counted: Bool = true) throws {
        if counted, let v = variants.first {
            let said = run([routewijzer, "report"] + v + ["--db"], environment: environment, withErrors: true)
            #expect(said.status == 0 && !said.output.contains("telt niet"), "\(v): \(said.output.suffix(300))")
        }
        for v in variants {
            let files = run([routewijzer, "report"] + v + ["--data-dir", dir], environment: environment)
            let db = run([routewijzer, "report"] + v + ["--db"], environment: environment)
            #expect(files.status == 0 && db.status == 0, "\(v)")
            #expect(files.output.count > 100, "\(v)")
            #expect(files.output == db.output, "\(v): differ\n\(firstDifference(files.output, db.output))")
            guard html else { continue }
            let pageFiles = dir + "/files.html", pageDB = dir + "/db.html"
            #expect(run([routewijzer, "report", "--html", pageFiles] + v + ["--data-dir", dir], environment: environment).status == 0)
            #expect(run([routewijzer, "report", "--html", pageDB] + v + ["--db"], environment: environment).status == 0)
            let a = try Data(contentsOf: URL(fileURLWithPath: pageFiles)), b = try Data(contentsOf: URL(fileURLWithPath: pageDB))
            #expect(a.count > 1000 && a == b, "\(v): the HTML pages differ")
        }
    }

    func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let y = b.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (n, (p, q)) in zip(x, y).enumerated() where p != q { return "line \(n + 1):\n  files: \(p)\n  store: \(q)" }
        return "lengths \(x.count) and \(y.count) lines"
    }

    /// The bundled catalogue, with the question about a related bachelor asked only after five
    /// years of experience or more (and without its worked examples).
    func conditionOnANumber(_ path: String) throws {
        let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("routes.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: bundled)) as! [String: Any]
        var questions = json["questions"] as! [[String: Any]]
        let i = questions.firstIndex { $0["id"] as? String == "relatedBachelor" }!
        let before = questions[i]["showIf"]!
        questions[i]["showIf"] = ["all": [before, ["question": "experienceYears", "op": "gte", "value": 5]]]
        json["questions"] = questions
        json["examples"] = [Any]()   // the bundled examples were worked out under the old condition
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
    }
}

/// Sessions over a year and a bit (from 2026-01-01), at random times, with answers to the bundled
/// catalogue's questions in its order (an abandoned or timed-out one mostly stops partway, else at
/// the results), plus groups of
/// six completed sessions at the times where a Dutch week is easily got wrong, so that a session
/// counted in the wrong week moves a count that is shown.
func varietyRecords(count: Int = 700) -> [OutcomeRecord] {
    var g = SplitMix64(seed: 14)
    func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &g)] }
    let routeIDs = ["bachelor-deeltijd", "zij-instroom", "pdg", "kopopleiding", "instructeur", "hybride-docent", "gastdocent", "geen-route-meer"]
    let events: [String?] = [nil, nil, "Open dag ROC 2026-03-14", "open DAG Zwolle", "Techniekavond Café Eindhoven", "Informatieavond"]
    func answers(_ keep: Int) -> Answers {
        var a: Answers = [:]
        var n = 0
        func put(_ q: String, _ v: AnswerValue?) {
            guard let v, n < keep else { return }
            a[q] = v; n += 1
        }
        let education = pick(["none", "vmbo", "mbo-3", "mbo-4", "mbo-4", "hbo-bachelor", "hbo-master", "wo-master"])
        put("education", .option(education))
        if education != "none" { put("foreignQualification", .option(pick(["no", "no", "diploma", "teaching"]))) }
        if !["hbo-bachelor", "hbo-master", "wo-master"].contains(education) { put("hboAssessment", .boolean(Bool.random(using: &g))) }
        let sector = pick(["bouw", "elektro", "ict", "installatie", "non-technical"])
        put("sector", .option(sector))
        if sector != "non-technical", Int.random(in: 0..<5, using: &g) > 0 { put("experienceYears", .number(Int.random(in: 0...30, using: &g))) }
        let schoolType = pick(["vmbo", "mbo", "either", "mbo"])
        put("schoolType", .option(schoolType))
        let role = pick(["docent", "docent", "instructeur", "gastdocent", "unsure"])
        put("role", .option(role))
        if schoolType != "mbo", role != "gastdocent" {
            put("vmboProfiles", .options(Array(["bwi", "pie", "mvi", "mt"].shuffled(using: &g).prefix(Int.random(in: 0...2, using: &g)))))
        }
        if schoolType != "vmbo", role != "gastdocent", Bool.random(using: &g) {
            put("mboSubjects", .options(Array(["mbo-bouw", "mbo-ict", "mbo-elektrotechniek"].shuffled(using: &g).prefix(Int.random(in: 1...2, using: &g)))))
        }
        if ["hbo-bachelor", "hbo-master", "wo-master"].contains(education) { put("relatedBachelor", .option(pick(["yes", "no", "unsure"]))) }
        put("schoolJob", .option(pick(["yes", "talking", "no"])))
        if Int.random(in: 0..<6, using: &g) > 0 { put("hours", .option(pick(["fulltime-study", "parttime", "few-hours"]))) }
        put("province", .option(pick(["utrecht", "zuid-holland", "noord-holland", "gelderland", "noord-brabant", "limburg"])))
        if Bool.random(using: &g) { put("age", .option(pick(["20-29", "30-39", "40-49"]))) }
        return a
    }
    func routes() -> [RankedRoute] {
        var out = routeIDs.shuffled(using: &g).prefix(Int.random(in: 2...5, using: &g)).map {
            RankedRoute(id: $0, fit: pick([Fit.eligible, .near, .near, .notEligible]), score: Double(Int.random(in: 0...1000, using: &g)) / 10)
        }
        if Int.random(in: 0..<25, using: &g) == 0 { out.append(RankedRoute(id: out[0].id, fit: .near, score: 1)) }
        return out
    }
    func record(at start: Int64, outcome: SessionOutcome) -> OutcomeRecord {
        var idRNG = g
        let id = UUID(uuid: (UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), 1, 2, 3, 4, 0x40, 5,
                             0x80, UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG),
                             UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG),
                             UInt8.random(in: 0...255, using: &idRNG)))
        g = idRNG
        let done = outcome == .completed
        return OutcomeRecord(
            id: id, startedAt: UTCTime(seconds: start), endedAt: UTCTime(seconds: start + 600), channel: pick([Channel.kiosk, .ssh, .cli]),
            event: pick(events), catalogueVersion: "2026.11.1", catalogueSHA256: "ab", language: pick(["nl", "en"]),
            answers: answers(done || Int.random(in: 0..<3, using: &g) == 0 ? 99 : Int.random(in: 0...9, using: &g)), routes: done ? routes() : [], outcome: outcome,
            contactLeft: done ? pick([Bool?.some(true), false, nil, nil]) : nil)
    }
    let year: Int64 = 1_767_225_600   // 2026-01-01T00:00:00Z
    var out: [OutcomeRecord] = []
    for _ in 0..<count {
        out.append(record(at: year + Int64.random(in: 0..<(375 * 86_400), using: &g),
                          outcome: pick([.completed, .completed, .completed, .completed, .abandoned, .timedOut])))
    }
    let edges = [
        "2026-01-11T22:30:00Z",   // winter: Sunday 23:30 in the Netherlands, week 2
        "2026-01-11T23:00:00Z",   // winter: Monday 00:00, week 3
        "2026-03-29T00:30:00Z",   // Sunday 01:30, just before summer time starts (week 13)
        "2026-03-29T01:30:00Z",   // Sunday 03:30, just after
        "2026-03-29T21:59:59Z",   // summer: Sunday 23:59:59, week 13
        "2026-03-29T22:00:00Z",   // summer: Monday 00:00, week 14
        "2026-06-14T21:30:00Z",   // summer: Sunday 23:30, week 24
        "2026-06-14T22:30:00Z",   // summer: Monday 00:30, week 25 (the last hour of the server's bin)
        "2026-06-14T22:59:59Z",   // summer: Monday 00:59:59, week 25
        "2026-10-25T00:30:00Z",   // Sunday 02:30 summer time, before the clocks go back (week 43)
        "2026-10-25T01:30:00Z",   // Sunday 02:30 winter time, after
        "2026-10-25T22:30:00Z",   // winter: Sunday 23:30, week 43
        "2026-12-31T23:30:00Z",   // Friday 1 January 2027 00:30, week 53 of 2026
    ]
    for edge in edges {
        let t = UTCTime(iso8601: edge)!.seconds
        for k in 0..<6 { out.append(record(at: t + Int64(k), outcome: .completed)) }
    }
    return out
}

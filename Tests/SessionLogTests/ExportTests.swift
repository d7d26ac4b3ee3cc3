import Foundation
import Glibc
import Testing
import RouteCatalog
@testable import SessionLog

/// Parses a CSV file with Python's `csv` module; returns the rows.
func parseWithPythonCSV(_ path: String, delimiter: String) throws -> [[String]] {
    let python = try #require(which("python3"))
    let script = """
    import csv, json, sys
    with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
        print(json.dumps(list(csv.reader(f, delimiter=sys.argv[2]))))
    """
    let (status, out) = run(python, ["-c", script, path, delimiter])
    try #require(status == 0, "python: \(out)")
    return try JSONDecoder().decode([[String]].self, from: Data(out.utf8))
}

@Suite struct ExportTests {
    let tricky = "Avond; \"docent\"\nworden"

    func makeLog(_ dir: TempDir) throws -> [OutcomeRecord] {
        let records = [
            sampleRecord(start: 1_774_745_940, event: tricky,     // 2026-03-29 00:59 UTC
                         answers: ["education": .option("=cmd()"), "sector": .option("Zoë's café"), "experienceYears": .number(-3),
                                   "schoolType": .options(["mbo", "vo"]), "foreignDiploma": .boolean(true)]),
            sampleRecord(start: 1_774_746_000, event: "+31 6", answers: ["province": .option("@home"), "role": .option("-docent")],
                         outcome: .timedOut, routes: []),
            sampleRecord(start: 1_795_000_000, event: nil, routes: [RankedRoute(id: "pdg", fit: .near, score: 7.5)]),
        ]
        writeBytes(dir.file("sessions.jsonl"), try records.flatMap { try $0.jsonLine() })
        return records
    }

    func export(_ dir: TempDir, _ exporter: SessionExporter, to name: String = "out.csv") throws -> ReadSummary {
        let sink = try ByteSink(creating: dir.file(name))
        return try exporter.export(from: try SessionLogReader(inputs: [dir.file("sessions.jsonl")]), to: sink)
    }

    @Test func csvForDutchExcelReadsBackWithARealParser() throws {
        let dir = TempDir(); defer { dir.remove() }
        let records = try makeLog(dir)
        _ = try export(dir, SessionExporter(format: .csv, keepIDs: true))
        let bytes = readBytes(dir.file("out.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("session;started;ended;"))
        #expect(!text.contains("sep="))
        #expect(text.hasSuffix("\r\n"))

        let rows = try parseWithPythonCSV(dir.file("out.csv"), delimiter: ";")
        #expect(rows.count == 4)
        let header = rows[0]
        #expect(header == SessionExporter.fixedColumns + ["education", "experienceYears", "foreignDiploma", "province", "role", "schoolType", "sector"]
                + ["route1", "fit1", "score1", "route2", "fit2", "score2", "route3", "fit3", "score3"])
        #expect(rows.allSatisfy { $0.count == header.count })
        func cell(_ row: Int, _ column: String) -> String { rows[row][header.firstIndex(of: column)!] }

        #expect(cell(1, "session") == records[0].id.uuidString.lowercased())
        #expect(cell(1, "event") == tricky)                     // `;`, quotes and a newline: one field
        #expect(cell(1, "education") == "'=cmd()")              // arrives as text, not a formula
        #expect(cell(1, "sector") == "Zoë's café")               // accents survive
        #expect(cell(1, "experienceYears") == "-3")             // numbers are not guarded
        #expect(cell(1, "schoolType") == "mbo,vo")
        #expect(cell(1, "foreignDiploma") == "true")
        #expect(cell(1, "started") == "2026-03-29 01:59")
        #expect(cell(1, "ended") == "2026-03-29 03:09")         // summer time began in between
        #expect(cell(1, "score1") == "87,5")
        #expect(cell(1, "score2") == "61,3")
        #expect(cell(2, "event") == "'+31 6")
        #expect(cell(2, "province") == "'@home")
        #expect(cell(2, "role") == "'-docent")
        #expect(cell(2, "outcome") == "timedOut")
        #expect(cell(2, "route1") == "" && cell(2, "score1") == "")
        #expect(cell(3, "score1") == "7,5")
        #expect(cell(3, "event") == "")
    }

    @Test func commaVariantForTools() throws {
        let dir = TempDir(); defer { dir.remove() }
        _ = try makeLog(dir)
        _ = try export(dir, SessionExporter(format: .csv, csv: .tools))
        let bytes = readBytes(dir.file("out.csv"))
        #expect(bytes.first == UInt8(ascii: "s"))
        let rows = try parseWithPythonCSV(dir.file("out.csv"), delimiter: ",")
        let header = rows[0]
        #expect(rows[1][header.firstIndex(of: "score1")!] == "87.5")
        #expect(rows[1][header.firstIndex(of: "schoolType")!] == "mbo,vo")
        #expect(rows[1][header.firstIndex(of: "event")!] == tricky)
    }

    @Test func sessionIdsAreRekeyedPerExportUnlessKept() throws {
        let dir = TempDir(); defer { dir.remove() }
        let records = try makeLog(dir)
        _ = try export(dir, SessionExporter(format: .jsonl), to: "a.jsonl")
        _ = try export(dir, SessionExporter(format: .jsonl), to: "b.jsonl")
        _ = try export(dir, SessionExporter(format: .jsonl, keepIDs: true), to: "c.jsonl")
        let decoder = JSONDecoder()
        func ids(_ name: String) throws -> [UUID] {
            try completeLines(dir.file(name)).map { try decoder.decode(OutcomeRecord.self, from: Data($0.utf8)).id }
        }
        let original = Set(records.map(\.id))
        let a = try ids("a.jsonl"), b = try ids("b.jsonl")
        #expect(a.count == 3 && Set(a).isDisjoint(with: original) && Set(a).isDisjoint(with: b))
        #expect(try ids("c.jsonl") == records.map(\.id))
        // Everything but the id is unchanged.
        var first = try decoder.decode(OutcomeRecord.self, from: Data(completeLines(dir.file("a.jsonl"))[0].utf8))
        first.id = records[0].id
        #expect(first == records[0])
    }

    @Test func jsonExportIsAnArrayWithUTCTimes() throws {
        let dir = TempDir(); defer { dir.remove() }
        let records = try makeLog(dir)
        _ = try export(dir, SessionExporter(format: .json, keepIDs: true), to: "out.json")
        let data = Data(readBytes(dir.file("out.json")))
        #expect(try JSONDecoder().decode([OutcomeRecord].self, from: data) == records)
        #expect(String(decoding: data, as: UTF8.self).contains("\"startedAt\":\"2026-03-29T00:59:00Z\""))
    }

    @Test func exportAndReportFinishOnADamagedLogAndListTheDamage() throws {
        let dir = TempDir(); defer { dir.remove() }
        let good = (0..<6).map { _ in sampleRecord() }
        var bytes = try good[0].jsonLine() + Array("garbage\n".utf8) + good[1...].flatMap { try $0.jsonLine() }
        bytes += Array("{\"answers\":{\"x\"".utf8) + (try good[0].jsonLine())   // merged with a repeat
        writeBytes(dir.file("sessions.jsonl"), bytes)
        let summary = try export(dir, SessionExporter(format: .csv))
        #expect(summary.records == 6)
        #expect(summary.damaged.map(\.line) == [2, 8])
        #expect(try parseWithPythonCSV(dir.file("out.csv"), delimiter: ";").count == 7)

        var report = DemandReport()
        let s2 = try SessionLogReader(inputs: [dir.path]).read { report.add($0) }
        #expect(report.sessions == 6)
        #expect(s2.damaged.count == 2)
    }
}

@Suite struct ReportTests {
    func report(_ records: [OutcomeRecord]) -> DemandReport {
        var r = DemandReport()
        for rec in records { r.add(rec) }
        return r
    }

    @Test func smallCountsAreSuppressed() throws {
        var records = (0..<12).map { _ in sampleRecord() }
        records += (0..<3).map { _ in sampleRecord(answers: ["sector": .option("bouw"), "province": .option("zeeland"), "education": .option("mbo-4")], outcome: .abandoned) }
        let r = report(records)
        #expect(DemandReport.show(0) == "0" && DemandReport.show(3) == "<5" && DemandReport.show(5) == "5")
        #expect(r.completionRate == nil)                 // 3 not completed would be revealed
        let text = r.text()
        #expect(text.contains("Sessies: 15"))
        #expect(text.contains("bouw × zeeland"))
        #expect(text.range(of: #"bouw × zeeland\s+<5\s*\n"#, options: .regularExpression) != nil)
        #expect(!text.contains(" 3 "))
        // The table: a row per sector, a column per province, small counts hidden.
        let table = r.crossTable()
        #expect(table[0].hasSuffix("UT  ZE"), "\(table)")
        #expect(table.contains { $0.hasPrefix("werktuigbouw") && $0.hasSuffix("  12    ") }, "\(table)")
        #expect(table.contains { $0.hasPrefix("bouw") && $0.hasSuffix("      <5") }, "\(table)")
        let json = try r.json()
        #expect(json.contains("\"sessions\" : \"<5\""))
        #expect(json.contains("\"abandoned\" : \"<5\""))
        #expect(json.contains("\"completionRate\"") == false || json.contains("\"completionRate\" : null"))
    }

    @Test func countsRoutesOutcomesAndWeeksWithBars() throws {
        var records = (0..<10).map { _ in sampleRecord(start: 1_795_000_000) }           // 2026-11-18, W47
        records += (0..<5).map { _ in sampleRecord(start: 1_795_000_000 + 7 * 86_400, outcome: .timedOut) }
        let r = report(records)
        #expect(r.sessions == 15 && r.completed == 10)
        #expect(r.completionRate == 10.0 / 15.0)
        #expect(r.eligible["pdg"] == 15 && r.near["zij-instroom-mbo"] == 15)
        #expect(r.weeks == ["2026-W47": 10, "2026-W48": 5])
        #expect(r.education == ["hbo-bachelor": 15])
        #expect(r.sectorProvince[.init(sector: "werktuigbouw", province: "utrecht")] == 15)
        #expect(DemandReport.bar(10, maximum: 10, width: 4) == "████")
        #expect(DemandReport.bar(5, maximum: 10, width: 4) == "██")
        #expect(DemandReport.bar(7, maximum: 10, width: 4) == "██▊")
        #expect(DemandReport.bar(3, maximum: 10, width: 4) == "")
        let text = r.text()
        #expect(text.contains("2026-W47") && text.contains("█"))
        #expect(text.contains("66,7 %"))
        let sink = TempDir(); defer { sink.remove() }
        let s = try ByteSink(creating: sink.file("r.csv"))
        try r.csv(into: s, format: .excel)
        let rows = try parseWithPythonCSV(sink.file("r.csv"), delimiter: ";")
        #expect(rows.contains(["week", "2026-W48", "", "5"]))
        #expect(rows.contains(["completionRate", "", "", "66,7"]))
    }

    /// The text report speaks the catalogue's language: route names and option labels, not ids;
    /// an id the catalogue does not know stays visible as it is; every line fits 80 columns.
    @Test func textReportUsesTheCatalogueNames() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loaded = try CatalogueLoader.load(path: root.appendingPathComponent("routes.json").path)
        var records = (0..<10).map { _ in sampleRecord() }
        records += (0..<6).map { _ in sampleRecord(answers: ["sector": .option("mobiliteit"), "province": .option("noord-brabant"), "education": .option("mbo-4")]) }
        records += (0..<5).map { _ in sampleRecord(answers: ["sector": .option("ruimtevaart"), "province": .option("utrecht"), "education": .option("wo-master")]) }
        var r = report(records)
        let plain = r.text()
        #expect(plain.contains("werktuigbouw × utrecht"))
        r.names = DemandReport.Names(catalogue: loaded.catalogue)
        let text = r.text()
        #expect(text.contains("Werktuigbouw × Utrecht"))
        #expect(text.contains("Mobiliteit en motorvoertuigen × Noord-Brabant"))
        #expect(text.contains("ruimtevaart × Utrecht"), "an unknown id is shown as it is")
        #expect(text.contains("Pedagogisch didactisch getuigschrift"))
        #expect(text.contains("Hbo-bachelor"))
        #expect(!text.contains("hbo-bachelor"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(text)")
        // Machine formats keep the ids.
        #expect(try r.json().contains("\"sector\" : \"mobiliteit\""))
    }
}

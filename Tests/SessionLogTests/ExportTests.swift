import Foundation
import Glibc
import Testing
import TestSupport
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
    }
}

/// CSV in the coordinator's words: Dutch heads and the catalogue's labels, numbers as numbers.
@Suite struct ExportWordsTests {
    static let catalogue: Catalogue = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try! CatalogueLoader.load(path: root.appendingPathComponent("routes.json").path).catalogue
    }()

    func exportRows(_ records: [OutcomeRecord], _ vocabulary: Vocabulary?, delimiter: String = ";") throws -> [[String]] {
        let dir = TempDir(); defer { dir.remove() }
        writeBytes(dir.file("sessions.jsonl"), try records.flatMap { try $0.jsonLine() })
        let format = delimiter == ";" ? CSVFormat.excel : CSVFormat.tools
        _ = try SessionExporter(format: .csv, csv: format, vocabulary: vocabulary)
            .export(from: try SessionLogReader(inputs: [dir.path]), to: try ByteSink(creating: dir.file("out.csv")))
        return try parseWithPythonCSV(dir.file("out.csv"), delimiter: delimiter)
    }

    let records = [
        sampleRecord(answers: ["education": .option("mbo-4"), "province": .option("noord-holland"), "foreignQualification": .option("diploma"),
                               "experienceYears": .number(12), "vmboProfiles": .options(["bwi", "pie"]), "sector": .option("ruimtevaart"),
                               "hboAssessment": .boolean(true)],
                     routes: [RankedRoute(id: "bachelor-deeltijd", fit: .eligible, score: 87.5), RankedRoute(id: "pdg", fit: .near, score: 40),
                              RankedRoute(id: "oude-route", fit: .notEligible, score: 0)]),
        sampleRecord(answers: ["education": .option("hbo-bachelor")], outcome: .timedOut, routes: []),
    ]

    @Test func dutchHeadsAndLabelsFromTheCatalogue() throws {
        var contact = records[0]
        contact.contactLeft = true
        let rows = try exportRows([contact, records[1]], Vocabulary(catalogue: Self.catalogue))
        let header = rows[0]
        func cell(_ row: Int, _ column: String) throws -> String {
            rows[row][try #require(header.firstIndex(of: column), "no column \(column) in \(header)")]
        }
        #expect(Array(header.prefix(10)) == ["Sessie", "Begonnen", "Geëindigd", "Kanaal", "Evenement", "Taal", "Catalogusversie",
                                             "Catalogus SHA-256", "Afloop", "Contact gevraagd"])
        // Answer columns in questionnaire order, by their short head.
        #expect(Array(header[10..<17]) == ["Opleiding", "Buitenlandse kwalificatie", "Test hbo-niveau", "Sector", "Jaren werkervaring",
                                            "Vmbo-profiel", "Provincie"])
        #expect(try cell(1, "Opleiding") == "Mbo niveau 4")
        #expect(try cell(1, "Provincie") == "Noord-Holland")
        #expect(try cell(1, "Buitenlandse kwalificatie") == "Ja, in het buitenland")
        #expect(try cell(1, "Test hbo-niveau") == "Ja")
        #expect(try cell(1, "Sector") == "ruimtevaart", "an id the catalogue does not know stays as it is")
        #expect(try cell(1, "Vmbo-profiel") == "Bouwen, wonen en interieur (BWI) | Produceren, installeren en energie (PIE)")
        #expect(try cell(1, "Route 1") == "Lerarenopleiding Technisch Beroepsonderwijs (deeltijd)")
        #expect(try cell(1, "Past 1") == "Past")
        #expect(try cell(1, "Past 2") == "Bijna")
        #expect(try cell(1, "Route 3") == "oude-route")
        #expect(try cell(1, "Past 3") == "Past niet")
        #expect(try cell(1, "Afloop") == "Afgerond")
        #expect(try cell(1, "Kanaal") == "Kiosk")
        #expect(try cell(1, "Taal") == "Nederlands")
        #expect(try cell(1, "Contact gevraagd") == "Ja")
        #expect(try cell(2, "Contact gevraagd") == "Nee")
        #expect(try cell(2, "Afloop") == "Verlopen (time-out)")
        #expect(try cell(2, "Opleiding") == "Hbo-bachelor")
        // Numbers stay numbers: no quotes, no guard, decimal comma.
        #expect(Int(try cell(1, "Jaren werkervaring")) == 12)
        #expect(try cell(1, "Score 1") == "87,5")
        #expect(try cell(1, "Score 2") == "40")
        #expect(try cell(2, "Jaren werkervaring") == "")
    }

    @Test func englishWithLangEnAndIdsWhenAsked() throws {
        let en = try exportRows(records, Vocabulary(catalogue: Self.catalogue, language: .en), delimiter: ",")
        let h = en[0]
        #expect(h.contains("Education") && h.contains("Province") && h.contains("Fit 1"))
        #expect(en[1][h.firstIndex(of: "Province")!] == "North Holland")
        #expect(en[1][h.firstIndex(of: "Fit 1")!] == "Fits")
        #expect(en[1][h.firstIndex(of: "Score 1")!] == "87.5")
        #expect(en[1][h.firstIndex(of: "Education")!] == Self.catalogue.questions.first { $0.id == "education" }!.option("mbo-4")!.label.en)
        let ids = try exportRows(records, nil)
        #expect(ids[0].contains("education") && ids[0].contains("fit1"))
        #expect(ids[1][ids[0].firstIndex(of: "education")!] == "mbo-4")
        #expect(ids[1][ids[0].firstIndex(of: "fit1")!] == "eligible")
        #expect(ids[1][ids[0].firstIndex(of: "vmboProfiles")!] == "bwi,pie")
    }
}

import Foundation
import Glibc
import Testing
import TestSupport
import RouteCatalog
@testable import SessionLog

@Suite struct ContactsTests {
    func contact(_ session: UUID = UUID(), name: String = "Zoë Verhoeven", email: String = "zoe@example.nl",
                 age: Int = 34, consent: Bool = true, at: UTCTime = .now(), days: Int = 365) -> ContactRecord {
        ContactRecord(sessionID: session, name: name, email: email, purpose: "Een adviseur neemt contact op over zij-instroom",
                      consentTextVersion: "contact-2026-1", consentGiven: consent, age: age, consentedAt: at, retentionDays: days)
    }

    @Test func validation() throws {
        #expect(ContactRules.nameProblem("Zoë Verhoeven") == nil)
        #expect(ContactRules.nameProblem("Anne-Marieke van 't Hoff") == nil)
        #expect(ContactRules.nameProblem("Ïsa Çelik") == nil)
        #expect(ContactRules.nameProblem("  ") == .missing)
        #expect(ContactRules.nameProblem("=HYPERLINK(1)") == .characters)
        #expect(ContactRules.nameProblem("Bob\nSmith") == .characters)
        #expect(ContactRules.nameProblem(String(repeating: "a", count: 101)) == .tooLong(max: 100))
        #expect(ContactRules.isValidEmail("zoe.verhoeven@hogeschool-utrecht.nl"))
        #expect(!ContactRules.isValidEmail("zoe@localhost"))
        #expect(!ContactRules.isValidEmail("zoe verhoeven@example.nl"))
        #expect(!ContactRules.isValidEmail("@example.nl"))
        #expect(!ContactRules.isValidEmail("zoe@@example.nl"))

        let dir = TempDir(); defer { dir.remove() }
        let store = ContactStore(directory: DataDirectory(path: dir.path))
        func kind(_ c: ContactRecord) -> SessionLogError.Kind? {
            do { try store.save(c); return nil } catch { return error.kind }
        }
        #expect(kind(contact(consent: false)) == .consentMissing)
        #expect(kind(contact(age: 15)) == .tooYoung)
        #expect(kind(contact(name: "")) == .invalidContact)
        #expect(kind(contact(email: "nope")) == .invalidContact)
        #expect(access(dir.file("contacts.jsonl"), F_OK) != 0)     // nothing stored
        #expect(kind(contact()) == nil)
    }

    @Test func storedSeparatelyWith0600AndNeverInTheSessionLog() throws {
        let dir = TempDir(); defer { dir.remove() }
        let old = umask(0o022); defer { umask(old) }
        let directory = DataDirectory(path: dir.path)
        let record = sampleRecord()
        try AppendOnlyLog(directory: directory).append(record)
        let c = contact(record.id, age: 16)
        try ContactStore(directory: directory).save(c)
        #expect(fileMode(dir.file("contacts.jsonl")) == 0o600)
        let line = completeLines(dir.file("contacts.jsonl"))[0]
        #expect(line.contains("\"session\":\"\(record.id.uuidString)\""))
        #expect(line.contains("\"consentTextVersion\":\"contact-2026-1\""))
        #expect(line.contains("\"retainUntil\""))
        #expect(!line.contains("\"age\""))
        let log = String(decoding: readBytes(dir.file("sessions.jsonl")), as: UTF8.self)
        #expect(!log.contains("Zoë") && !log.contains("example.nl"))
        // A default export of the data directory holds no contact details.
        let sink = try ByteSink(creating: dir.file("export.csv"))
        try SessionExporter(format: .csv).export(from: try SessionLogReader(inputs: [dir.path]), to: sink)
        let csv = String(decoding: readBytes(dir.file("export.csv")), as: UTF8.self)
        #expect(!csv.contains("Zoë") && !csv.contains("example.nl"))
        var read: [ContactRecord] = []
        try ContactStore(directory: directory).forEach { read.append($0) }
        #expect(read.count == 1 && read[0].name == "Zoë Verhoeven" && read[0].sessionID == record.id)
    }

    @Test func forgetErasesOutcomeContactAndQuarantinedBytes() throws {
        let dir = TempDir(); defer { dir.remove() }
        let directory = DataDirectory(path: dir.path)
        let log = AppendOnlyLog(directory: directory)
        let gone = sampleRecord(), stays = sampleRecord()
        try log.append(gone)
        appendBytes(dir.file("sessions.jsonl"), Array(try gone.jsonLine().dropLast(30)))   // torn copy mentioning it
        try log.append(stays)
        try ContactStore(directory: directory).save(contact(gone.id))
        try ContactStore(directory: directory).save(contact(stays.id, name: "Bram de Vries", email: "bram@example.nl"))
        let s = try LogMaintenance(directory: directory).forget(sessionID: gone.id)
        #expect(s.sessions.dropped == 1 && s.sessions.kept == 1)
        #expect(s.contacts.dropped == 1 && s.contacts.kept == 1)
        #expect(s.quarantine.dropped == 1)
        let all = [DataDirectory.sessionsFile, DataDirectory.contactsFile, "sessions.quarantine"].map {
            String(decoding: readBytes(dir.file($0)), as: UTF8.self)
        }.joined()
        #expect(!all.contains(gone.id.uuidString) && !all.contains("Zoë"))
        #expect(all.contains(stays.id.uuidString) && all.contains("Bram"))
        #expect(fileMode(dir.file("sessions.jsonl")) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func purgeDropsOldSessionsAndExpiredContacts() throws {
        let dir = TempDir(); defer { dir.remove() }
        let directory = DataDirectory(path: dir.path)
        let now = UTCTime.now()
        let old = sampleRecord(start: now.adding(days: -400).seconds), recent = sampleRecord(start: now.adding(days: -10).seconds)
        let log = AppendOnlyLog(directory: directory)
        try log.append(old)
        try log.append(recent)
        appendBytes(dir.file("sessions.jsonl"), Array("damaged line\n".utf8))
        try ContactStore(directory: directory).save(contact(old.id, at: now.adding(days: -400), days: 365))
        try ContactStore(directory: directory).save(contact(recent.id, at: now.adding(days: -10), days: 365))
        let s = try LogMaintenance(directory: directory).purge(olderThanDays: 365, now: now)
        #expect(s.sessions == .init(kept: 1, dropped: 1, quarantined: 1))
        #expect(s.contacts.dropped == 1 && s.contacts.kept == 1)
        #expect(try readAll([dir.path]).records == [recent])
        #expect(completeLines(dir.file("sessions.quarantine")) == ["damaged line"])
    }

    @Test func contactsExportIsAudited() throws {
        let dir = TempDir(); defer { dir.remove() }
        let store = ContactStore(directory: DataDirectory(path: dir.path))
        try store.recordExport(count: 3, format: "csv", at: UTCTime(iso8601: "2026-11-30T10:00:00Z")!)
        #expect(completeLines(dir.file("contacts-audit.jsonl")) == [#"{"count":3,"exportedAt":"2026-11-30T10:00:00Z","format":"csv"}"#])
    }
}

/// An advisor calling back sees what the visitor agreed to share: language, province, best routes
/// and their fit, date and event; and only that, by the consent text they agreed to.
@Suite struct ContactExportTests {
    static let catalogue: Catalogue = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try! CatalogueLoader.load(path: root.appendingPathComponent("routes.json").path).catalogue
    }()

    @Test func contactsCarryTheirSessionsContextInTheCoordinatorsWords() throws {
        let dir = TempDir(); defer { dir.remove() }
        let directory = DataDirectory(path: dir.path)
        let now = UTCTime.now()
        var visitor = sampleRecord(start: now.seconds - 3600, event: "Open dag Zwolle",
                                   answers: ["province": .option("overijssel"), "education": .option("mbo-4")],
                                   routes: [RankedRoute(id: "instructeur", fit: .eligible, score: 90), RankedRoute(id: "pdg", fit: .notEligible, score: 10),
                                            RankedRoute(id: "hybride-docent", fit: .near, score: 70)])
        visitor.language = "en"
        visitor.contactLeft = true
        let older = sampleRecord(start: now.seconds - 7200, answers: ["province": .option("zeeland")],
                                 routes: [RankedRoute(id: "gastdocent", fit: .eligible, score: 50)])
        try AppendOnlyLog(directory: directory).append(visitor)
        try AppendOnlyLog(directory: directory).append(older)
        let store = ContactStore(directory: directory)
        func contact(_ id: UUID, _ version: String, _ name: String) -> ContactRecord {
            ContactRecord(sessionID: id, name: name, email: "a@example.nl", purpose: "Contact over de routes", consentTextVersion: version,
                          consentGiven: true, age: 30, consentedAt: now.adding(seconds: -3000))
        }
        try store.save(contact(visitor.id, "2026-12-1", "Zoë Verhoeven"))
        try store.save(contact(older.id, "2026-11-1", "Bram de Vries"))
        try store.save(contact(UUID(), "2026-12-1", "Sanne Bakker"))   // its session was erased

        let sink = try ByteSink(creating: dir.file("export.csv"))
        let result = try ContactExport(format: .csv, vocabulary: Vocabulary(catalogue: Self.catalogue))
            .export(store: store, sessions: SessionLogReader(files: [directory.sessionsPath]), to: sink, now: now)
        #expect(result.count == 3)
        let rows = try parseWithPythonCSV(dir.file("export.csv"), delimiter: ";")
        let h = rows[0]
        func cell(_ name: String, _ column: String) -> String {
            let row = rows.first { $0[h.firstIndex(of: "Naam")!] == name }!
            return row[h.firstIndex(of: column)!]
        }
        #expect(Array(h.prefix(9)) == ["Sessie", "Naam", "E-mail", "Taal", "Provincie", "Route 1", "Past 1", "Route 2", "Past 2"])
        #expect(cell("Zoë Verhoeven", "Taal") == "Engels")
        #expect(cell("Zoë Verhoeven", "Provincie") == "Overijssel")
        #expect(cell("Zoë Verhoeven", "Route 1") == "Instructeur")
        #expect(cell("Zoë Verhoeven", "Past 1") == "Past")
        #expect(cell("Zoë Verhoeven", "Route 2").hasPrefix("Hybride docent"), "a route that does not fit is left out")
        #expect(cell("Zoë Verhoeven", "Past 2") == "Bijna")
        #expect(cell("Zoë Verhoeven", "Evenement") == "Open dag Zwolle")
        #expect(cell("Zoë Verhoeven", "Sessie op") == AmsterdamTime.format(visitor.startedAt))
        #expect(cell("Zoë Verhoeven", "Sessie") == visitor.id.uuidString.lowercased())
        // The older consent text promised contact about the routes only.
        #expect(cell("Bram de Vries", "Route 1") == "Gastdocent")
        #expect(cell("Bram de Vries", "Provincie") == "" && cell("Bram de Vries", "Taal") == "" && cell("Bram de Vries", "Evenement") == "")
        #expect(cell("Sanne Bakker", "Route 1") == "" && cell("Sanne Bakker", "E-mail") == "a@example.nl")

        let jsonl = try ByteSink(creating: dir.file("export.jsonl"))
        _ = try ContactExport(format: .jsonl, vocabulary: nil)
            .export(store: store, sessions: SessionLogReader(files: [directory.sessionsPath]), to: jsonl, now: now)
        let lines = completeLines(dir.file("export.jsonl"))
        let first = try #require(lines.first { $0.contains("Verhoeven") }, "\(lines)")
        #expect(first.contains("\"province\":\"overijssel\"") && first.contains("\"language\":\"en\""))
        #expect(first.contains("\"routes\":[{\"fit\":\"eligible\",\"id\":\"instructeur\"},{\"fit\":\"near\",\"id\":\"hybride-docent\"}]"))
    }
}

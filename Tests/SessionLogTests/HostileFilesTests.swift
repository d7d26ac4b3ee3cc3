import Foundation
import Glibc
import Testing
import RouteCatalog
import TestSupport
import SystemIO
@testable import SessionLog

func contactRecord(_ session: UUID = UUID(), name: String = "Zoë Verhoeven", email: String = "zoe@example.nl",
                   at: UTCTime = .now()) -> ContactRecord {
    ContactRecord(sessionID: session, name: name, email: email, purpose: "Een adviseur neemt contact op",
                  consentTextVersion: "contact-2026-1", consentGiven: true, age: 34, consentedAt: at)
}

/// Export files: written beside the path and renamed over it, never in place.
@Suite struct ExportFileTests {
    @Test func anExistingExportIsReplacedWholeWithMode0600() throws {
        let dir = TempDir(); defer { dir.remove() }
        let path = dir.file("export.csv")
        writeBytes(path, Array("old export\n".utf8))
        chmod(path, 0o644)
        let sink = try ByteSink(creating: path)
        sink.write("new export\n")
        #expect(readBytes(path) == Array("old export\n".utf8), "nothing changes at the path before finish")
        try sink.finish()
        #expect(readBytes(path) == Array("new export\n".utf8))
        #expect(fileMode(path) == 0o600, "the old file's 0644 is not kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["export.csv"])
    }

    /// On a full disk the old export stays as it was, no temporary file is left, and the error
    /// says so in a coordinator's words.
    @Test func aFullDiskLeavesTheOldExportIntact() throws {
        let dir = TempDir(); defer { dir.remove() }
        let path = dir.file("export.csv")
        writeBytes(path, Array("old export\n".utf8))
        let fs = FaultyFileSystem()
        fs.failAfterBytes = 10
        do {
            let sink = try ByteSink(creating: path, fs: fs)
            sink.write(String(repeating: "x", count: 1 << 19))
            try sink.finish()
            Issue.record("a full disk went unnoticed")
        } catch {
            #expect(error.kind == .diskFull)
            #expect(!error.coordinatorDescription.contains("answers") && !error.coordinatorDescription.contains("antwoorden"))
            #expect(error.coordinatorDescription.hasPrefix("\(path): de schijf is vol / \(path): the disk is full"))
        }
        #expect(readBytes(path) == Array("old export\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["export.csv"])
    }

    @Test func aSymbolicLinkAtThePathIsRefusedAndItsTargetUntouched() throws {
        let dir = TempDir(); defer { dir.remove() }
        let target = dir.file("precious.txt")
        writeBytes(target, Array("keep me\n".utf8))
        #expect(symlink(target, dir.file("export.csv")) == 0)
        #expect(throws: SessionLogError(.symlinkRefused, path: dir.file("export.csv"))) { try ByteSink(creating: dir.file("export.csv")) }
        // Also when the link appears while the export is being written.
        let sink = try ByteSink(creating: dir.file("late.csv"))
        sink.write("data")
        #expect(symlink(target, dir.file("late.csv")) == 0)
        #expect(throws: SessionLogError(.symlinkRefused, path: dir.file("late.csv"))) { try sink.finish() }
        #expect(readBytes(target) == Array("keep me\n".utf8))
        #expect(throws: SessionLogError(.notARegularFile, path: "/dev/null")) { try ByteSink(creating: "/dev/null") }
    }
}

/// Files and folders others could have planted or could change are refused, with what to do.
@Suite struct FileTrustTests {
    @Test func aFileWritableByEveryoneIsNotAppendedTo() throws {
        let dir = TempDir(); defer { dir.remove() }
        let contacts = dir.file("contacts.jsonl")
        writeBytes(contacts, [])
        chmod(contacts, 0o666)
        do {
            try ContactStore(directory: DataDirectory(path: dir.path)).save(contactRecord())
            Issue.record("appended to a file everyone can write")
        } catch {
            #expect(error.kind == .unsafePermissions)
            #expect(error.description.contains("chmod o-w \(contacts)"), "\(error)")
        }
        #expect(readBytes(contacts).isEmpty)
    }

    @Test func aFolderWritableByEveryoneIsRefused() throws {
        let dir = TempDir(); defer { dir.remove() }
        chmod(dir.path, 0o777)
        #expect(throws: SessionLogError.self) { try AppendOnlyLog(directory: DataDirectory(path: dir.path)).append(sampleRecord()) }
        #expect(throws: SessionLogError.self) { try DataDirectory(path: dir.path).create() }
        chmod(dir.path, 0o1777)   // sticky like /tmp: still writable by everyone
        #expect(throws: SessionLogError.self) { try DataDirectory(path: dir.path).create() }
        #expect(access(dir.file("sessions.jsonl"), F_OK) != 0)
    }

    /// Only root can give a file to another user; the rule holds for root too.
    @Test(.enabled(if: geteuid() == 0, "needs root to chown"))
    func aFileOfAnotherUserIsRefusedUnlessTheFolderIsGroupShared() throws {
        let dir = TempDir(); defer { dir.remove() }
        let log = dir.file("sessions.jsonl")
        writeBytes(log, [])
        chmod(log, 0o600)
        #expect(chown(log, 54321, 54321) == 0)
        #expect(throws: SessionLogError.self) { try AppendOnlyLog(directory: DataDirectory(path: dir.path)).append(sampleRecord()) }
        // In a group-shared folder (setgid) a member's file of the folder's group is normal.
        #expect(chown(dir.path, 0, 54321) == 0)
        #expect(chmod(dir.path, 0o2770) == 0)
        #expect(chmod(log, 0o660) == 0)
        try AppendOnlyLog(directory: DataDirectory(path: dir.path)).append(sampleRecord())
        #expect(completeLines(log).count == 1)
    }

    @Test func aLinkedSessionLogInAFolderIsAnErrorNotSkipped() throws {
        let dir = TempDir(); defer { dir.remove() }
        let real = TempDir(); defer { real.remove() }
        try AppendOnlyLog(directory: DataDirectory(path: real.path)).append(sampleRecord())
        #expect(symlink(real.file("sessions.jsonl"), dir.file("sessions.jsonl")) == 0)
        #expect(throws: SessionLogError(.symlinkRefused, path: dir.file("sessions.jsonl"))) { try SessionLogReader(inputs: [dir.path]) }
        // Named on its own, the file it points to is read.
        #expect(try readAll([dir.file("sessions.jsonl")]).records.count == 1)
    }
}

@Suite struct RetentionAndErasureTests {
    /// A line `export` reports as damaged (here: it has an end time but no outcome) is moved to
    /// quarantine by `purge`, not kept as a record that never expires.
    @Test func purgeMovesAsideWhatTheReadersCallDamaged() throws {
        let dir = TempDir(); defer { dir.remove() }
        let directory = DataDirectory(path: dir.path)
        let record = sampleRecord(start: UTCTime.now().adding(days: -10).seconds)
        try AppendOnlyLog(directory: directory).append(record)
        var broken = String(decoding: try record.jsonLine().dropLast(), as: UTF8.self)
        broken = broken.replacingOccurrences(of: "\"outcome\":\"completed\",", with: "")
        appendBytes(dir.file("sessions.jsonl"), Array((broken + "\n\n").utf8))
        #expect(try readAll([dir.path]).summary.damaged.count == 2)
        let s = try LogMaintenance(directory: directory).purge(olderThanDays: 365)
        #expect(s.sessions == .init(kept: 1, dropped: 0, quarantined: 2))
        #expect(try readAll([dir.path]).summary.damaged.isEmpty)
        #expect(completeLines(dir.file("sessions.quarantine")) == [broken])
    }

    /// A torn contact line keeps the name and e-mail but not the session id (it is written
    /// last). `forget` erases it through the contact's address; one it cannot tie to anyone it
    /// reports; temporary files of an interrupted rewrite are removed.
    @Test func forgetReachesTornContactsAndTemporaryFiles() throws {
        let dir = TempDir(); defer { dir.remove() }
        let directory = DataDirectory(path: dir.path)
        let session = sampleRecord()
        try AppendOnlyLog(directory: directory).append(session)
        let zoe = contactRecord(session.id)
        try ContactStore(directory: directory).save(zoe)
        let torn = Array(try zoe.jsonLine().prefix(170))            // name and e-mail, no session
        let stranger = Array(try contactRecord(name: "Piet Jansen", email: "piet@example.nl").jsonLine().prefix(170))
        #expect(!String(decoding: torn, as: UTF8.self).contains(session.id.uuidString))
        appendBytes(dir.file("contacts.quarantine"), torn + [0x0A] + stranger + [0x0A])
        writeBytes(dir.file(".contacts.jsonl.tmp-4242"), try zoe.jsonLine())    // a crashed rewrite's copy
        writeBytes(dir.file(".sessions.jsonl.tmp-4243"), try session.jsonLine())

        let s = try LogMaintenance(directory: directory).forget(sessionID: session.id)
        #expect(s.sessions.dropped == 1 && s.contacts.dropped == 1 && s.quarantine.dropped == 1)
        #expect(s.temporaryFilesRemoved == [dir.file(".contacts.jsonl.tmp-4242"), dir.file(".sessions.jsonl.tmp-4243")])
        #expect(s.unattributed.map(\.line) == [1])
        let everything = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .map { String(decoding: readBytes(dir.file($0)), as: UTF8.self) }.joined()
        #expect(!everything.contains("zoe@example.nl") && !everything.contains("Zoë"))
        #expect(everything.contains("piet@example.nl"), "what cannot be tied to the session is reported, not erased")

        // Asked by e-mail address, the stranger's torn line goes too.
        let byEmail = try LogMaintenance(directory: directory).forget(sessionIDs: [], emails: ["PIET@example.nl"])
        #expect(byEmail.quarantine.dropped == 1 && byEmail.unattributed.isEmpty)
    }
}

@Suite struct ContactAuditTests {
    /// The audit line is written before any contact: when it cannot be written, no name leaves.
    @Test func noContactLeavesWithoutItsAuditLine() throws {
        let dir = TempDir(); defer { dir.remove() }
        let store = ContactStore(directory: DataDirectory(path: dir.path))
        try store.save(contactRecord())
        #expect(mkdir(dir.file("contacts-audit.jsonl"), 0o700) == 0)   // the audit cannot be appended
        let out = dir.file("out.csv")
        let sink = try ByteSink(creating: out)
        #expect(throws: SessionLogError.self) { try ContactExport(format: .csv, vocabulary: nil).export(store: store, sessions: nil, to: sink) }
        #expect(sink.buffer.isEmpty)
        #expect(access(out, F_OK) != 0)
        rmdir(dir.file("contacts-audit.jsonl"))

        let sink2 = try ByteSink(creating: out)
        let (count, damaged) = try ContactExport(format: .jsonl, vocabulary: nil).export(store: store, sessions: nil, to: sink2)
        #expect(count == 1 && damaged.isEmpty)
        #expect(completeLines(dir.file("contacts-audit.jsonl")).count == 1)
        #expect(String(decoding: readBytes(out), as: UTF8.self).contains("zoe@example.nl"))
    }

    @Test func eMailAddressesWithInvisibleOrControlCharactersAreRefused() {
        for hostile in ["zoe\u{202E}ln.elpmaxe@evil.com", "zoe\u{9B}@example.nl", "zoe@exa\u{200B}mple.nl", "zoe@example.nl\u{1B}[2J", "zoe@exam\u{2066}ple.nl"] {
            #expect(!ContactRules.isValidEmail(hostile), "\(hostile.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(ContactRules.isValidEmail("zoë@bücher.example"))
    }
}

@Suite struct StoredAnswersTests {
    @Test func theAgeIsStoredAsATenYearBand() {
        #expect([15, 16, 19, 20, 21, 29, 30, 45, 59, 60, 99].map(OutcomeRecord.ageBand)
                == ["<16", "16-19", "16-19", "20-29", "20-29", "20-29", "30-39", "40-49", "50-59", "60+", "60+"])
        let stored = OutcomeRecord.stored(["leeftijd": .number(45), "education": .option("mbo-4")], ageQuestion: "leeftijd")
        #expect(stored == ["leeftijd": .option("40-49"), "education": .option("mbo-4")])
        #expect(OutcomeRecord.stored(["education": .option("mbo-4")], ageQuestion: "leeftijd") == ["education": .option("mbo-4")])
        #expect(OutcomeRecord.stored(["age": .number(45)], ageQuestion: nil) == ["age": .number(45)])
    }
}

import Foundation
import Glibc
import Testing
import TestSupport
@testable import SessionLog

/// The coordinator commands of the real `routewijzer` binary (built next to the tests).
@Suite struct CommandTests {
    let binary = productsDirectory + "/routewijzer"

    @Test func exportAndReportOnADamagedLogFinishAndListTheDamage() throws {
        try #require(access(binary, X_OK) == 0, "routewijzer not built next to the tests: \(binary)")
        let dir = TempDir(); defer { dir.remove() }
        let records = (0..<7).map { _ in sampleRecord() }
        var bytes = try records[0...2].flatMap { try $0.jsonLine() }
        let damagedOffset = bytes.count
        bytes += Array("{\"answers\":{\"educ".utf8) + (try records[3].jsonLine())   // a torn line swallowed a record
        bytes += try records[4...].flatMap { try $0.jsonLine() }
        writeBytes(dir.file("sessions.jsonl"), bytes)

        let (status, out) = run(binary, ["export", "--data-dir", dir.path, "--format", "csv", "-o", dir.file("out.csv")])
        #expect(status == 0)
        #expect(out.contains("\(dir.file("sessions.jsonl")):4 (byte \(damagedOffset))"), "stderr: \(out)")
        #expect(try parseWithPythonCSV(dir.file("out.csv"), delimiter: ";").count == 1 + 6)
        #expect(fileMode(dir.file("out.csv")) == 0o600)

        let (rstatus, rout) = run(binary, ["report", dir.path])
        #expect(rstatus == 0)
        #expect(rout.range(of: #"Begonnen\s+6\s"#, options: .regularExpression) != nil, "\(rout)")
        #expect(rout.contains(":4 (byte \(damagedOffset))"))
        #expect(rout.contains("█"))
    }

    /// A coordinator in the folder of their choice writes `-o export.csv` or `--html report.html`:
    /// a bare file name (no "/") is a file in the current folder, replaced whole like any other.
    @Test func outputFilesMayBeBareNamesInTheCurrentFolder() throws {
        try #require(access(binary, X_OK) == 0)
        let dir = TempDir(); defer { dir.remove() }
        writeBytes(dir.file("sessions.jsonl"), try (0..<3).flatMap { _ in try sampleRecord().jsonLine() })
        for (command, file) in [("export --format csv -o", "export.csv"), ("report --html", "report.html"), ("export --format csv -o", "export.csv")] {
            let (status, out) = run("/bin/sh", ["-c", "cd '\(dir.path)' && exec '\(binary)' \(command) \(file) sessions.jsonl 2>&1"])
            #expect(status == 0, "\(command) \(file): \(out)")
            #expect(fileMode(dir.file(file)) == 0o600)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "temporary files left: \(left)")
    }

    @Test func forgetAndPurgeFromTheCommandLine() throws {
        try #require(access(binary, X_OK) == 0)
        let dir = TempDir(); defer { dir.remove() }
        let a = sampleRecord(start: UTCTime.now().seconds - 100), b = sampleRecord(start: UTCTime.now().seconds - 100), old = sampleRecord(start: 1_600_000_000)
        let log = AppendOnlyLog(directory: DataDirectory(path: dir.path))
        for r in [a, b, old] { try log.append(r) }
        #expect(run(binary, ["forget", "--data-dir", dir.path, a.id.uuidString.lowercased()]).0 == 0)
        #expect(run(binary, ["purge", "--data-dir", dir.path, "--older-than", "30"]).0 == 0)
        #expect(try readAll([dir.path]).records == [b])
        let (status, out) = run(binary, ["export", "--data-dir", dir.path + "/missing"])
        #expect(status == 1)
        #expect(out.contains("bestaat niet"))
    }

    @Test func forgetTakesTheShortSessionCodeAVisitorWasShown() throws {
        try #require(access(binary, X_OK) == 0)
        let dir = TempDir(); defer { dir.remove() }
        let a = sampleRecord(), b = sampleRecord()
        let log = AppendOnlyLog(directory: DataDirectory(path: dir.path))
        for r in [a, b] { try log.append(r) }
        let code = String(a.id.uuidString.prefix(8)).lowercased()
        #expect(run(binary, ["forget", "--data-dir", dir.path, code]).0 == 0)
        #expect(try readAll([dir.path]).records == [b])
        // Gone now: the same code finds nothing, plainly.
        let (status, out) = run(binary, ["forget", "--data-dir", dir.path, code])
        #expect(status == 1)
        #expect(out.contains("Geen sessie met code \(code.uppercased())"))
        #expect(run(binary, ["forget", "--data-dir", dir.path, "abc"]).0 != 0)
        #expect(try readAll([dir.path]).records == [b])
    }

    /// `forget` says everything in Dutch: what it erased, what it found nothing for, a code that
    /// fits nothing or too much, wrong arguments and a store it cannot reach.
    @Test func forgetSpeaksOneLanguage() throws {
        try #require(access(binary, X_OK) == 0)
        let dir = TempDir(); defer { dir.remove() }
        let log = AppendOnlyLog(directory: DataDirectory(path: dir.path))
        let a = sampleRecord()
        try log.append(a)
        let runs = [
            run(binary, ["forget", "--data-dir", dir.path]),
            run(binary, ["forget", "--data-dir", dir.path, "xyz"]),
            run(binary, ["forget", "--data-dir", dir.path, "ffffffff"]),
            run(binary, ["forget", "--data-dir", dir.path, "--email", "niemand@example.nl"]),
            run(binary, ["forget", "--data-dir", dir.path + "/missing", a.id.uuidString]),
            run(binary, ["forget", "--data-dir", dir.path, a.id.uuidString]),
        ]
        let said = runs.map(\.1)
        #expect(said[0].contains("Geef een sessie-id of sessiecode"), "\(said[0])")
        #expect(said[1].contains("geen sessie-id (UUID) en geen sessiecode"), "\(said[1])")
        #expect(said[2].contains("Geen sessie met code FFFFFFFF"), "\(said[2])")
        #expect(said[3].contains("Niets gevonden voor e-mailadres niemand@example.nl"), "\(said[3])")
        #expect(said[4].contains("bestaat niet") && said[4].contains("niet veranderd"), "\(said[4])")
        #expect(said[5].contains("Gewist: 1 sessie-regel(s)"), "\(said[5])")
        // The argument parser's own frame ("Error:", "Usage:") aside, no English sentence.
        for out in said {
            let ours = out.split(separator: "\n").filter { !$0.hasPrefix("Usage:") && !$0.hasPrefix("  See ") && !$0.hasPrefix("See ") }
                .map { $0.hasPrefix("Error: ") ? $0.dropFirst(7) : $0[...] }
            for line in ours {
                for english in [" the ", "Nothing", "erased", "does not", "session id", " / "] {
                    #expect(!line.contains(english), "\(line)")
                }
            }
        }
    }

    /// Eight sessions from 2020 and two from today.
    func purgeFixture(_ dir: TempDir) throws {
        let log = AppendOnlyLog(directory: DataDirectory(path: dir.path))
        for i in 0..<8 { try log.append(sampleRecord(start: 1_600_000_000 + Int64(i) * 86_400)) }
        for _ in 0..<2 { try log.append(sampleRecord(start: UTCTime.now().seconds - 100)) }
    }

    @Test func purgeShowsWhatGoesAndAsksBeforeDeletingMoreThanAHandful() throws {
        try #require(access(binary, X_OK) == 0)
        let dir = TempDir(); defer { dir.remove() }
        try purgeFixture(dir)

        let (dryStatus, dry) = run(binary, ["purge", "--data-dir", dir.path, "--older-than", "30", "--dry-run"])
        #expect(dryStatus == 0)
        #expect(dry.contains("niets verwijderd (--dry-run)"), "\(dry)")
        #expect(dry.contains("Zou verwijderen: 8 sessie(s)"), "\(dry)")
        #expect(dry.contains("Bewaard: 2 sessie(s)"), "\(dry)")
        #expect(try readAll([dir.path]).records.count == 10)

        // No terminal to confirm on (cron, a script): refused without --yes, nothing deleted.
        let (status, out) = run(binary, ["purge", "--data-dir", dir.path, "--older-than", "30"])
        #expect(status == 1)
        #expect(out.contains("--yes") && out.contains("Niets verwijderd"), "\(out)")
        #expect(try readAll([dir.path]).records.count == 10)

        let (yesStatus, done) = run(binary, ["purge", "--data-dir", dir.path, "--older-than", "30", "--yes"])
        #expect(yesStatus == 0)
        #expect(done.contains("Verwijderd: 8 sessie(s)") && done.contains("Bewaard: 2 sessie(s)"), "\(done)")
        #expect(try readAll([dir.path]).records.count == 2)
    }

    @Test func purgeOnATerminalAsksAndTakesNoForAnAnswer() throws {
        try #require(access(binary, X_OK) == 0)
        try #require(tmuxPath != nil, "tmux is needed (scripts/install-deps)")
        let dir = TempDir(); defer { dir.remove() }
        try purgeFixture(dir)
        let command = "\(sq(binary)) purge --data-dir \(sq(dir.path)) --older-than 30; echo EXIT=$?; sleep 30"
        let no = try Terminal(command: command)
        defer { no.kill() }
        _ = try no.waitFor("Verwijderen: 8 sessie(s)", "Bewaard: 2 sessie(s)", "Doorgaan?")
        no.text("nee"); no.keys("Enter")
        _ = try no.waitFor("Afgebroken; niets verwijderd.", "EXIT=1")
        #expect(try readAll([dir.path]).records.count == 10)

        let yes = try Terminal(command: command)
        defer { yes.kill() }
        _ = try yes.waitFor("Doorgaan?")
        yes.text("ja"); yes.keys("Enter")
        _ = try yes.waitFor("Verwijderd: 8 sessie(s)", "EXIT=0")
        #expect(try readAll([dir.path]).records.count == 2)
    }
}

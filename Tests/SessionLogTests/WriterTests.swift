import Foundation
import Glibc
import Testing
import TestSupport
import SystemIO
@testable import SessionLog

/// Real system calls with faults switched on at will: a cap on bytes per write (short writes),
/// EINTR on every n-th write, an error after a number of bytes, an fdatasync error.
final class FaultyFileSystem: ForwardingFileSystem, @unchecked Sendable {
    let base: any FileSystemCalls = SystemFileSystem()
    var maxBytesPerWrite: Int?
    var eintrEvery: Int?
    var failAfterBytes: Int?
    var writeErrno: Int32 = ENOSPC
    var fdatasyncErrno: Int32?
    private(set) var writeCalls = 0
    private(set) var bytesWritten = 0
    private(set) var fdatasyncCalls = 0

    func reset() {
        maxBytesPerWrite = nil; eintrEvery = nil; failAfterBytes = nil; fdatasyncErrno = nil
        writeCalls = 0; bytesWritten = 0; fdatasyncCalls = 0
    }

    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        writeCalls += 1
        if let k = eintrEvery, writeCalls % k == 0 { errno = EINTR; return -1 }
        var n = count
        if let cap = maxBytesPerWrite { n = min(n, cap) }
        if let limit = failAfterBytes {
            let room = limit - bytesWritten
            if room <= 0 { errno = writeErrno; return -1 }
            n = min(n, room)
        }
        let r = base.write(fd, buffer, n)
        if r > 0 { bytesWritten += r }
        return r
    }

    func fdatasync(_ fd: Int32) -> Int32 {
        fdatasyncCalls += 1
        if let e = fdatasyncErrno { errno = e; return -1 }
        return base.fdatasync(fd)
    }
}

@Suite struct WriterTests {
    @Test func appendsOneCompactLinePerRecordWithoutPersonalData() throws {
        let dir = TempDir(); defer { dir.remove() }
        let log = AppendOnlyLog(directory: DataDirectory(path: dir.path))
        let a = sampleRecord(), b = sampleRecord(event: nil, outcome: .abandoned)
        try log.append(a)
        try log.append(b)
        let lines = completeLines(dir.file("sessions.jsonl"))
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("{\"answers\":{"))          // sorted keys, compact
        #expect(!lines[0].contains(" : ") && !lines[0].contains("\n"))
        for key in ["\"schema\":1", "\"id\":\"\(a.id.uuidString)\"", "\"startedAt\":\"2026-11-18T", "\"channel\":\"kiosk\"",
                    "\"catalogueSHA256\":", "\"catalogueVersion\":\"2026.11.1\"", "\"language\":\"nl\"",
                    "\"fit\":\"eligible\"", "\"score\":87.5", "\"outcome\":\"completed\""] {
            #expect(lines[0].contains(key), "missing \(key)")
        }
        #expect(!lines[1].contains("\"event\""))
        for word in ["name", "email", "user", "host", "\"ip"] { #expect(!lines[0].lowercased().contains(word)) }
        let (records, summary) = try readAll([dir.path])
        #expect(records == [a, b])
        #expect(summary.damaged.isEmpty)
    }

    @Test func filesAre0600ByDefaultAnd0660InASetgidDirectory() throws {
        let dir = TempDir(); defer { dir.remove() }
        let old = umask(0o022); defer { umask(old) }
        try AppendOnlyLog(directory: DataDirectory(path: dir.path)).append(sampleRecord())
        #expect(fileMode(dir.file("sessions.jsonl")) == 0o600)
        #expect(fileMode(dir.file("routewijzer.lock")) == 0o600)

        let shared = TempDir(); defer { shared.remove() }
        chmod(shared.path, 0o2770)
        try AppendOnlyLog(directory: DataDirectory(path: shared.path)).append(sampleRecord())
        #expect(fileMode(shared.file("sessions.jsonl")) == 0o660)
        #expect(fileMode(shared.file("routewijzer.lock")) == 0o660)
    }

    @Test func dataDirectoryResolution() throws {
        #expect(try DataDirectory.resolve(explicit: "/srv/rw", environment: ["ROUTEWIJZER_DATA_DIR": "/x"]) == "/srv/rw")
        #expect(try DataDirectory.resolve(explicit: nil, environment: ["ROUTEWIJZER_DATA_DIR": "/x", "HOME": "/h"]) == "/x")
        #expect(try DataDirectory.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/routewijzer")
        #expect(try DataDirectory.resolve(explicit: nil, environment: ["HOME": "/home/zoe"]) == "/home/zoe/.local/share/routewijzer")
    }

    /// Without HOME the folder was `/tmp/.local/share/routewijzer`, where anyone can create it
    /// first. Now it is the home directory the password database gives, never under /tmp.
    @Test func withoutHomeTheDataDirectoryIsTheUsersOwnHomeNeverTmp() throws {
        let home = try #require(DataDirectory.homeDirectory(environment: [:]))
        for environment in [[:], ["HOME": ""], ["HOME": "relative/path"]] {
            let resolved = try DataDirectory.resolve(explicit: nil, environment: environment)
            #expect(resolved == (home == "/" ? "" : home) + "/.local/share/routewijzer")
            #expect(!resolved.hasPrefix("/tmp"))
        }
    }

    @Test func symlinkInPlaceOfTheLogIsRefused() throws {
        let dir = TempDir(); defer { dir.remove() }
        let target = dir.file("elsewhere.txt")
        writeBytes(target, Array("precious\n".utf8))
        symlink(target, dir.file("sessions.jsonl"))
        let log = AppendOnlyLog(directory: DataDirectory(path: dir.path))
        #expect(throws: SessionLogError.self) { try log.append(sampleRecord()) }
        do { try log.append(sampleRecord()) } catch { #expect(error.kind == .symlinkRefused) }
        #expect(readBytes(target) == Array("precious\n".utf8))
    }

    @Test func tornTailIsQuarantinedNotDeleted() throws {
        let dir = TempDir(); defer { dir.remove() }
        let log = AppendOnlyLog(directory: DataDirectory(path: dir.path))
        let first = sampleRecord()
        try log.append(first)
        let torn = Array("{\"answers\":{\"educ".utf8)
        appendBytes(dir.file("sessions.jsonl"), torn)
        let second = sampleRecord()
        try log.append(second)
        let (records, summary) = try readAll([dir.file("sessions.jsonl")])
        #expect(records == [first, second])
        #expect(summary.damaged.isEmpty && summary.unfinished.isEmpty)
        #expect(readBytes(dir.file("sessions.quarantine")) == torn + [0x0A])
    }

    @Test func reopensWhenThePathNamesANewFile() throws {
        let dir = TempDir(); defer { dir.remove() }
        let directory = DataDirectory(path: dir.path)
        let log = AppendOnlyLog(directory: directory)
        let keep = sampleRecord(start: UTCTime.now().seconds - 3600)
        let old = sampleRecord(start: 1_600_000_000)
        try log.append(old)
        try log.append(keep)
        let summary = try LogMaintenance(directory: directory).purge(olderThanDays: 30)
        #expect(summary.sessions == .init(kept: 1, dropped: 1, quarantined: 0))
        let after = sampleRecord()
        try log.append(after)        // same writer object: must follow the renamed-over file
        #expect(try readAll([dir.path]).records == [keep, after])
    }

    /// Writes `good` records, then one under faults; returns the log bytes before and after.
    func withFault(_ configure: (FaultyFileSystem) -> Void) throws -> (before: [UInt8], after: [UInt8], error: SessionLogError?, syncCalls: Int, dir: TempDir) {
        let dir = TempDir()
        let fs = FaultyFileSystem()
        let log = AppendOnlyLog(directory: DataDirectory(path: dir.path, fs: fs))
        for _ in 0..<3 { try log.append(sampleRecord()) }
        let before = readBytes(dir.file("sessions.jsonl"))
        fs.reset()
        configure(fs)
        var caught: SessionLogError?
        do { try log.append(sampleRecord(event: String(repeating: "x", count: 400))) } catch { caught = error }
        let after = readBytes(dir.file("sessions.jsonl"))
        let syncCalls = fs.fdatasyncCalls
        fs.reset()
        // The same writer works again once the fault is gone.
        try log.append(sampleRecord())
        return (before, after, caught, syncCalls, dir)
    }

    @Test func diskFullMidRecordLeavesTheFileOnARecordBoundary() throws {
        let r = try withFault { $0.maxBytesPerWrite = 64; $0.failAfterBytes = 200; $0.writeErrno = ENOSPC }
        defer { r.dir.remove() }
        #expect(r.error?.kind == .diskFull)
        #expect(r.error?.message(language: "nl").contains("schijf is vol") == true)
        #expect(r.error?.message(language: "en").contains("disk is full") == true)
        #expect(r.after == r.before)
        let (records, summary) = try readAll([r.dir.path])
        #expect(records.count == 4 && summary.damaged.isEmpty && summary.unfinished.isEmpty)
    }

    @Test func ioErrorOnWriteIsReportedAndCutBack() throws {
        let r = try withFault { $0.failAfterBytes = 10; $0.writeErrno = EIO }
        defer { r.dir.remove() }
        #expect(r.error?.kind == .ioError)
        #expect(r.after == r.before)
        #expect(try readAll([r.dir.path]).records.count == 4)
    }

    @Test func fdatasyncErrorIsNotRetriedAndTheRecordIsCutOff() throws {
        let r = try withFault { fs in fs.fdatasyncErrno = EIO }
        defer { r.dir.remove() }
        #expect(r.error?.kind == .syncFailed)
        #expect(r.after == r.before)
        #expect(r.syncCalls == 1)          // tried once, never again
        #expect(try readAll([r.dir.path]).records.count == 4)
    }

    @Test func shortWritesAndEINTRStillWriteWholeRecords() throws {
        let dir = TempDir(); defer { dir.remove() }
        let fs = FaultyFileSystem()
        fs.maxBytesPerWrite = 7
        fs.eintrEvery = 3
        let log = AppendOnlyLog(directory: DataDirectory(path: dir.path, fs: fs))
        let records = (0..<5).map { _ in sampleRecord(event: "Zoë's café; \"avond\"") }
        for r in records { try log.append(r) }
        #expect(fs.writeCalls > 100)
        #expect(readBytes(dir.file("sessions.jsonl")).last == 0x0A)
        #expect(try readAll([dir.path]).records == records)
    }

    @Test func errorsCarryAPlainSentence() {
        let e = SessionLogError.from(errno: EACCES, path: "/srv/rw/sessions.jsonl")
        #expect(e.kind == .permissionDenied)
        #expect(e.message(language: "nl") == "Je antwoorden konden niet worden bewaard: geen toestemming om te schrijven naar /srv/rw/sessions.jsonl.")
        #expect(e.description.contains("Permission denied"))
    }
}

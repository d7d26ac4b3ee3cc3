import Foundation
import Glibc
import Testing
import TestSupport
import SystemIO
@testable import SessionLog

@Suite struct ReaderTests {
    @Test func reportsEveryDamagedLineWithFileLineAndOffsetAndIgnoresAnUnfinishedLastLine() throws {
        let dir = TempDir(); defer { dir.remove() }
        let path = dir.file("sessions.jsonl")
        let a = sampleRecord(), b = sampleRecord(), c = sampleRecord()
        var bytes = try a.jsonLine()
        let offset2 = bytes.count
        bytes += Array("{\"answers\":{\"education\":\"hbo\"},\"id\":\"x\"}\n".utf8)   // valid JSON, not a record
        bytes += try b.jsonLine()
        let offset4 = bytes.count
        bytes += Array("{\"answers\":{\"educ{\"answers\":\n".utf8)                    // torn and merged
        bytes += try c.jsonLine()
        let offset6 = bytes.count
        bytes += Array("{\"answers\":{\"sec".utf8)                                      // unfinished last line
        writeBytes(path, bytes)

        let (records, summary) = try readAll([path])
        #expect(records == [a, b, c])
        #expect(summary.damaged.map { $0.line } == [2, 4])
        #expect(summary.damaged.map { $0.offset } == [Int64(offset2), Int64(offset4)])
        #expect(summary.damaged.allSatisfy { $0.file == path })
        #expect(summary.damaged[0].description.hasPrefix("\(path):2 (byte \(offset2)): "))
        #expect(summary.unfinished.count == 1 && summary.unfinished[0].line == 6 && summary.unfinished[0].offset == Int64(offset6))
    }

    @Test func readsInChunksAcrossLineBoundaries() throws {
        let dir = TempDir(); defer { dir.remove() }
        let path = dir.file("sessions.jsonl")
        let records = (0..<200).map { i in sampleRecord(event: String(repeating: "é", count: i)) }
        writeBytes(path, try records.flatMap { try $0.jsonLine() })
        var lines: [(Int, Int64)] = []
        var total = 0
        let tail = try LineReader(fs: SystemFileSystem(), chunkSize: 61).forEachLine(path: path) { line, n, offset in
            lines.append((n, offset))
            total += line.count + 1
        }
        #expect(tail == nil)
        #expect(lines.count == 200 && total == readBytes(path).count)
        #expect(lines.last!.0 == 200)
    }

    @Test func mergesSeveralKiosksAndDropsDuplicatesById() throws {
        let root = TempDir(); defer { root.remove() }
        mkdir(root.file("kiosk-1"), 0o700)
        mkdir(root.file("kiosk-2"), 0o700)
        let shared = sampleRecord()
        let k1 = [sampleRecord(), shared, sampleRecord()]
        let k2 = [shared, sampleRecord(), sampleRecord()]
        writeBytes(root.file("kiosk-1/sessions.jsonl"), try (k1 + [k1[0]]).flatMap { try $0.jsonLine() })   // also a repeat within one file
        writeBytes(root.file("kiosk-2/sessions.jsonl"), try k2.flatMap { try $0.jsonLine() })
        writeBytes(root.file("kiosk-2/contacts.jsonl"), Array("not a session log\n".utf8))                    // not picked up
        let (records, summary) = try readAll([root.path])
        #expect(summary.files.count == 2)
        #expect(records.count == 5)
        #expect(Set(records.map(\.id)).count == 5)
        #expect(summary.duplicates == 2)
        #expect(summary.damaged.isEmpty)
        // The same file given twice is read once.
        #expect(try readAll([root.file("kiosk-1/sessions.jsonl"), root.file("kiosk-1/sessions.jsonl")]).records.count == 3)
    }

    @Test func bloomFilterFlagsRepeatsAndFewFalsePositives() {
        var bloom = BloomFilter()
        var falsePositives = 0
        let ids = (0..<100_000).map { _ in UUID() }
        for id in ids where bloom.insert(id) { falsePositives += 1 }
        #expect(falsePositives < 20)
        #expect(ids.prefix(100).allSatisfy { bloom.insert($0) })
    }

    @Test func filterBySinceUntilAndEvent() throws {
        let dir = TempDir(); defer { dir.remove() }
        let day = AmsterdamTime.startOfDay(CivilDate(year: 2026, month: 11, day: 28))
        let a = sampleRecord(start: day.seconds - 60, event: "Open dag Utrecht")
        let b = sampleRecord(start: day.seconds + 60, event: "Open dag Utrecht")
        let c = sampleRecord(start: day.seconds + 3600, event: "Techniekavond Zwolle")
        writeBytes(dir.file("sessions.jsonl"), try [a, b, c].flatMap { try $0.jsonLine() })
        var records: [OutcomeRecord] = []
        try SessionLogReader(inputs: [dir.path]).read(filter: RecordFilter(since: day, until: day.adding(days: 1), event: "open DAG")) { records.append($0) }
        #expect(records == [b])
    }
}

@Suite struct TimeTests {
    @Test func isoRoundTripAndOffsets() {
        let t = UTCTime(iso8601: "2026-11-28T09:15:02Z")!
        #expect(t.iso8601 == "2026-11-28T09:15:02Z")
        #expect(UTCTime(iso8601: "2026-11-28T10:15:02+01:00") == t)
        #expect(UTCTime(iso8601: "2026-11-28T09:15:02.123Z") == t)
        #expect(UTCTime(iso8601: "2026-02-30T09:15:02Z") == nil)
        #expect(UTCTime(iso8601: "yesterday") == nil)
    }

    @Test func amsterdamDaylightSavingBoundaries() {
        // 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
        #expect(AmsterdamTime.format(UTCTime(iso8601: "2026-03-29T00:59:00Z")!) == "2026-03-29 01:59")
        #expect(AmsterdamTime.format(UTCTime(iso8601: "2026-03-29T01:00:00Z")!) == "2026-03-29 03:00")
        #expect(AmsterdamTime.format(UTCTime(iso8601: "2026-10-25T00:59:00Z")!) == "2026-10-25 02:59")
        #expect(AmsterdamTime.format(UTCTime(iso8601: "2026-10-25T01:00:00Z")!) == "2026-10-25 02:00")
        #expect(AmsterdamTime.format(UTCTime(iso8601: "2026-12-31T23:30:00Z")!) == "2027-01-01 00:30")
    }

    @Test func amsterdamAgreesWithTheTimeZoneDatabase() throws {
        let python = try #require(which("python3"))
        var g = SystemRandomNumberGenerator()
        var instants: [Int64] = [1_774_745_999, 1_774_746_000, 1_792_889_999, 1_792_890_000]
        for _ in 0..<3000 { instants.append(Int64.random(in: 946_684_800...2_114_380_800, using: &g)) }
        let script = """
        import sys, datetime, zoneinfo
        z = zoneinfo.ZoneInfo("Europe/Amsterdam")
        for l in sys.stdin:
            print(datetime.datetime.fromtimestamp(int(l), z).strftime("%Y-%m-%d %H:%M"))
        """
        let (status, out) = run(python, ["-c", script], stdin: instants.map(String.init).joined(separator: "\n") + "\n")
        #expect(status == 0)
        let expected = out.split(separator: "\n").map(String.init)
        #expect(expected.count == instants.count)
        let ours = instants.map { AmsterdamTime.format(UTCTime(seconds: $0)) }
        #expect(zip(ours, expected).filter { $0 != $1 }.count == 0)
    }

    @Test func isoWeeks() {
        #expect(CivilDate(year: 2026, month: 1, day: 1).isoWeekLabel == "2026-W01")
        #expect(CivilDate(year: 2027, month: 1, day: 1).isoWeekLabel == "2026-W53")
        #expect(CivilDate(year: 2024, month: 12, day: 30).isoWeekLabel == "2025-W01")
        #expect(CivilDate(year: 2026, month: 11, day: 28).isoWeekLabel == "2026-W48")
    }
}

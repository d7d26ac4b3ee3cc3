import Foundation
import Glibc
import Testing
import TestSupport
@testable import SessionLog

/// Many real processes appending at once, and writers killed with SIGKILL at random moments.
@Suite(.serialized) struct ConcurrencyTests {
    func requireTool() throws {
        try #require(access(logToolPath, X_OK) == 0, "rw-logtool not built next to the tests: \(logToolPath)")
    }

    /// Ids a writer acknowledged on stdout (complete lines only).
    func acknowledged(_ files: [String]) -> [String] {
        files.flatMap { completeLines($0) }.filter { $0.count == 36 }
    }

    @Test func sixteenProcessesTimesFiveHundredRecords() throws {
        try requireTool()
        let dir = TempDir("rw-16x500"); defer { dir.remove() }
        var pids: [pid_t] = []
        var outs: [String] = []
        for w in 0..<16 {
            let out = dir.path + "-ack-\(w)"
            outs.append(out)
            pids.append(spawn(logToolPath, ["append", "--dir", dir.path, "--count", "500", "--writer", "\(w)"],
                              stdout: out, stderr: dir.path + "-err"))
        }
        defer { for o in outs { unlink(o) }; unlink(dir.path + "-err") }
        for pid in pids { #expect(waitFor(pid) == 0) }

        let acks = acknowledged(outs)
        #expect(acks.count == 8000)
        let lines = completeLines(dir.file("sessions.jsonl"))
        #expect(lines.count == 8000)
        var ids: [String: Int] = [:]
        var parsed = 0
        let decoder = JSONDecoder()
        for line in lines {
            if let r = try? decoder.decode(OutcomeRecord.self, from: Data(line.utf8)) {
                parsed += 1
                ids[r.id.uuidString, default: 0] += 1
            }
        }
        #expect(parsed == 8000)
        #expect(ids.values.allSatisfy { $0 == 1 })
        #expect(Set(acks) == Set(ids.keys))
        #expect(readBytes(dir.file("sessions.jsonl")).last == 0x0A)
    }

    struct StormResult {
        var kills = 0
        var acknowledged: [String] = []
        var summary = ReadSummary()
        var ids = Set<String>()
    }

    /// Runs `slots` writers, each killed with SIGKILL after a random 15–120 ms and restarted,
    /// until `seconds` have passed. Then one clean append (which repairs a torn tail, if any).
    func storm(_ dir: TempDir, seconds: Double, slots: Int, extra: [String]) throws -> StormResult {
        var result = StormResult()
        var ackFiles: [String] = []
        var running: [(pid: pid_t, killAt: Double)] = []
        var generation = 0
        func now() -> Double {
            var ts = timespec(); clock_gettime(CLOCK_MONOTONIC, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }
        func start() -> (pid_t, Double) {
            generation += 1
            let ack = dir.path + "-ack-\(generation)"
            ackFiles.append(ack)
            let pid = spawn(logToolPath, ["append", "--dir", dir.path, "--count", "1000000"] + extra,
                            stdout: ack, stderr: dir.path + "-err")
            return (pid, now() + Double.random(in: 0.015...0.12))
        }
        let end = now() + seconds
        for _ in 0..<slots { running.append(start()) }
        while now() < end {
            for i in running.indices where now() >= running[i].killAt {
                kill(running[i].pid, SIGKILL)
                waitFor(running[i].pid)
                result.kills += 1
                running[i] = start()
            }
            usleep(2000)
        }
        for r in running { kill(r.pid, SIGKILL); waitFor(r.pid); result.kills += 1 }
        defer { for f in ackFiles { unlink(f) }; unlink(dir.path + "-err") }
        result.acknowledged = acknowledged(ackFiles)
        return result
    }

    func inspect(_ dir: TempDir, _ result: inout StormResult) throws {
        let reader = try SessionLogReader(inputs: [dir.file("sessions.jsonl")])
        result.summary = try reader.forEachRecord(plan: .init(questionIDs: [], candidates: [])) { result.ids.insert($0.id.uuidString) }
    }

    @Test func killStormLeavesNoDamageAndLosesNoAcknowledgedRecord() throws {
        try requireTool()
        let dir = TempDir("rw-storm"); defer { dir.remove() }
        // --split: every record takes at least two write() calls, so kills land mid-record.
        var result = try storm(dir, seconds: 20, slots: 4, extra: ["--split"])
        // One clean append afterwards: repairs the torn tail the last kill may have left.
        #expect(waitFor(spawn(logToolPath, ["append", "--dir", dir.path, "--count", "1"], stdout: "/dev/null")) == 0)
        try inspect(dir, &result)
        #expect(result.kills >= 100)
        #expect(result.acknowledged.count > 100)
        #expect(result.summary.damaged.isEmpty, "damaged: \(result.summary.damaged.prefix(5))")
        #expect(result.summary.unfinished.isEmpty)
        let missing = Set(result.acknowledged).subtracting(result.ids)
        #expect(missing.isEmpty, "acknowledged but missing: \(missing.count)")
        // Torn tails were moved aside, not deleted.
        let quarantined = completeLines(dir.file("sessions.quarantine"))
        #expect(!quarantined.isEmpty, "expected kills mid-record to have left torn tails to repair")
    }

    @Test func killStormAgainstTheNaiveWriterShowsDamage() throws {
        try requireTool()
        let dir = TempDir("rw-naive"); defer { dir.remove() }
        var result = try storm(dir, seconds: 4, slots: 4, extra: ["--naive"])
        try inspect(dir, &result)
        let missing = Set(result.acknowledged).subtracting(result.ids)
        // The positive claim: the same test detects what a plain O_APPEND writer does.
        #expect(!result.summary.damaged.isEmpty, "naive writer produced damage")
        #expect(!missing.isEmpty, "naive writer lost acknowledged records")
    }
}

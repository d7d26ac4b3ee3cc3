import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
import Central

// Exactly once under faults. Afterwards the store holds exactly the union of the records the
// kiosks acknowledged: none lost, none twice. Every loop is bounded (a fixed number of rounds).
@Suite(.enabled(if: PostgresInstall.available, PostgresInstall.skipReason))
struct FaultTests {
    /// Ids a writer printed, i.e. acknowledged.
    func acknowledged(_ logs: [String]) -> Set<String> {
        var ids = Set<String>()
        for log in logs {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.count == 36 { ids.insert(line.lowercased()) }
        }
        return ids
    }

    func checkStore(_ server: TestPostgres, _ name: String, equals expected: Set<String>, _ what: String) {
        let rows = centralIDs(server, name)
        #expect(rows.count == Set(rows).count, "\(what): a session twice")
        let stored = Set(rows)
        #expect(expected.subtracting(stored).isEmpty, "\(what): \(expected.subtracting(stored).count) acknowledged sessions lost")
        #expect(stored.subtracting(expected).isEmpty, "\(what): \(stored.subtracting(expected).count) sessions nobody acknowledged")
        #expect(stored.count == expected.count)
    }

    @Test func syncKilledAtRandomWhileKiosksWrite() async throws {
        let (server, name) = try await SharedPostgres.database()
        let env = server.environment(database: name, user: "kiosk_login")
        let dirs = (0..<3).map { scratchDirectory("kill-\($0)") }
        defer { dirs.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        // Two writers per kiosk folder, each record acknowledged only after its fsync.
        var writers: [pid_t] = [], logs: [String] = []
        for (n, dir) in dirs.enumerated() {
            for w in 0..<2 {
                let log = dir + "/ack-\(n)-\(w).txt"
                logs.append(log)
                writers.append(spawnBackground([logtool, "append", "--dir", dir, "--count", "150"], log: log))
            }
        }
        var g = SplitMix64(seed: UInt64(UInt32.random(in: 0...UInt32.max)))
        var killedMidway = 0
        let rounds = 24
        for round in 0..<rounds {
            let dir = dirs[round % dirs.count]
            let sync = spawnBackground([central, "sync", "--data-dir", dir, "--batch-size", "\(Int.random(in: 1...8, using: &g))"], environment: env)
            usleep(UInt32.random(in: 5_000...250_000, using: &g))
            kill(sync, SIGKILL)
            // A process that had already ended is a zombie, which the signal does not change.
            if waitFor(sync) == 128 + SIGKILL { killedMidway += 1 }
        }
        writers.forEach { waitFor($0) }
        for dir in dirs {
            let r = run([central, "sync", "--data-dir", dir], environment: env, withErrors: true)
            #expect(r.status == 0, "\(r.output)")
        }
        let acked = acknowledged(logs)
        #expect(acked.count == 900)
        checkStore(server, name, equals: acked, "killed \(killedMidway) of \(rounds) syncs")
        #expect(killedMidway > rounds / 2, "the kills should land while sync runs")
        // And the local logs hold exactly the same.
        #expect(Set(dirs.flatMap(localIDs)) == acked)
    }

    @Test func theServerStoppedAndStartedMidBatch() async throws {
        let server = try TestPostgres()
        let name = try await server.makeDatabase()
        try server.makeLoginRoles()
        let dir = scratchDirectory("restart")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ids = Set(appendRecords(dir, count: 2_000))
        let log = dir + "/sync.log"
        let sync = spawnBackground([central, "sync", "--data-dir", dir, "--batch-size", "20", "--retries", "30", "--timeout", "10"],
                                   environment: server.environment(database: name, user: "kiosk_login"), log: log)
        // Wait for the first commits, then take the server away in the middle of the stream.
        for _ in 0..<400 where access(dir + "/sync-state.json", F_OK) != 0 { usleep(10_000) }
        server.stopImmediately()
        usleep(1_500_000)
        try server.start()
        let status = waitFor(sync)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(output)")
        #expect(output.contains("unreachable") && output.contains("opnieuw over"), "the stop was noticed: \(output)")
        checkStore(server, name, equals: ids, "server restarted")
    }

    @Test func theNetworkCutMidStream() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dir = scratchDirectory("cut")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ids = Set(appendRecords(dir, count: 2_000))
        // A forwarding proxy stands for the network: killing it closes the port and drops the
        // connection; starting it again opens the port.
        let proxyPort = try freeLoopbackPort()
        let proxy = """
        import socket, threading, sys
        listen = socket.socket(); listen.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listen.bind(("127.0.0.1", \(proxyPort))); listen.listen(16)
        def pump(a, b):
            try:
                while True:
                    d = a.recv(65536)
                    if not d: break
                    b.sendall(d)
            except OSError: pass
            finally:
                for s in (a, b):
                    try: s.shutdown(socket.SHUT_RDWR)
                    except OSError: pass
        while True:
            c, _ = listen.accept()
            s = socket.create_connection(("127.0.0.1", \(server.port)))
            threading.Thread(target=pump, args=(c, s), daemon=True).start()
            threading.Thread(target=pump, args=(s, c), daemon=True).start()
        """
        func startProxy() -> pid_t {
            let pid = spawnBackground(["python3", "-c", proxy])
            for _ in 0..<200 {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var addr = sockaddr_in()
                addr.sin_family = sa_family_t(AF_INET); addr.sin_addr.s_addr = inet_addr("127.0.0.1"); addr.sin_port = UInt16(proxyPort).bigEndian
                let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
                close(fd)
                if ok { break }
                usleep(20_000)
            }
            return pid
        }
        var proxyPID = startProxy()
        let log = dir + "/sync.log"
        let sync = spawnBackground([central, "sync", "--data-dir", dir, "--batch-size", "20", "--retries", "30", "--timeout", "10"],
                                   environment: server.environment(database: name, user: "kiosk_login", port: proxyPort), log: log)
        for _ in 0..<400 where access(dir + "/sync-state.json", F_OK) != 0 { usleep(10_000) }
        kill(proxyPID, SIGKILL); waitFor(proxyPID)
        usleep(1_500_000)
        proxyPID = startProxy()
        defer { kill(proxyPID, SIGKILL); waitFor(proxyPID) }
        let status = waitFor(sync)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(output)")
        #expect(output.contains("opnieuw over"), "the cut was noticed: \(output)")
        checkStore(server, name, equals: ids, "network cut")
    }

    @Test func tenFoldersSyncingAtOnce() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dirs = (0..<10).map { scratchDirectory("ten-\($0)") }
        defer { dirs.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        var expected = Set<String>()
        for dir in dirs { expected.formUnion(appendRecords(dir, count: 150)) }
        // Folder 0 and 1 share some sessions (a log copied by hand), which must be stored once.
        let shared = try String(contentsOfFile: dirs[0] + "/sessions.jsonl", encoding: .utf8).split(separator: "\n").prefix(20)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dirs[1] + "/sessions.jsonl"))
        handle.seekToEndOfFile(); handle.write((shared.joined(separator: "\n") + "\n").data(using: .utf8)!); try handle.close()
        let env = server.environment(database: name, user: "kiosk_login")
        let pids = dirs.map { spawnBackground([central, "sync", "--data-dir", $0, "--batch-size", "25"], environment: env, log: $0 + "/sync.log") }
        let statuses = pids.map { waitFor($0) }
        #expect(statuses.allSatisfy { $0 == 0 }, "\(statuses)")
        checkStore(server, name, equals: expected, "ten at once")
    }
}

import Foundation
import Testing
import TestSupport

// The kiosk recipes of docs/deployment.md, read from the document itself and checked by systemd's
// own parser (`systemd-analyze verify`): a typo in a key or a value would show here. Booting a
// machine with them is not something a test run can do.

let systemdAnalyze: String? = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed (apt-get install systemd)"))
struct KioskUnitTests {
    /// The `ini` blocks of docs/deployment.md, in order.
    func iniBlocks() throws -> [String] {
        let text = try String(contentsOfFile: packageRoot.appendingPathComponent("docs/deployment.md").path, encoding: .utf8)
        var blocks: [String] = [], current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```ini" { current = [] } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else { current?.append(line) }
        }
        return blocks
    }

    /// Runs `systemd-analyze verify` on `unit` (the program path pointed at the built binary, the
    /// account at one that exists) and returns what it said.
    func verify(_ unit: String, name: String) throws -> (status: Int32, output: String) {
        try verify([(name, unit)])
    }

    /// The same for units that belong together (a timer and its service), checked side by side.
    func verify(_ units: [(name: String, text: String)]) throws -> (status: Int32, output: String) {
        let dir = NSTemporaryDirectory() + "routewijzer-unit-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var paths: [String] = []
        for (name, unit) in units {
            let path = dir + "/" + name
            try unit.replacingOccurrences(of: "/usr/local/bin/routewijzer", with: routewijzer)
                .replacingOccurrences(of: "User=kiosk1", with: "User=root")
                .write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        // Its messages to the pipe, not to a journal.
        let environment = ProcessInfo.processInfo.environment.merging(["SYSTEMD_LOG_TARGET": "console"]) { $1 }
        return TestSupport.run([systemdAnalyze!, "verify", "--man=no"] + paths, environment: environment, withErrors: true)
    }

    /// The sync service and its timer (docs/deployment.md, "Shipping: on a timer").
    @Test func theSyncTimerAndServiceParseWithoutAWord() throws {
        let blocks = try iniBlocks()
        let service = try #require(blocks.first { $0.contains("ExecStart=/usr/local/bin/routewijzer sync") })
        let timer = try #require(blocks.first { $0.contains("[Timer]") })
        #expect(service.contains("Type=oneshot") && service.contains("SuccessExitStatus=75"))
        #expect(timer.contains("OnUnitActiveSec=") && timer.contains("WantedBy=timers.target"))
        let r = try verify([("routewijzer-sync.service", service), ("routewijzer-sync.timer", timer)])
        #expect(r.status == 0 && r.output.isEmpty, "\(r.output)")
        let broken = try verify([("routewijzer-sync.service", service),
                                 ("routewijzer-sync.timer", timer.replacingOccurrences(of: "OnUnitActiveSec=5min", with: "OnUnitActiveSec=often"))])
        #expect(!broken.output.isEmpty, "a bad time span is caught")
    }

    @Test func theKioskServiceParsesWithoutAWord() throws {
        let unit = try #require(try iniBlocks().first { $0.contains("ExecStart=/usr/local/bin/routewijzer kiosk") })
        #expect(unit.contains("Restart=on-failure"))
        let r = try verify(unit, name: "routewijzer-kiosk.service")
        #expect(r.status == 0 && r.output.isEmpty, "\(r.output)")
        // The check itself catches a mistake.
        let broken = try verify(unit.replacingOccurrences(of: "Restart=on-failure", with: "Restart=sometimes"), name: "broken.service")
        #expect(broken.output.contains("restart specifier"), "\(broken.output)")
    }

    /// The getty override (autologin into the kiosk shell), checked as the service section it is.
    @Test func theGettyOverrideParsesWithoutAWord() throws {
        let override = try #require(try iniBlocks().first { $0.contains("--autologin kiosk1") })
        #expect(override.hasPrefix("[Service]\nExecStart=\n"), "the override first clears getty's own ExecStart")
        let r = try verify(override, name: "getty-override.service")
        #expect(r.status == 0 && r.output.isEmpty, "\(r.output)")
    }
}

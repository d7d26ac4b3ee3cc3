import Foundation
import Kiosk
import Questionnaire
import Testing

func temporaryDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rw-kiosk-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

@Suite struct PinHashTests {
    @Test func rightPinVerifiesAndWrongDoesNot() throws {
        let h = try PinHash.make(pin: "471100", parameters: .fastForTests)
        #expect(h.algorithm == "scrypt")
        #expect(h.verify("471100"))
        #expect(!h.verify("4712"))
        #expect(!h.verify("471"))
        #expect(!h.verify(""))
        #expect(h.problem == nil)
        #expect(Data(base64Encoded: h.salt)?.count == 16)
        #expect(Data(base64Encoded: h.hash)?.count == 32)
    }

    @Test func saltIsRandomSoTheSamePinHashesDifferently() throws {
        let a = try PinHash.make(pin: "471100", parameters: .fastForTests)
        let b = try PinHash.make(pin: "471100", parameters: .fastForTests)
        #expect(a.salt != b.salt)
        #expect(a.hash != b.hash)
    }

    /// scrypt with the RFC 7914 test vector (password "password", salt "NaCl", N 1024, r 8, p 16).
    @Test func matchesTheRFCVector() throws {
        let h = try PinHash.make(pin: "password", salt: Array("NaCl".utf8), parameters: .init(N: 1024, r: 8, p: 16))
        let hex = Data(base64Encoded: h.hash)!.map { String(format: "%02x", $0) }.joined()
        #expect(hex == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162")
    }

    @Test func standardParametersWork() throws {
        let h = try PinHash.make(pin: "246800", parameters: .standard)
        #expect(h.parameters.N == 32768)
        #expect(h.verify("246800"))
    }

    /// Four digits fell to offline guessing in minutes per core; now a PIN needs 6 digits, or a
    /// passphrase 10 letters and digits, and only what the kiosk's prompt can take.
    @Test(arguments: ["123", "4711", "12345", "hunter2", "abcdefghi", "12345678901234567890123456789012345", "123 456", "1234é6"])
    func weakOrUntypeablePinsAreRefused(pin: String) {
        #expect(PinHash.problem(withNewPIN: pin) != nil)
        #expect(throws: KioskError.self) { try PinHash.make(pin: pin, parameters: .fastForTests) }
    }

    @Test(arguments: ["471100", "0000000000", "hunter2hunter2", "OpenDag2026", String(repeating: "7", count: 32)])
    func strongEnoughPinsAreTaken(pin: String) throws {
        #expect(PinHash.problem(withNewPIN: pin) == nil)
        #expect(try PinHash.make(pin: pin, parameters: .fastForTests).verify(pin))
    }

    @Test func tamperedRecordsNeverVerify() throws {
        var h = try PinHash.make(pin: "471100", parameters: .fastForTests)
        h.algorithm = "md5"
        #expect(!h.verify("471100"))
        #expect(h.problem == .unknownAlgorithm("md5"))
        h.algorithm = "scrypt"
        h.parameters.N = 1000
        #expect(!h.verify("471100"))
        #expect(h.problem == .parametersOutOfRange)
        h.parameters = try PinHash.make(pin: "471100", parameters: .fastForTests).parameters
        h.salt = "c2hvcnQ="
        #expect(!h.verify("471100"))
        #expect(h.problem == .shortSalt)
    }

    @Test func constantTimeCompare() {
        #expect(PinHash.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!PinHash.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!PinHash.constantTimeEqual([1, 2, 3], [1, 2]))
    }
}

/// A reference wrapper, so `#expect` can call the mutating gate.
final class Gate {
    var gate: PinGate
    let check: (String) -> Bool
    init(_ policy: PinGate.Policy = PinGate.Policy(), check: @escaping (String) -> Bool = { $0 == "4711" }) {
        gate = PinGate(policy: policy)
        self.check = check
    }
    func type(_ pin: String, at now: Double) -> PinCheck { gate.check(pin, now: now, verify: check) }
}

@Suite struct PinGateTests {
    let policy = PinGate.Policy(freeAttempts: 3, firstLockoutSeconds: 30, maxLockoutSeconds: 100)

    @Test func rightPinUnlocksAndWrongDoesNot() {
        let g = Gate(policy)
        #expect(g.type("1234", at: 0) == .wrong(attemptsLeft: 2))
        #expect(g.type("4711", at: 1) == .accepted)
        #expect(g.gate.consecutiveFailures == 0)
    }

    @Test func lockoutAfterRepeatedWrongPinsGrowsAndEnds() {
        let g = Gate(policy)
        #expect(g.type("0000", at: 0) == .wrong(attemptsLeft: 2))
        #expect(g.type("0000", at: 1) == .wrong(attemptsLeft: 1))
        #expect(g.type("0000", at: 2) == .wrong(attemptsLeft: 0))
        #expect(g.type("0000", at: 3) == .locked(secondsLeft: 30))
        // While locked even the right PIN is not checked.
        #expect(g.type("4711", at: 10) == .locked(secondsLeft: 23))
        #expect(g.gate.lockedSecondsLeft(now: 32.5) == 1)
        #expect(g.gate.lockedSecondsLeft(now: 33) == nil)
        // After the lockout one more wrong PIN locks again, twice as long.
        #expect(g.type("0000", at: 33) == .locked(secondsLeft: 60))
        #expect(g.type("0000", at: 93) == .locked(secondsLeft: 100))   // capped
        #expect(g.type("4711", at: 150) == .locked(secondsLeft: 43))
        #expect(g.type("4711", at: 193) == .accepted)
        // A right PIN clears the count: three free attempts again.
        #expect(g.type("0000", at: 200) == .wrong(attemptsLeft: 2))
    }

    @Test func whileLockedThePinIsNotEvenChecked() {
        var checked = 0
        let g = Gate(PinGate.Policy(freeAttempts: 0, firstLockoutSeconds: 30), check: { checked += 1; return $0 == "4711" })
        #expect(g.type("0000", at: 0) == .locked(secondsLeft: 30))
        #expect(checked == 1)
        #expect(g.type("4711", at: 5) == .locked(secondsLeft: 25))
        #expect(checked == 1)
    }

    @Test func worksWithTheRealHash() throws {
        let hash = try PinHash.make(pin: "258000", parameters: .fastForTests)
        let g = Gate(check: hash.verify)
        #expect(g.type("2581", at: 0) == .wrong(attemptsLeft: 2))
        #expect(g.type("258000", at: 1) == .accepted)
    }
}

@Suite struct IdleTimerTests {
    let settings = IdleTimer.Settings(questionSeconds: 90, resultsSeconds: 180, countdownSeconds: 15)

    @Test func welcomeNeverTimesOut() {
        let timer = IdleTimer(settings: settings, now: 0)
        #expect(timer.state(screen: .welcome, now: 100_000) == .off)
        #expect(timer.secondsUntilNextChange(screen: .welcome, now: 5) == nil)
    }

    @Test func questionsCountDownInTheLastSecondsThenExpire() {
        let timer = IdleTimer(settings: settings, now: 1000)
        #expect(timer.state(screen: .questions, now: 1000) == .running(secondsLeft: 90))
        #expect(timer.state(screen: .questions, now: 1074.5) == .running(secondsLeft: 16))
        #expect(timer.state(screen: .questions, now: 1075) == .countdown(secondsLeft: 15))
        #expect(timer.state(screen: .questions, now: 1089.2) == .countdown(secondsLeft: 1))
        #expect(timer.state(screen: .questions, now: 1090) == .expired)
        #expect(timer.state(screen: .questions, now: 5000) == .expired)
    }

    @Test func resultsWaitLonger() {
        let timer = IdleTimer(settings: settings, now: 0)
        #expect(timer.state(screen: .results, now: 100) == .running(secondsLeft: 80))
        #expect(timer.state(screen: .results, now: 170) == .countdown(secondsLeft: 10))
        #expect(timer.state(screen: .results, now: 180) == .expired)
    }

    @Test func anyKeyCancelsTheCountdown() {
        var timer = IdleTimer(settings: settings, now: 0)
        #expect(timer.state(screen: .questions, now: 80) == .countdown(secondsLeft: 10))
        timer.activity(at: 80)
        #expect(timer.state(screen: .questions, now: 80) == .running(secondsLeft: 90))
        #expect(timer.state(screen: .questions, now: 169) == .countdown(secondsLeft: 1))
    }

    @Test func nextChangeLetsTheLoopSleepExactlyLongEnough() {
        let timer = IdleTimer(settings: settings, now: 0)
        #expect(timer.secondsUntilNextChange(screen: .questions, now: 0) == 75)
        #expect(timer.secondsUntilNextChange(screen: .questions, now: 80) == 1)
        #expect(abs(timer.secondsUntilNextChange(screen: .questions, now: 80.25)! - 0.75) < 1e-9)
        #expect(timer.secondsUntilNextChange(screen: .questions, now: 95) == 0)
    }
}

final class Chord {
    var chord = KioskChord()
    func feed(_ key: UInt32, at now: Double) -> Bool { chord.feed(keyCode: key, now: now) }
}

@Suite struct ChordTests {
    @Test func threeCtrlXWithinThreeSeconds() {
        let c = Chord()
        #expect(!c.feed(0x18, at: 0))
        #expect(!c.feed(0x18, at: 1))
        #expect(c.feed(0x18, at: 2))
        // Starts over afterwards.
        #expect(!c.feed(0x18, at: 2.1))
    }

    @Test func otherKeysOrSlownessBreakIt() {
        let c = Chord()
        _ = c.feed(0x18, at: 0)
        _ = c.feed(0x18, at: 0.5)
        #expect(!c.feed(0x61, at: 0.6))
        #expect(!c.feed(0x18, at: 0.7))
        let slow = Chord()
        #expect(!slow.feed(0x18, at: 0))
        #expect(!slow.feed(0x18, at: 2))
        #expect(!slow.feed(0x18, at: 4))
        #expect(slow.feed(0x18, at: 4.5))
    }
}

@Suite struct ConfigTests {
    @Test func roundTripAndFileMode() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/nested/routewijzer/kiosk.json"
        let config = KioskConfig(event: "Open dag ROC Midden Nederland 2026-11-28", dataDirectory: "/var/lib/routewijzer",
                                 questionIdleSeconds: 60, resultsIdleSeconds: 120, countdownSeconds: 10,
                                 pin: try PinHash.make(pin: "471100", parameters: .fastForTests))
        try KioskConfigFile.save(config, path: path)
        let loaded = try #require(try KioskConfigFile.load(path: path))
        #expect(loaded == config)
        #expect(loaded.pin?.verify("471100") == true)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: dir + "/nested/routewijzer")
        #expect((dirAttributes[.posixPermissions] as? Int) == 0o700)
        // No temporary file is left behind, and the PIN itself is nowhere in the file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/nested/routewijzer") == ["kiosk.json"])
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("471100"))
    }

    @Test func overwritingKeepsMode0600EvenWithALaxUmask() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/kiosk.json"
        _ = FileManager.default.createFile(atPath: path, contents: Data("{}".utf8), attributes: [.posixPermissions: 0o644])
        let old = umask(0)
        defer { umask(old) }
        try KioskConfigFile.save(KioskConfig(event: "x"), path: path)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect(try KioskConfigFile.load(path: path)?.event == "x")
    }

    @Test func missingFileIsNil() throws {
        #expect(try KioskConfigFile.load(path: "/nonexistent/routewijzer/kiosk.json") == nil)
    }

    @Test func missingFieldsTakeDefaults() throws {
        let c = try KioskConfig.decode(Array(#"{"event": "Open dag"}"#.utf8), path: "k.json")
        #expect(c.event == "Open dag")
        #expect(c.questionIdleSeconds == 90)
        #expect(c.resultsIdleSeconds == 180)
        #expect(c.countdownSeconds == 15)
        #expect(c.pin == nil)
    }

    @Test func badJSONNamesFileLineAndColumn() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/kiosk.json"
        try Data("{\n  \"event\": \"Open dag\",\n  \"questionIdleSeconds\": 90,,\n}\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        do {
            _ = try KioskConfigFile.load(path: path)
            Issue.record("bad JSON was accepted")
        } catch {
            guard case .invalid(let p, let line, let column, _, _) = error else { Issue.record("\(error)"); return }
            #expect(p == path)
            #expect(line == 3)
            #expect(column == 29)
            #expect(error.description.hasPrefix(path + ":3:29: JSON-syntaxfout"))
        }
    }

    @Test func wrongTypeNamesTheJSONPath() {
        #expect(throws: KioskError.self) { try KioskConfig.decode(Array(#"{"questionIdleSeconds": "90"}"#.utf8), path: "k.json") }
        do {
            _ = try KioskConfig.decode(Array(#"{"pin": {"algorithm": "scrypt", "parameters": {"N": 1024, "r": 8}, "salt": "", "hash": ""}}"#.utf8), path: "k.json")
        } catch {
            #expect(error.description.contains("k.json bij $.pin.parameters.p: verplicht veld \"p\" ontbreekt"), "\(error)")
        }
        do {
            _ = try KioskConfig.decode(Array(#"{"questionIdleSeconds": 5}"#.utf8), path: "k.json")
            Issue.record("5 s accepted")
        } catch {
            #expect(error.description == "k.json bij $.questionIdleSeconds: moet 10–3600 zijn, is 5", "\(error)")
        }
    }

    @Test func defaultPathFollowsXDG() {
        #expect(KioskConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "/etc/xdg", "HOME": "/home/k"]) == "/etc/xdg/routewijzer/kiosk.json")
        #expect(KioskConfig.defaultPath(environment: ["HOME": "/home/kiosk"]) == "/home/kiosk/.config/routewijzer/kiosk.json")
        #expect(KioskConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/kiosk/"]) == "/home/kiosk/.config/routewijzer/kiosk.json")
    }
}

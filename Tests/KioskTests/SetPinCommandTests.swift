import Foundation
import Kiosk
import Testing
import TestSupport

/// The `routewijzer` built beside this test bundle.
let routewijzer = URL(fileURLWithPath: builtProduct("routewijzer"))

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

func routewijzer(_ arguments: [String], stdin: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = routewijzer
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: routewijzer.path), "routewijzer is not built"))
struct SetPinCommandTests {
    @Test func storesOnlyAHashWithTheSettingsMode0600() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/conf/kiosk.json"
        let r = try routewijzer(["kiosk", "set-pin", "--config", config, "--event", "Open dag 2026-11-28",
                                 "--data-dir", dir + "/data", "--idle-seconds", "60"], stdin: "739412\n739412\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Pincode opgeslagen: \(config)"))
        let text = try String(contentsOfFile: config, encoding: .utf8)
        #expect(!text.contains("739412"))
        #expect((try FileManager.default.attributesOfItem(atPath: config)[.posixPermissions] as? Int) == 0o600)
        let stored = try #require(try KioskConfigFile.load(path: config))
        #expect(stored.event == "Open dag 2026-11-28")
        #expect(stored.dataDirectory == dir + "/data")
        #expect(stored.questionIdleSeconds == 60)
        #expect(stored.pin?.parameters == .standard)
        #expect(stored.pin?.verify("739412") == true)
        #expect(stored.pin?.verify("7395") == false)

        // A new PIN keeps the other settings.
        #expect(try routewijzer(["kiosk", "set-pin", "--config", config], stdin: "hunter2hunter2\n").status == 0)
        let again = try #require(try KioskConfigFile.load(path: config))
        #expect(again.event == "Open dag 2026-11-28")
        #expect(again.pin?.verify("hunter2hunter2") == true)

        let check = try routewijzer(["kiosk", "check", "--config", config], stdin: "")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("evenement: Open dag 2026-11-28"))
        #expect(check.stdout.contains("opnieuw beginnen na: 60 s op de vragen, 180 s op de uitkomst"))
    }

    @Test func refusesShortOrDifferingPinsAndWritesNothing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/kiosk.json"
        let short = try routewijzer(["kiosk", "set-pin", "--config", config], stdin: "123\n")
        #expect(short.status != 0)
        #expect(short.stderr.contains("minstens 6 cijfers"), "\(short.stderr)")
        let fourDigits = try routewijzer(["kiosk", "set-pin", "--config", config], stdin: "4711\n4711\n")
        #expect(fourDigits.status != 0)
        let differ = try routewijzer(["kiosk", "set-pin", "--config", config], stdin: "123456\n123465\n")
        #expect(differ.status != 0)
        #expect(differ.stderr.contains("de twee pincodes verschillen"))
        #expect(!FileManager.default.fileExists(atPath: config))
    }

    @Test func kioskWithoutAPinOrWithABadConfigSaysWhy() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = try routewijzer(["kiosk", "--config", dir + "/none.json"], stdin: "")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("routewijzer kiosk set-pin"))
        try Data("{\n  \"event\": \"x\"\n  \"pin\": null\n}\n".utf8).write(to: URL(fileURLWithPath: dir + "/bad.json"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir + "/bad.json")
        let bad = try routewijzer(["kiosk", "check", "--config", dir + "/bad.json"], stdin: "")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains(dir + "/bad.json:3:3: JSON-syntaxfout"), "\(bad.stderr)")
    }

    /// A config file others can read gives them the PIN hash to guess offline; one they can
    /// write lets them set their own PIN. The kiosk refuses both and says how to fix it.
    @Test func aConfigFileOthersCanReadOrWriteIsRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/kiosk.json"
        #expect(try routewijzer(["kiosk", "set-pin", "--config", config, "--data-dir", dir + "/data"], stdin: "246813\n").status == 0)
        for mode in [0o644, 0o640, 0o660, 0o606] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: config)
            let check = try routewijzer(["kiosk", "check", "--config", config], stdin: "")
            #expect(check.status == 1, "mode \(String(mode, radix: 8))")
            #expect(check.stderr.contains("chmod 600 \(config)"), "\(check.stderr)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
        #expect(try routewijzer(["kiosk", "check", "--config", config], stdin: "").status == 0)
    }
}

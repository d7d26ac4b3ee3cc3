import Foundation
import Testing

/// A log line as a hand-edited or planted file may hold it: an event label with OSC 52, BEL, a
/// C1 CSI and a right-to-left override.
func hostileLogLine(id: String = "C656CEF4-BC8F-4063-9C50-F3441D37FE17", ended: String = "2026-11-28T10:24:51Z") -> String {
    #"{"answers":{"education":"mbo-4","sector":"x\u001b[31m"},"catalogueSHA256":"ab","catalogueVersion":"1","channel":"kiosk","#
        + #""endedAt":"\#(ended)","event":"Open dag\u001b]52;c;ZWNobyBoaQ==\u0007 \#u{9B}2J \#u{202E}gad","id":"\#(id)","#
        + #""language":"nl","outcome":"completed","routes":[{"fit":"eligible","id":"pdg","score":87.5}],"schema":1,"startedAt":"2026-11-28T10:12:03Z"}"#
}

/// The coordinator commands on hostile session files: nothing reaches the terminal that acts on
/// it, nothing is skipped silently, nothing is destroyed on failure, nothing personal leaves
/// unaudited or stays after erasure.
@Suite struct HostileLogTests {
    @Test(arguments: binaries)
    func exportsAndReportsToTheTerminalCarryNoControlCharacters(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        try dir.write("sessions.jsonl", hostileLogLine() + "\n")
        for format in ["csv", "json", "jsonl"] {
            let r = try run(binary, ["export", "--format", format, "--data-dir", dir.path])
            #expect(r.ended(with: 0), "\(format): \(r)")
            #expect(r.terminalSafe, "\(format): \(r)")
            #expect(r.out.contains("Open dag"))
        }
        let json = try run(binary, ["export", "--format", "jsonl", "--keep-ids", "--data-dir", dir.path])
        let record = try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any]
        #expect(record?["event"] as? String == "Open dag\u{1B}]52;c;ZWNobyBoaQ==\u{07} \u{9B}2J \u{202E}gad", "JSON keeps the value, escaped")
        for format in ["text", "csv", "json"] {
            let r = try run(binary, ["report", "--format", format, "--data-dir", dir.path])
            #expect(r.ended(with: 0), "\(format): \(r)")
            #expect(r.terminalSafe, "\(format): \(r)")
        }
    }

    @Test(arguments: binaries)
    func aLinkedSessionLogIsAnErrorNotZeroSessions(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        let elsewhere = Scratch(); defer { elsewhere.remove() }
        try elsewhere.write("sessions.jsonl", hostileLogLine() + "\n")
        #expect(symlink(elsewhere.file("sessions.jsonl"), dir.file("sessions.jsonl")) == 0)
        let r = try run(binary, ["export", "--data-dir", dir.path])
        #expect(r.ended(with: 1), "\(r)")
        #expect(r.stderr.contains("\(dir.file("sessions.jsonl")): een symbolische koppeling, geweigerd"), "\(r)")
        #expect(!r.stderr.contains("0 sessies"))
    }

    @Test(arguments: binaries)
    func exportToAPathReplacesItWholeOrNotAtAll(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        try dir.write("sessions.jsonl", hostileLogLine() + "\n")
        try dir.write("precious.txt", "keep me\n")
        #expect(symlink(dir.file("precious.txt"), dir.file("link.csv")) == 0)
        let linked = try run(binary, ["export", "--data-dir", dir.path, "-o", dir.file("link.csv")])
        #expect(linked.ended(with: 1), "\(linked)")
        #expect(linked.stderr.contains("Nothing was exported; whatever was at \(dir.file("link.csv")) is unchanged."), "\(linked)")
        #expect(!linked.stderr.contains("Your answers"), "a coordinator is not told about their answers")
        #expect(dir.read("precious.txt") == "keep me\n")

        try dir.write("old.csv", "old export\n")
        chmod(dir.file("old.csv"), 0o644)
        let replaced = try run(binary, ["export", "--data-dir", dir.path, "-o", dir.file("old.csv")])
        #expect(replaced.ended(with: 0), "\(replaced)")
        #expect(dir.read("old.csv").contains("Open dag"))
        var st = stat()
        #expect(stat(dir.file("old.csv"), &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.csv", "old.csv", "precious.txt", "sessions.jsonl"])
    }

    @Test(arguments: binaries)
    func noContactLeavesWithoutItsAuditLine(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        let contact = #"{"age16OrOlder":true,"consentGiven":true,"consentTextVersion":"c1","consentedAt":"2026-11-28T10:00:00Z","email":"zoe@example.nl","name":"Zoë Verhoeven","purpose":"p","retainUntil":"2099-11-28T10:00:00Z","session":"C656CEF4-BC8F-4063-9C50-F3441D37FE17"}"#
        try dir.write("contacts.jsonl", contact + "\n")
        try FileManager.default.createDirectory(atPath: dir.file("contacts-audit.jsonl"), withIntermediateDirectories: false)
        let r = try run(binary, ["contacts", "export", "--data-dir", dir.path])
        #expect(r.ended(with: 1), "\(r)")
        #expect(!r.out.contains("zoe@example.nl") && !r.out.contains("Zoë"), "\(r)")
    }

    @Test(arguments: binaries)
    func forgetSaysWhatItCouldNotTieToTheSession(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        try dir.write("sessions.jsonl", hostileLogLine() + "\n")
        try dir.write("contacts.quarantine", #"{"age16OrOlder":true,"consentGiven":true,"consentTextVersion":"c1","consentedAt":"2026-11-28T10:00:00Z","email":"piet@example.nl","name":"Piet"# + "\n")
        let r = try run(binary, ["forget", "c656cef4", "--data-dir", dir.path])
        #expect(r.ended(with: 3), "\(r)")
        #expect(r.out.contains("Gewist: 1 sessie-regel(s)"), "\(r)")
        #expect(r.stderr.contains("\(dir.file("contacts.quarantine")):1"), "\(r)")
        let byEmail = try run(binary, ["forget", "--email", "piet@example.nl", "--data-dir", dir.path])
        #expect(byEmail.ended(with: 0), "\(byEmail)")
        #expect(!dir.read("contacts.quarantine").contains("piet"))
    }

    @Test(arguments: binaries)
    func purgeMovesDamagedLinesAsideAndRefusesAFolderAnyoneCanWrite(binary: String) throws {
        let dir = Scratch(); defer { dir.remove() }
        let recent = hostileLogLine(ended: "2099-01-01T00:00:00Z")
        let damaged = recent.replacingOccurrences(of: #""outcome":"completed","#, with: "")
        try dir.write("sessions.jsonl", recent + "\n" + damaged + "\n")
        chmod(dir.path, 0o777)
        let open = try run(binary, ["purge", "--older-than", "30", "--data-dir", dir.path])
        #expect(open.ended(with: 1), "\(open)")
        #expect(open.stderr.contains("writable by everyone"), "\(open)")
        chmod(dir.path, 0o700)
        let r = try run(binary, ["purge", "--older-than", "30", "--data-dir", dir.path])
        #expect(r.ended(with: 0), "\(r)")
        #expect(r.out.contains("1 onleesbare regel(s) naar quarantaine"), "\(r)")
        #expect(dir.read("sessions.quarantine") == damaged + "\n")
    }

    /// Without HOME the data directory is the user's own home, never a folder under /tmp that
    /// anyone could have made first.
    @Test(arguments: binaries)
    func withoutHomeNothingLandsInTmp(binary: String) throws {
        let r = try run(binary, ["export"], environment: ["HOME": nil, "XDG_DATA_HOME": nil, "ROUTEWIJZER_DATA_DIR": nil])
        #expect(!r.stderr.contains("/tmp/.local") && !r.out.contains("/tmp/.local"), "\(r)")
        #expect(access("/tmp/.local/share/routewijzer/routewijzer.lock", F_OK) != 0)
    }
}

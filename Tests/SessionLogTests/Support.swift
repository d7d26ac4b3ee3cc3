import Foundation
import Glibc
import TestSupport
import RouteCatalog
@testable import SessionLog

func readBytes(_ path: String) -> [UInt8] {
    (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
}

func writeBytes(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

func appendBytes(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
    bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress!, $0.count) }
    close(fd)
}

func fileMode(_ path: String) -> mode_t {
    var st = stat()
    stat(path, &st)
    return st.st_mode & 0o7777
}

/// A record with typical answers.
func sampleRecord(
    id: UUID = UUID(), start: Int64 = 1_795_000_000, event: String? = "Open dag 2026-11-28",
    answers: Answers? = nil, outcome: SessionOutcome = .completed, routes: [RankedRoute]? = nil
) -> OutcomeRecord {
    OutcomeRecord(
        id: id, startedAt: UTCTime(seconds: start), endedAt: UTCTime(seconds: start + 600), channel: .kiosk, event: event,
        catalogueVersion: "2026.11.1", catalogueSHA256: String(repeating: "ab", count: 32), language: "nl",
        answers: answers ?? ["education": .option("hbo-bachelor"), "sector": .option("werktuigbouw"),
                             "province": .option("utrecht"), "experienceYears": .number(8)],
        routes: routes ?? [RankedRoute(id: "pdg", fit: .eligible, score: 87.5), RankedRoute(id: "zij-instroom-mbo", fit: .near, score: 61.25)],
        outcome: outcome)
}

/// Reads every record of the given inputs.
func readAll(_ inputs: [String]) throws -> (records: [OutcomeRecord], summary: ReadSummary) {
    var records: [OutcomeRecord] = []
    let summary = try SessionLogReader(inputs: inputs).read { records.append($0) }
    return (records, summary)
}

// MARK: - processes

/// The directory holding the built products (rw-logtool sits next to the test bundle).
let productsDirectory: String = {
    if let env = ProcessInfo.processInfo.environment["RW_PRODUCTS_DIR"] { return env }
    let tool = builtProduct("rw-logtool")
    return String(tool[..<tool.lastIndex(of: "/")!])
}()

let logToolPath = productsDirectory + "/rw-logtool"

/// Starts a program with stdout (and stderr) going to files; returns its pid.
func spawn(_ path: String, _ arguments: [String], stdout: String, stderr: String = "/dev/null") -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
    precondition(rc == 0, "posix_spawn \(path) failed: \(rc)")
    return pid
}

/// Waits for a process; returns its exit status (or 128 + signal).
@discardableResult
func waitFor(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    if status & 0x7F == 0 { return (status >> 8) & 0xFF }
    return 128 + (status & 0x7F)
}

/// Runs a program to completion, returning (status, stdout).
func run(_ path: String, _ arguments: [String], stdin: String? = nil) -> (Int32, String) {
    let out = TempDir("rw-run")
    defer { out.remove() }
    var args = arguments
    var program = path
    if let stdin {
        writeBytes(out.file("in"), Array(stdin.utf8))
        args = ["-c", "exec \"$0\" \"$@\" < \(out.file("in"))", path] + arguments
        program = "/bin/sh"
    }
    let pid = spawn(program, args, stdout: out.file("out"), stderr: out.file("err"))
    let status = waitFor(pid)
    return (status, String(decoding: readBytes(out.file("out")) + readBytes(out.file("err")), as: UTF8.self))
}

/// Complete lines of a file (a last line without `\n` is left out).
func completeLines(_ path: String) -> [String] {
    let bytes = readBytes(path)
    guard let lastNL = bytes.lastIndex(of: 0x0A) else { return [] }
    return String(decoding: bytes[...lastNL], as: UTF8.self).split(separator: "\n").map(String.init)
}

/// An executable found on PATH.
func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let p = "\(dir)/\(name)"
        if access(p, X_OK) == 0 { return p }
    }
    return nil
}

import Foundation
import Testing
import TestSupport

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// The builds every hostile input is tried on: the debug build beside this test bundle, and the
/// release build when `ROUTEWIJZER_RELEASE_BINARY` names it (`make test` builds it and sets it;
/// checked arithmetic, inlining and stack use differ between the two).
let binaries: [String] = {
    var list = [builtProduct("routewijzer")]
    if let release = ProcessInfo.processInfo.environment["ROUTEWIJZER_RELEASE_BINARY"], !release.isEmpty {
        list.append(release)
    }
    return list
}()

struct Outcome: CustomStringConvertible {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
    var out: String { String(decoding: stdout, as: UTF8.self) }
    var description: String { "status \(status)\nstderr: \(stderr.prefix(2_000))\nstdout: \(out.prefix(500))" }

    /// Ended by itself (no signal, no trap, no backtrace) with this status.
    func ended(with expected: Int32) -> Bool {
        status == expected && !stderr.contains("Fatal error") && !stderr.contains("Backtrac")
    }

    /// Neither output holds a character a terminal would act on (line breaks and CR-LF in CSV aside).
    var terminalSafe: Bool {
        let text = String(decoding: stdout, as: UTF8.self) + stderr
        return !text.unicodeScalars.contains { s in
            let v = s.value
            return (v < 0x20 && v != 0x0A && v != 0x0D) || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v)
        }
    }
}

/// Runs a build with arguments, standard input from a file (or nothing), in the package root.
func run(_ binary: String, _ arguments: [String], stdinFile: String? = nil, stdin: String? = nil,
         environment: [String: String?] = [:]) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
    var env = ProcessInfo.processInfo.environment
    env["ROUTEWIJZER_CATALOGUE"] = nil
    env["SWIFT_BACKTRACE"] = nil
    for (k, v) in environment { env[k] = v }
    process.environment = env
    // Standard input, output and error go through files: no pipe can fill up and block.
    let io = Scratch()
    defer { io.remove() }
    FileManager.default.createFile(atPath: io.file("out"), contents: nil)
    FileManager.default.createFile(atPath: io.file("err"), contents: nil)
    if let stdin { try io.write("in", stdin) } else if stdinFile == nil { try io.write("in", "") }
    process.standardInput = FileHandle(forReadingAtPath: stdinFile ?? io.file("in"))
    process.standardOutput = FileHandle(forWritingAtPath: io.file("out"))
    process.standardError = FileHandle(forWritingAtPath: io.file("err"))
    try process.run()
    process.waitUntilExit()
    let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    let out = (try? Data(contentsOf: URL(fileURLWithPath: io.file("out")))) ?? Data()
    return Outcome(status: status, stdout: Array(out), stderr: io.read("err"))
}

/// A fresh directory under /tmp (mode 0700), removed by `remove()`.
struct Scratch {
    let path: String
    init() {
        var template = Array("/tmp/rw-hostile-XXXXXX".utf8CString)
        path = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
    }
    func file(_ name: String) -> String { path + "/" + name }
    func write(_ name: String, _ text: String) throws { try write(name, Array(text.utf8)) }
    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
        chmod(file(name), 0o600)
    }
    func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The test catalogue (Tests/Fixtures/catalogues/minimal.json) as an editable JSON object.
func minimalCatalogue() throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: packageRoot + "/Tests/Fixtures/catalogues/minimal.json"))) as! [String: Any]
}

/// `json` with the value at `path` (keys and list positions) replaced.
func setting(_ json: [String: Any], _ path: [Any], _ value: Any) -> [String: Any] {
    func assign(_ node: Any, _ path: ArraySlice<Any>) -> Any {
        guard let first = path.first else { return value }
        if let key = first as? String, var dict = node as? [String: Any] {
            dict[key] = assign(dict[key] as Any, path.dropFirst())
            return dict
        }
        var list = node as! [Any]
        let index = first as! Int
        list[index] = assign(list[index], path.dropFirst())
        return list
    }
    return assign(json, path[...]) as! [String: Any]
}

func jsonBytes(_ object: Any) throws -> [UInt8] {
    Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
}

/// A path as arguments: "routes.0.preferences.0.weight".
func keyPath(_ text: String) -> [Any] {
    text.split(separator: ".").map { Int($0).map { $0 as Any } ?? String($0) }
}

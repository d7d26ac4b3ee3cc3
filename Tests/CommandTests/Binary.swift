import Foundation
import Testing
import TestSupport

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

func fixturePath(_ name: String) -> String {
    packageRoot.appendingPathComponent("Tests/Fixtures/catalogues/\(name)").path
}

/// The `routewijzer` built beside this test bundle.
let binary = URL(fileURLWithPath: builtProduct("routewijzer"))

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the binary with arguments and optional standard input, in the package root.
func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    var env = ProcessInfo.processInfo.environment
    env["ROUTEWIJZER_CATALOGUE"] = nil
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Both pipes are drained at once: a child that fills one (a long list of problems on
    // standard error) while the other is read would otherwise wait forever.
    let errors = ErrorsReader(err.fileHandleForReading)
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = errors.wait()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
               stderr: String(decoding: e, as: UTF8.self))
}

/// Reads a pipe to its end on a thread of its own.
final class ErrorsReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

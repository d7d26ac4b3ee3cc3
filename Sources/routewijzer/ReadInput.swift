import ArgumentParser
import CommandOptions
import RouteCatalog
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads all of standard input or a file: at most `AnswersReader.maximumBytes`.
func readInput(_ path: String?) throws -> (data: Data, name: String) {
    let name = path.flatMap { $0 == "-" ? nil : $0 } ?? "<stdin>"
    do {
        if name == "<stdin>" {
            return (try BoundedInput.read(fd: 0, limit: AnswersReader.maximumBytes, what: "answers document"), name)
        }
        return (try BoundedInput.read(path: name, limit: AnswersReader.maximumBytes, what: "answers document"), name)
    } catch {
        printError("\(name): \(error)")
        throw ExitCode(2)
    }
}

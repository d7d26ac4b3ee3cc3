import ArgumentParser
import Matching
import RouteCatalog
import SessionLog
import SystemIO
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `--catalogue`, shared by every command that reads routes.json.
public struct CatalogueOptions: ParsableArguments {
    @Option(name: .customLong("catalogue"),
            help: ArgumentHelp("The route catalogue (default: $ROUTEWIJZER_CATALOGUE, ./routes.json, or the bundled one).",
                               valueName: "path"))
    public var path: String?

    public init() {}

    /// The catalogue file to use: the flag, then `ROUTEWIJZER_CATALOGUE`, then `routes.json` in
    /// the working directory, then the one shipped beside the program.
    public func resolvedPath() -> String {
        if let path { return path }
        return CatalogueOptions.defaultPath()
    }

    public static func defaultPath() -> String {
        find(environment: DataDirectory.processEnvironment()) ?? "routes.json"
    }

    /// `ROUTEWIJZER_CATALOGUE`, else routes.json in the current directory, else in the
    /// directories above the executable (the package checkout when run from a build directory),
    /// else the installed copy; nil when there is none.
    public static func find(environment: [String: String]) -> String? {
        if let e = environment["ROUTEWIJZER_CATALOGUE"], !e.isEmpty { return e }
        var candidates = ["routes.json"]
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 {
            var dir = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            for _ in 0..<6 {
                guard let slash = dir.lastIndex(of: "/"), slash != dir.startIndex else { break }
                dir = String(dir[..<slash])
                candidates.append(dir + "/routes.json")
            }
            candidates.append(dir + "/share/routewijzer/routes.json")
        }
        candidates += ["/usr/local/share/routewijzer/routes.json", "/usr/share/routewijzer/routes.json"]
        return candidates.first { access($0, R_OK) == 0 }
    }

    /// The catalogue for labels only (the report's names): the one asked for with `--catalogue`
    /// (an error when it cannot be read), else the one found by default, else none.
    public func loadForNames() throws -> LoadedCatalogue? {
        if path != nil { return try load().loaded }
        guard let found = CatalogueOptions.find(environment: DataDirectory.processEnvironment()) else { return nil }
        return try? CheckedCatalogue.load(path: found, rankingOnce: true).loaded
    }

    /// Loads and checks the catalogue (`CheckedCatalogue`) for one ranking, or prints every
    /// problem and exits with status 2.
    public func load() throws -> CheckedCatalogue {
        do {
            return try CheckedCatalogue.load(path: resolvedPath(), rankingOnce: true)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

/// `--lang nl|en`.
extension Language: ExpressibleByArgument {}

/// Writes a line to standard error, without control characters (`TerminalText`).
public func printError(_ text: String) {
    SystemFileSystem().writeAll(2, TerminalText.strip(text.hasSuffix("\n") ? text : text + "\n"))
}

/// Writes text to standard output, without control characters (`TerminalText`).
public func printOutput(_ text: String) {
    SystemFileSystem().writeAll(1, TerminalText.strip(text))
}

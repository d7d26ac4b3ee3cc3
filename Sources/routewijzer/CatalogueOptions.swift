import ArgumentParser
import RouteCatalog
import SessionLog
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `--catalogue`, shared by every command that reads routes.json.
struct CatalogueOptions: ParsableArguments {
    @Option(name: .customLong("catalogue"),
            help: ArgumentHelp("The route catalogue (default: $ROUTEWIJZER_CATALOGUE, ./routes.json, or the bundled one).",
                               valueName: "path"))
    var path: String?

    /// The catalogue file to use: the flag, then `ROUTEWIJZER_CATALOGUE`, then `routes.json` in
    /// the working directory, then the one shipped beside the program.
    func resolvedPath() -> String {
        if let path { return path }
        return CatalogueOptions.defaultPath()
    }

    static func defaultPath() -> String {
        find(environment: DataDirectory.processEnvironment()) ?? "routes.json"
    }

    /// `ROUTEWIJZER_CATALOGUE`, else routes.json in the current directory, else in the
    /// directories above the executable (the package checkout when run from a build directory),
    /// else the installed copy; nil when there is none.
    static func find(environment: [String: String]) -> String? {
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
    func loadForNames() throws -> LoadedCatalogue? {
        if path != nil { return try load() }
        guard let found = CatalogueOptions.find(environment: DataDirectory.processEnvironment()) else { return nil }
        return try? CatalogueLoader.load(path: found)
    }

    /// Loads and decodes the catalogue, or prints every problem and exits with status 2.
    func load() throws -> LoadedCatalogue {
        do {
            return try CatalogueLoader.load(path: resolvedPath())
        } catch let error as CatalogueLoadError {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

/// `--lang nl|en`.
extension Language: ExpressibleByArgument {}

/// Writes a line to standard error.
func printError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    var bytes = Array(line.utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        if n > 0 { bytes = bytes.dropFirst(n) } else if n < 0 && errno == EINTR { continue } else { break }
    }
}

/// Reads all of standard input or a file.
func readInput(_ path: String?) throws -> (data: Data, name: String) {
    guard let path, path != "-" else {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(0, &chunk, chunk.count)
            if n > 0 { bytes += chunk[0..<n] } else if n == 0 || errno != EINTR { break }
        }
        return (Data(bytes), "<stdin>")
    }
    do {
        return (try Data(contentsOf: URL(fileURLWithPath: path)), path)
    } catch {
        printError("\(path): cannot read the answers file (\(String(cString: strerror(errno))))")
        throw ExitCode(2)
    }
}

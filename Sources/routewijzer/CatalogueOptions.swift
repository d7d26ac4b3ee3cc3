import ArgumentParser
import RouteCatalog
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
        if let env = getenv("ROUTEWIJZER_CATALOGUE"), let value = String(validatingCString: env), !value.isEmpty {
            return value
        }
        var candidates = ["routes.json"]
        if let exe = executableDirectory() {
            candidates += [
                exe + "/routes.json",                         // installed side by side
                exe + "/../share/routewijzer/routes.json",    // /usr/local/bin + /usr/local/share
                exe + "/../../routes.json",                   // .build/<config>/routewijzer in a checkout
                exe + "/../../../routes.json",                // .build/<triple>/<config>/routewijzer
            ]
        }
        return candidates.first { access($0, R_OK) == 0 } ?? "routes.json"
    }

    private static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
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

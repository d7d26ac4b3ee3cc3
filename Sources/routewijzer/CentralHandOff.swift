import ArgumentParser
import CommandOptions
import Glibc

/// The central store's commands live in `routewijzer-central`, so this executable (the kiosk's)
/// carries no database client. `sync` and `db`, and export, report, forget and purge with `--db`,
/// `--from` or `--db-config`, are handed over to it: the same arguments, the same process (exec).
enum CentralHandOff {
    static let program = "routewijzer-central"
    static let storeOptions = ["--db", "--from", "--db-config"]

    static func isCentral(_ args: [String]) -> Bool {
        guard let command = args.first else { return false }
        switch command {
        case "sync", "db": return true
        case "export", "report", "forget", "purge":
            return args.dropFirst().contains { a in storeOptions.contains { a == $0 || a.hasPrefix($0 + "=") } }
        default: return false
        }
    }

    /// Execs `routewijzer-central` (beside this program, else on the PATH) for the central
    /// commands; returns only for the others.
    static func handOverIfCentral(_ arguments: [String]) {
        let args = Array(arguments.dropFirst())
        guard isCentral(args) else { return }
        var candidates: [String] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 {
            let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let slash = path.lastIndex(of: "/") { candidates.append(String(path[..<slash]) + "/" + program) }
        }
        let argv = ([program] + args).map { strdup($0) } + [nil]
        for c in candidates where access(c, X_OK) == 0 { execv(c, argv) }
        execvp(program, argv)
        printError("routewijzer \(args[0]) needs the program \(program), installed beside routewijzer "
                   + "(docs/deployment.md, \"The central store\"): \(String(cString: strerror(errno))).")
        exit(1)
    }
}

/// Listed in `--help`; the command itself runs in routewijzer-central.
struct SyncHandOff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Ship the sessions to the central store (PostgreSQL); `routewijzer sync --help` for more.")
}

struct DBHandOff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The central store's schema: `db migrate`, `db status`.")
}

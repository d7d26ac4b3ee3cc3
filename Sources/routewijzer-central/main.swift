// routewijzer-central: the commands that talk to the central store. `routewijzer` hands them over
// (`routewijzer sync`, `routewijzer db …`, and export, report, forget and purge with --db or
// --from), so the kiosk's own executable carries no database client.
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import Glibc
import Central
import RouteCatalog
import SessionLog
import CommandOptions
import CoordinatorReport
import Reporting
import SystemIO

enum Out {
    static func write(_ fd: Int32, _ s: String) { SystemFileSystem().writeAll(fd, s) }
    static func err(_ s: String) { write(2, s + "\n") }
    static func out(_ s: String) { write(1, s + "\n") }
}

/// `--from`, `--db-config`: where the central store is. Never a password.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("from"), help: ArgumentHelp(
        "The central store as postgres://USER@HOST:PORT/DATABASE (?sslmode=verify-full&sslrootcert=FILE); no password here.",
        valueName: "ADDRESS"))
    var address: String?

    @Option(name: .customLong("db-config"), help: ArgumentHelp(
        "Settings file, mode 0600 (default: $ROUTEWIJZER_DB_CONFIG, else /etc/routewijzer/central.conf if it exists, else the PG* variables).",
        valueName: "FILE"))
    var configFile: String?

    @Flag(name: .customLong("db"), help: "Use the central store (from the settings file or the PG* variables).")
    var useDatabase = false

    func settings() throws -> CentralSettings {
        do throws(CentralError) {
            return try CentralSettings.resolve(address: address, configFile: configFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            Out.err(error.description)
            throw ExitCode(1)
        }
    }
}

/// Runs a command's asynchronous work to its end from its synchronous `run()`.
func blocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    final class Outcome: @unchecked Sendable { var error: (any Error)? }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { try await body() } catch { outcome.error = error }
        done.signal()
    }
    done.wait()
    if let error = outcome.error { throw error }
}

/// Exit status when the server stayed away: try again later (sysexits EX_TEMPFAIL).
enum Exit { static let unreachable: Int32 = 75 }

func fail(_ error: CentralError) -> ExitCode {
    Out.err(error.description)
    return ExitCode(error.isTransient ? Exit.unreachable : 1)
}

struct CentralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routewijzer",
        abstract: "Routewijzer's central store on PostgreSQL: shipping the logs, the schema, reading back.",
        subcommands: [SyncCommand.self, DBCommand.self])
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Ship the sessions the central store does not have yet.",
        discussion: """
        Resumable: a mark per log file in sync-state.json records how far the store has committed; \
        killed at any moment, the next run goes on from there, and a session shipped twice is \
        stored once. When the server cannot be reached it tries again with growing pauses, then \
        exits with status 75 (try later); nothing is lost. Contact details go along only with \
        --contacts or `contacts = yes` in the settings file. Exit status 0 also when another sync \
        of the same directory is running (it says so).
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var location: DataDirOptions

    @Option(name: .customLong("batch-size"), help: "Sessions per transaction.")
    var batchSize = 5_000

    @Option(help: "Attempts after the first when the server cannot be reached.")
    var retries = 6

    @Option(help: ArgumentHelp("Keep running beside the kiosk: sync again every SECONDS.", valueName: "SECONDS"))
    var every: Int?

    @Option(help: ArgumentHelp("Seconds a batch may wait for the server's answer before the connection is dropped and the batch tried again.", valueName: "SECONDS"))
    var timeout = 60

    @Flag(help: "Ship contact details too (to their own table, readable only by the advisors' role).")
    var contacts = false

    @Flag(help: "Say nothing when all went well.")
    var quiet = false

    func validate() throws {
        guard batchSize >= 1 && batchSize <= 100_000 else { throw ValidationError(Language.en[.argumentBatchSize]) }
        guard retries >= 0 else { throw ValidationError(Language.en[.argumentRetries]) }
        if let every, every < 1 { throw ValidationError(Language.en[.argumentEvery]) }
        guard (1...3600).contains(timeout) else { throw ValidationError(Language.en[.argumentTimeout]) }
    }

    func run() throws {
        let command = self
        try blocking { try await command.work() }
    }

    func work() async throws {
        var settings = try store.settings()
        if contacts { settings.shipContacts = true }
        var options = Shipper.Options()
        options.batchSize = batchSize
        options.retries = retries
        options.statementTimeout = Double(timeout)
        options.shipContacts = settings.shipContacts
        let directory = try location.directory
        var shipper = Shipper(directory: directory, settings: settings, options: options)
        shipper.say = { Out.err($0) }
        while true {
            var status: Int32 = 0
            do throws(CentralError) {
                if let report = try await shipper.run() {
                    if !quiet || !report.damaged.isEmpty {
                        var line = Language.nl[.syncAdded, directory.path, settings.displayName, report.sessionsAdded]
                        let skipped = report.sessionsSent - report.sessionsAdded
                        if skipped > 0 { line += ", " + Language.nl[.syncAlreadyThere, skipped] }
                        if settings.shipContacts { line += "; " + Language.nl[.syncContactsAdded, report.contactsAdded] }
                        if !report.damaged.isEmpty { line += "; " + Language.nl[.syncDamagedNotSent, report.damaged.count] }
                        Out.err(line + ".")
                    }
                } else {
                    Out.err(Language.nl[.syncAlreadyRunning, directory.path])
                }
            } catch {
                Out.err(error.description)
                status = error.isTransient ? Exit.unreachable : 1
            }
            guard let every else {
                if status != 0 { throw ExitCode(status) }
                return
            }
            try? await Task.sleep(nanoseconds: UInt64(every) * 1_000_000_000)
        }
    }
}

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The central store's schema.",
        subcommands: [MigrateCommand.self, StatusCommand.self])
}

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the schema, or bring it up to date (run as the database's owner).",
        discussion: "Creates the group roles routewijzer_kiosk, routewijzer_coordinator, routewijzer_advisor and routewijzer_steward when they are missing (that needs CREATEROLE).")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let command = self
        try blocking { try await command.work() }
    }

    func work() async throws {
        let settings = try store.settings()
        do throws(CentralError) {
            let result = try await CentralDatabase.using(settings) { db throws(CentralError) in try await CentralSchema.migrate(db) }
            if result.applied.isEmpty {
                Out.out(Language.nl[.dbAlreadyAtVersion, settings.displayName, result.to])
            } else {
                for step in result.applied { Out.out(Language.nl[.dbStepApplied, step.version, step.summary]) }
                Out.out(Language.nl[.dbMigrated, settings.displayName, result.from, result.to])
            }
        } catch {
            throw fail(error)
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Say which schema version the store has.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let command = self
        try blocking { try await command.work() }
    }

    func work() async throws {
        let settings = try store.settings()
        do {
            let db = try await CentralDatabase.connect(settings)
            let v = try await CentralSchema.version(db)
            await db.close()
            switch v {
            case nil:
                Out.out(Language.nl[.dbNoSchema, settings.displayName])
                throw ExitCode(1)
            case let v? where v < CentralSchema.latestVersion:
                Out.out(Language.nl[.dbSchemaBehind, settings.displayName, v, CentralSchema.latestVersion])
                throw ExitCode(1)
            case let v?:
                Out.out(Language.nl[.dbSchemaCurrent, settings.displayName, v])
            }
        } catch let e as CentralError {
            throw fail(e)
        }
    }
}

// MARK: Commands that reach the local files too: the local part is `routewijzer` itself.

/// The arguments of export, report, forget and purge, split into the store's options and the
/// rest, which goes to `routewijzer` unchanged.
struct SplitArguments {
    var address: String?
    var configFile: String?
    var rest: [String] = []

    init(_ args: [String]) throws(CentralError) {
        var i = 0
        func value(_ name: String) throws(CentralError) -> String {
            if args[i].hasPrefix(name + "=") { return String(args[i].dropFirst(name.count + 1)) }
            i += 1
            guard i < args.count else { throw CentralError.settings(Language.en[.centralOptionNeedsValue, name]) }
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            if a == "--db" {
            } else if a == "--from" || a.hasPrefix("--from=") {
                address = try value("--from")
            } else if a == "--db-config" || a.hasPrefix("--db-config=") {
                configFile = try value("--db-config")
            } else {
                rest.append(a)
            }
            i += 1
        }
    }

    /// The value of an option among the rest.
    func option(_ name: String) -> String? {
        for (n, a) in rest.enumerated() {
            if a.hasPrefix(name + "=") { return String(a.dropFirst(name.count + 1)) }
            if a == name, n + 1 < rest.count { return rest[n + 1] }
        }
        return nil
    }

    func settings() throws(CentralError) -> CentralSettings {
        try CentralSettings.resolve(address: address, configFile: configFile, environment: ProcessInfo.processInfo.environment)
    }
}

/// `routewijzer` beside this program (the one that handed the command over), else on the PATH.
func routewijzerProgram() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if n > 0 {
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if let slash = path.lastIndex(of: "/") {
            let candidate = String(path[..<slash]) + "/routewijzer"
            if access(candidate, X_OK) == 0 { return candidate }
        }
    }
    return "routewijzer"
}

/// Runs `routewijzer ARGS` and returns its exit status.
func runRoutewijzer(_ args: [String]) -> Int32 {
    let program = routewijzerProgram()
    let env = ProcessInfo.processInfo.environment
    let argv = ([program] + args).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = program.contains("/") ? posix_spawn(&pid, program, nil, nil, argv, envp) : posix_spawnp(&pid, program, nil, nil, argv, envp)
    guard rc == 0 else {
        Out.err("routewijzer could not be started (\(program)): \(String(cString: strerror(rc))).")
        return 1
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    if status & 0x7f == 0 { return (status >> 8) & 0xff }
    return 128 + (status & 0x7f)
}

/// export --db (and report --db where the server does not count): the store's sessions into a
/// private temporary log, read by `routewijzer` export/report like any log (with any further logs
/// given), then removed.
func readBack(_ command: String, _ args: [String]) async -> Int32 {
    do throws(CentralError) {
        let split = try SplitArguments(args)
        let settings = try split.settings()
        var template = Array("\(ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")/routewijzer-central-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw CentralError.local(Language.en[.centralNoTemporaryDirectory, String(cString: strerror(errno))]) }
        let dir = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let file = dir + "/sessions.jsonl"
        defer { unlink(file); rmdir(dir) }
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CentralError.local("\(file): \(String(cString: strerror(errno))).") }
        let db: CentralDatabase
        do throws(CentralError) { db = try await CentralDatabase.connect(settings) } catch { close(fd); throw error }
        let window = fetchWindow(split)
        do throws(CentralError) {
            _ = try await StoredRecords.write(to: fd, since: window.since, until: window.until, db)
        } catch { close(fd); await db.close(); throw error }
        close(fd)
        await db.close()
        return runRoutewijzer([command, file] + split.rest)
    } catch {
        Out.err(error.description)
        return error.isTransient ? Exit.unreachable : 1
    }
}

/// `routewijzer report` as the kiosk's executable has it, for parsing alone: help and errors name
/// the command as the coordinator typed it.
struct ReportParsing: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "routewijzer", subcommands: [ReportCommand.self])
}

/// report --db: the server counts (`StoredTally`) and the report command words and draws the
/// counts, as it does those of files. With log files given too (merged with the store by session
/// id), or where the server cannot count exactly, the records are read back as for export.
func report(_ args: [String]) async -> Int32 {
    let split: SplitArguments
    do throws(CentralError) { split = try SplitArguments(args) } catch {
        Out.err(error.description)
        return 1
    }
    let command: ReportCommand
    let setup: ReportCommand.Setup
    do {
        var parsed = try ReportParsing.parseAsRoot(["report"] + split.rest)
        guard let report = parsed as? ReportCommand else {
            try parsed.run()   // --help and the like
            return 0
        }
        command = report
        guard command.inputs.isEmpty else { return await readBack("report", args) }
        setup = try command.setup()
    } catch {
        ReportParsing.exit(withError: error)
    }
    do throws(CentralError) {
        let settings = try split.settings()
        var tally = DemandTally(catalogue: setup.catalogue)
        switch try await StoredTally.count(into: &tally, filter: setup.filter, settings: settings) {
        case .readRecords(let reason):
            Out.err(Language.nl[.reportServerCannotCount, reason])
            return await readBack("report", args)
        case .counted(let sessions):
            do {
                try command.write(tally, setup, damagedLines: 0) { Out.err(Language.nl[.reportSessionsFrom, sessions, settings.displayName]) }
            } catch {
                ReportParsing.exit(withError: error)
            }
            return 0
        }
    } catch {
        Out.err(error.description)
        return error.isTransient ? Exit.unreachable : 1
    }
}

/// A window around --since/--until, a day wider on each side: it only saves fetching what the
/// command's own filter would drop anyway.
func fetchWindow(_ split: SplitArguments) -> (since: UTCTime?, until: UTCTime?) {
    func parse(_ text: String?, endOfDay: Bool) -> UTCTime? {
        guard let text else { return nil }
        if let day = CivilDate(ymd: text) {
            let t = AmsterdamTime.startOfDay(day)
            return endOfDay ? t.adding(days: 3) : t.adding(days: -2)
        }
        if let t = UTCTime(iso8601: text) { return endOfDay ? t.adding(days: 2) : t.adding(days: -2) }
        return nil
    }
    return (parse(split.option("--since"), endOfDay: false), parse(split.option("--until"), endOfDay: true))
}

/// forget --db: the session is looked up in the store and the local log, erased in the store
/// (and remembered as erased), then `routewijzer forget` erases the local copies.
func forget(_ args: [String]) async -> Int32 {
    do throws(CentralError) {
        let split = try SplitArguments(args)
        let positional = positionalArguments(split.rest, valued: ["--data-dir"])
        guard positional.count == 1 else {
            Out.err("forget --db takes one session id or code."); return 64
        }
        let code = positional[0]
        guard code.count >= 8, code.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            Out.err("With --db, forget takes a session id (UUID) or the code a visitor was shown (8 or more characters); '\(code)' is neither.")
            return 64
        }
        let settings = try split.settings()
        let path: String
        do { path = try DataDirectory.resolve(explicit: split.option("--data-dir"), environment: DataDirectory.processEnvironment()) }
        catch { throw .local(error.coordinatorDescription(language: "nl")) }
        let directory = DataDirectory(path: path)
        var ids = Set<UUID>()
        if let full = UUID(uuidString: code) { ids.insert(full) } else {
            let log = directory.sessionsPath
            if access(log, F_OK) == 0 {
                _ = try? SessionLogReader(inputs: [log]).read { r in
                    if r.id.uuidString.uppercased().hasPrefix(code.uppercased()) { ids.insert(r.id) }
                }
            }
        }
        let db = try await CentralDatabase.connect(settings)
        if UUID(uuidString: code) == nil {
            do throws(CentralError) { ids.formUnion(try await CentralErasure.sessions(matching: code, db)) } catch { await db.close(); throw error }
        }
        guard ids.count == 1, let id = ids.first else {
            await db.close()
            Out.err(ids.isEmpty ? "No session with code \(code.uppercased()) in \(directory.path) or in \(settings.displayName)."
                                : "The code \(code.uppercased()) fits \(ids.count) sessions; give more characters or the whole id.")
            return 1
        }
        let done: CentralErasure.Forgotten
        do throws(CentralError) { done = try await CentralErasure.forget(id, db) } catch { await db.close(); throw error }
        await db.close()
        Out.out(Language.nl[.forgetCentralErased, settings.displayName, done.sessions, done.contacts])
        Out.out(Language.nl[.forgetLocal, directory.path])
        let rest = split.rest.filter { $0 != code }
        return runRoutewijzer(["forget", id.uuidString.lowercased()] + rest)
    } catch {
        Out.err(error.description)
        return error.isTransient ? Exit.unreachable : 1
    }
}

/// Up to this many deletions need no confirmation (as `routewijzer purge`).
let purgeHandful = 5

/// purge --db: the same age limit in the store (and its cut-off remembered), then locally.
func purge(_ args: [String]) async -> Int32 {
    do throws(CentralError) {
        let split = try SplitArguments(args)
        guard let text = split.option("--older-than"), let days = Int(text), days >= 0 else {
            Out.err("purge --db needs --older-than DAYS (0 or more)."); return 64
        }
        let dryRun = split.rest.contains("--dry-run")
        let yes = split.rest.contains("--yes")
        let settings = try split.settings()
        let db = try await CentralDatabase.connect(settings)
        let now = UTCTime.now()
        let cutoff = now.adding(days: -days)
        let done: CentralErasure.Purged
        do throws(CentralError) {
            // As without --db: more than a handful asks first, on a terminal; scripts pass --yes.
            if !dryRun && !yes {
                let plan = try await CentralErasure.purge(endedBefore: cutoff, now: now, dryRun: true, db)
                if plan.sessions + plan.contacts > purgeHandful {
                    guard isatty(0) == 1 && isatty(1) == 1 else {
                        await db.close()
                        Out.err(Language.nl[.purgeCentralNeedsYes, settings.displayName, plan.sessions, plan.contacts])
                        return 1
                    }
                    Out.write(1, Language.nl[.purgeCentralWillDelete, settings.displayName, plan.sessions, plan.contacts] + " " + Language.nl[.purgeConfirm] + " ")
                    let answer = (readLine() ?? "").split(separator: " ").joined().lowercased()
                    guard ["ja", "j", "yes", "y"].contains(answer) else {
                        await db.close()
                        Out.out(Language.nl[.purgeAborted])
                        return 1
                    }
                }
            }
            done = try await CentralErasure.purge(endedBefore: cutoff, now: now, dryRun: dryRun, db)
        } catch { await db.close(); throw error }
        await db.close()
        let verb = Language.nl[dryRun ? .purgeCentralWouldBeDeleted : .purgeCentralDeleted]
        Out.out(Language.nl[.purgeCentralDone, settings.displayName, done.sessions, verb, days, done.contacts])
        Out.out(Language.nl[.purgeLocal])
        return runRoutewijzer(["purge"] + split.rest)
    } catch {
        Out.err(error.description)
        return error.isTransient ? Exit.unreachable : 1
    }
}

/// The arguments that are not options or option values.
func positionalArguments(_ args: [String], valued: Set<String>) -> [String] {
    var out: [String] = [], skip = false
    for a in args {
        if skip { skip = false; continue }
        if valued.contains(a) { skip = true; continue }
        if a.hasPrefix("-") { continue }
        out.append(a)
    }
    return out
}

let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "export":
    exit(await readBack(args[0], Array(args.dropFirst())))
case "report":
    exit(await report(Array(args.dropFirst())))
case "forget":
    exit(await forget(Array(args.dropFirst())))
case "purge":
    exit(await purge(Array(args.dropFirst())))
default:
    CentralCommand.main()
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
import Central

// A real PostgreSQL for the tests: Debian's server, a throw-away cluster in a temporary folder
// (initdb + pg_ctl, as the `postgres` user when the tests run as root, since initdb refuses root),
// on 127.0.0.1 at a free port, its socket in the folder. TCP logins need a password
// (scram-sha-256), so the tests go through the same credential paths as a deployment.
// `pg_ctl -m immediate stop` always runs: when the server is released, at exit, and from a
// watchdog process should the test process be killed.

/// The Debian server's programs, or why there are none.
enum PostgresInstall {
    static let binDir: String? = {
        let root = "/usr/lib/postgresql"
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: root) else { return nil }
        for v in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) where access("\(root)/\(v)/bin/initdb", X_OK) == 0 {
            return "\(root)/\(v)/bin"
        }
        return nil
    }()

    static let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false

    /// Tests that need the server run when it is installed; they may be skipped only outside CI.
    static var available: Bool { binDir != nil || isCI }

    static let skipReason: Comment = "PostgreSQL is not installed (apt-get install postgresql; scripts/install-deps does it)"
}

/// Output of a command run as the server's owner.
@discardableResult
func asServerOwner(_ args: [String], environment: [String: String]? = nil) -> (status: Int32, output: String) {
    if geteuid() == 0 {
        return run(["/usr/sbin/runuser", "-u", "postgres", "--"] + args, environment: environment, withErrors: true)
    }
    return run(args, environment: environment, withErrors: true)
}

final class TestPostgres: @unchecked Sendable {
    let folder: String
    let dataDir: String
    let socketDir: String
    let port: Int
    let bin: String
    let superuser = "rwtest"
    let superPassword = "super-secret-\(UInt32.random(in: 0...UInt32.max))"
    /// Passwords of the login roles made by `makeLoginRoles`.
    let password = "role-secret-\(UInt32.random(in: 0...UInt32.max))"
    private var watchdog: pid_t = 0
    /// The server speaks TLS with `certificate` (for the name localhost).
    private(set) var hasTLS = false
    var certificate: String { folder + "/server.crt" }

    struct StartError: Error, CustomStringConvertible { var description: String }

    /// Starts a new cluster; throws with the server's log when it cannot.
    init() throws {
        guard let bin = PostgresInstall.binDir else {
            throw StartError(description: "PostgreSQL is not installed, and this is CI: scripts/install-deps must install it")
        }
        self.bin = bin
        folder = NSTemporaryDirectory() + "rw-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        dataDir = folder + "/data"
        socketDir = folder + "/socket"
        try FileManager.default.createDirectory(atPath: socketDir, withIntermediateDirectories: true)
        let pwfile = folder + "/pw"
        try superPassword.write(toFile: pwfile, atomically: true, encoding: .utf8)
        // A certificate for "localhost", so TLS with full verification can be tried on loopback.
        let tls = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                       "-addext", "subjectAltName=DNS:localhost", "-keyout", folder + "/server.key", "-out", folder + "/server.crt"],
                      withErrors: true)
        hasTLS = tls.status == 0
        chmod(folder + "/server.key", 0o600)
        if geteuid() == 0 {
            _ = run(["chown", "-R", "postgres:postgres", folder])
        }
        chmod(folder, 0o700)
        port = try freeLoopbackPort()
        let r = asServerOwner([bin + "/initdb", "-D", dataDir, "-U", superuser, "-A", "trust", "--auth-host=scram-sha-256",
                               "--pwfile=" + pwfile, "-E", "UTF8", "--no-locale", "--no-sync"])
        guard r.status == 0 else { throw StartError(description: "initdb failed: \(r.output)") }
        // Whatever happens to this process (even while the server starts), the server goes too.
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; " +
            (geteuid() == 0 ? "runuser -u postgres -- " : "") + "\(bin)/pg_ctl -D '\(dataDir)' -m immediate stop >/dev/null 2>&1; rm -rf '\(folder)'"
        watchdog = spawnBackground(["/bin/sh", "-c", script])
        try start()
    }

    func start() throws {
        var options = "-p \(port) -k \(socketDir) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60 -c shared_buffers=32MB"
        if hasTLS { options += " -c ssl=on -c ssl_cert_file=\(folder)/server.crt -c ssl_key_file=\(folder)/server.key" }
        // Not through a pipe: the server would keep it open, and reading it would never end.
        let owner = geteuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        let status = waitFor(spawnBackground(owner + [bin + "/pg_ctl", "-D", dataDir, "-l", folder + "/server.log", "-o", options,
                                                      "-w", "-t", "60", "start"], log: folder + "/pg_ctl.log"))
        guard status == 0 else {
            throw StartError(description: "pg_ctl start failed: \((try? String(contentsOfFile: folder + "/pg_ctl.log", encoding: .utf8)) ?? "")\n"
                             + ((try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""))
        }
    }

    /// Stops at once, as a crash would (no checkpoint; the next start recovers from the WAL).
    func stopImmediately() {
        asServerOwner([bin + "/pg_ctl", "-D", dataDir, "-m", "immediate", "-w", "stop"])
    }

    deinit {
        stopImmediately()
        if watchdog > 0 { kill(watchdog, SIGKILL); var s: Int32 = 0; waitpid(watchdog, &s, 0) }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// psql as the superuser over the socket; stops at the first error.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres", user: String? = nil) -> (status: Int32, output: String) {
        run([bin + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDir, "-p", "\(port)",
             "-U", user ?? superuser, "-d", database, "-c", sql], withErrors: true)
    }

    /// A new database with the schema, for one test.
    func makeDatabase(_ name: String? = nil) async throws -> String {
        let name = name ?? "t\(UInt32.random(in: 0...UInt32.max))"
        let r = psql("CREATE DATABASE \(name)")
        guard r.status == 0 else { throw StartError(description: "CREATE DATABASE: \(r.output)") }
        let db = try await CentralDatabase.connect(settings(database: name))
        do {
            _ = try await CentralSchema.migrate(db)
        } catch {
            await db.close()
            throw StartError(description: "migrate \(name): \(error)")
        }
        await db.close()
        return name
    }

    /// Login roles, one per group role, with `password`: kiosk_login, coordinator_login,
    /// advisor_login, steward_login (made once; role names belong to the whole server).
    func makeLoginRoles() throws {
        for group in ["kiosk", "coordinator", "advisor", "steward"] {
            let r = psql("""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(group)_login') THEN
                    CREATE ROLE \(group)_login LOGIN PASSWORD '\(password)' IN ROLE routewijzer_\(group);
                  END IF;
                END $$
                """)
            guard r.status == 0 else { throw StartError(description: "roles: \(r.output)") }
        }
    }

    /// Settings for TCP on 127.0.0.1 as `user` (the superuser by default).
    func settings(database: String, user: String? = nil, port: Int? = nil) -> CentralSettings {
        CentralSettings(host: "127.0.0.1", port: port ?? self.port, database: database, user: user ?? superuser,
                        password: user == nil ? superPassword : password, sslMode: .disable, sslRootCert: nil, shipContacts: false)
    }

    /// The environment for a program that should reach `database` as `user` (PG* variables).
    func environment(database: String, user: String? = nil, port: Int? = nil) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PGHOST"] = "127.0.0.1"
        env["PGPORT"] = "\(port ?? self.port)"
        env["PGDATABASE"] = database
        env["PGUSER"] = user ?? superuser
        env["PGPASSWORD"] = user == nil ? superPassword : password
        env["ROUTEWIJZER_DB_CONFIG"] = nil
        env["PGPASSFILE"] = "/nonexistent"
        return env
    }

    /// One value of a query, as text.
    func value(_ sql: String, database: String) -> String {
        psql(sql, database: database).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The server shared by most tests (each in a database of its own); started on first use.
enum SharedPostgres {
    nonisolated(unsafe) static var server: TestPostgres?
    static let lock = NSLock()

    static func get() throws -> TestPostgres {
        lock.lock(); defer { lock.unlock() }
        if let server { return server }
        let s = try TestPostgres()
        let r = s.psql("SELECT 1")
        guard r.status == 0 else { throw TestPostgres.StartError(description: r.output) }
        server = s
        atexit { SharedPostgres.server?.stopImmediately() }
        return s
    }

    /// A database with the schema and the login roles.
    static func database() async throws -> (TestPostgres, String) {
        let s = try get()
        let name = try await s.makeDatabase()
        try lock.withLock { try s.makeLoginRoles() }
        return (s, name)
    }
}

/// Starts a program in the background (its output to `log`, or nowhere); returns its pid.
func spawnBackground(_ args: [String], environment: [String: String]? = nil, log: String? = nil) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, log ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
    // Nothing else of this process: a server started from here must not hold another test's pipe.
    // (glibc's posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc module does not show.)
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }
    return spawnWithCleanSignals(args, environment: environment, actions: &actions) ?? -1
}

/// Waits for a background program: its exit status (128+signal when killed). A process still
/// running after `limit` seconds is killed (status 128 + 9), so that a hang fails its test instead
/// of holding the whole run.
@discardableResult
func waitFor(_ pid: pid_t, limit: Double = 300) -> Int32 {
    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(limit)
    while true {
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { break }
        if r < 0 && errno != EINTR { return -1 }
        if Date() > deadline {
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            break
        }
        usleep(20_000)
    }
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

/// A scratch data directory for one test.
func scratchDirectory(_ tag: String) -> String {
    let path = NSTemporaryDirectory() + "rw-central-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    chmod(path, 0o700)
    return path
}

let routewijzer = builtProduct("routewijzer")
let central = builtProduct("routewijzer-central")
let logtool = builtProduct("rw-logtool")

/// Appends `count` records to a data directory with rw-logtool (each acknowledged; their ids).
func appendRecords(_ dir: String, count: Int) -> [String] {
    let r = run([logtool, "append", "--dir", dir, "--count", "\(count)"])
    return r.output.split(separator: "\n").map { String($0).lowercased() }
}

/// Every session id in a data directory's log, lower case.
func localIDs(_ dir: String) -> [String] {
    guard let text = try? String(contentsOfFile: dir + "/sessions.jsonl", encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line -> String? in
        guard let r = line.range(of: "\"id\":\"") else { return nil }
        return String(line[r.upperBound...].prefix(36)).lowercased()
    }
}

/// Every session id in the store, lower case, sorted.
func centralIDs(_ server: TestPostgres, _ database: String) -> [String] {
    server.psql("SELECT id FROM routewijzer.sessions ORDER BY id", database: database).output
        .split(separator: "\n").map { String($0) }
}

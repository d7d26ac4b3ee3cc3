import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

// The SSH deployment of docs/deployment.md, for real: OpenSSH's server on 127.0.0.1 with the
// documented `Match` block, a shared account made for the test, a group-shared data directory,
// and `ssh -tt` as a career switcher would use it. Needs root (useradd, sshd); CI runs as root.

let isRoot = getuid() == 0

@Suite(.serialized, .enabled(if: isRoot, "needs root: creates a user and a group and runs sshd (CI runs as root)"),
       .timeLimit(.minutes(1)))
struct SSHDeploymentTests {
    @Test func forcedCommandRunsTheQuestionnaireRecordsItAndNeverAShell() throws {
        let server = try SSHServer.start()
        defer { server.stop() }

        // Asking for bash gets the questionnaire; a shell command typed at the first prompt is
        // just a (wrong) answer.
        let session = try server.ssh(["-tt", server.destination, "bash"])
        try session.waitFor("Taal / language")
        // LANG=C.UTF-8 travelled along (AcceptEnv): the program draws a real dash, not ASCII.
        #expect(session.output.contains("Nederlands \u{2013} begin"), "LANG did not reach the program")
        session.send("echo SHELL-$((6*7))\n")
        let answers: [(String, String)] = [
            ("vraag 1 van", "9"),      // hbo-bachelor
            ("vraag 2 van", "1"),      // diploma from the Netherlands
            ("vraag 3 van", "4"),      // werktuigbouw (the hbo test question is hidden)
            ("vraag 4 van", "8"),      // years
            ("vraag 5 van", "2"),      // mbo
            ("vraag 6 van", "1"),      // docent
            ("vraag 7 van", ""),       // Enter alone answers nothing: the question is asked again
            ("Typ een of meer nummers", "8"), // so skip it, on its own line: no mbo subject
            ("vraag 8 van", "1"),      // the degree fits the subject
            ("vraag 9 van", "1"),      // has a school job
            ("vraag 10 van", "2"),     // part-time
            ("vraag 11 van", "10"),    // Utrecht
            ("vraag 12 van", "45"),    // age
            ("Controleer je antwoorden", ""),
            ("Enter = verder", ""),
            ("Kies 1 of 2", "2"),      // no contact
        ]
        for (prompt, answer) in answers {
            try session.waitFor(prompt)
            session.send(answer + "\n")
        }
        // The program ends, and with it the connection: there is nothing to fall back to. The
        // input stays open, so it is the server that ends the session.
        let status = try session.waitForExit(seconds: 15)
        #expect(status == 0, "ssh ended with \(status)\n\(session.output)")
        #expect(!session.output.contains("SHELL-42"), "a shell ran the typed command")
        #expect(session.output.contains("Jouw routes"))

        // The record is in the shared data directory: channel ssh, completed, mode 0660 in the
        // directory's group.
        let log = server.dataDirectory + "/sessions.jsonl"
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let records = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let record = try #require(records.first { ($0["outcome"] as? String) == "completed" }, "no completed record in \(log)")
        #expect(record["channel"] as? String == "ssh")
        #expect(record["language"] as? String == "nl")
        let recorded = try #require(record["answers"] as? [String: Any])
        #expect(recorded["education"] as? String == "hbo-bachelor")
        #expect(recorded["province"] as? String == "utrecht")
        #expect(recorded["age"] as? String == "40-49", "the age is kept as a ten-year band, as docs/coordinators.md says")
        var st = stat()
        #expect(stat(log, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o660)
        #expect(st.st_gid == server.groupID)
    }

    /// The documented set-up without `--plain`: a career switcher with an ordinary terminal gets
    /// the full-screen questionnaire over SSH, through to the results, and the record is kept.
    @Test(.enabled(if: tmuxPath != nil, "needs tmux"))
    func theFullScreenQuestionnaireOverSSH() throws {
        let server = try SSHServer.start()
        defer { server.stop() }
        // A waiting shell reports how ssh ended (tmux's own "Pane is dead" line races with the
        // pane's last output and is not always drawn).
        let t = try Terminal(command: "sh -c " + sq(server.sshCommandLine(term: "xterm-256color") + "; echo SSH-ENDED status=$?; sleep 30"))
        try t.waitFor("Welkom bij Routewijzer", "Enter begin", timeout: 30)   // logging in can be slow on a busy machine
        #expect(t.paneValue("#{alternate_on}") == "1", "full screen, on the alternate screen")
        t.keys("Enter")
        try t.waitFor("vraag 1 van")
        t.keys("9", "Enter", "1", "Enter", "4", "Enter")     // hbo-bachelor, Dutch diploma, werktuigbouw
        try t.waitFor("Hoeveel jaar werkervaring")
        t.keys("8", "Enter", "2", "Enter", "1", "Enter")     // 8 years, mbo, docent
        try t.waitFor("In welk vakgebied wil je lesgeven in het mbo?")
        t.keys("End", "Enter")                               // skipped, on its own line
        try t.waitFor("Past je hbo- of wo-opleiding")
        t.keys("1", "Enter", "1", "Enter", "2", "Enter")     // related degree, has a school job, part-time
        try t.waitFor("In welke provincie woon je?")
        t.keys("9", "Down", "Enter")                         // Utrecht, the tenth
        try t.waitFor("Hoe oud ben je?")
        t.keys("4", "5", "Enter")
        try t.waitFor("Controleer je antwoorden", "Utrecht", "45 jaar")
        t.keys("Tab")
        try t.waitFor("Jouw routes", "✓ Past       Pedagogisch didactisch getuigschrift")
        try t.declineContactAndSave()
        let log = (try? String(contentsOfFile: server.dataDirectory + "/sessions.jsonl", encoding: .utf8)) ?? ""
        #expect(log.contains("\"outcome\":\"completed\""), "log: \(log)")
        #expect(log.contains("\"channel\":\"ssh\""))
        #expect(log.contains("\"province\":\"utrecht\""))
        // Quitting ends the program and with it the connection: no shell prompt follows.
        try t.startAgainAndQuit()
        try t.waitFor("SSH-ENDED status=0")
        #expect(t.paneValue("#{alternate_on}") == "0", "the terminal was given back")
    }

    @Test func ctrlCEndsTheSessionNotInAShell() throws {
        let server = try SSHServer.start()
        defer { server.stop() }
        let session = try server.ssh(["-tt", server.destination])
        try session.waitFor("Taal / language")
        session.send("\u{03}")
        session.send("echo SHELL-$((6*7))\n")
        _ = try session.waitForExit(seconds: 10)
        #expect(!session.output.contains("SHELL-42"))
    }

    @Test func noForwardingAndNoRemoteCommands() throws {
        let server = try SSHServer.start()
        defer { server.stop() }
        // Port forwarding (here: to the SSH server itself) is refused.
        let forward = try server.ssh(["-W", "127.0.0.1:\(server.port)", server.destination], closeInput: true)
        #expect(try forward.waitForExit(seconds: 10) != 0)
        #expect(forward.errors.contains("forwarding failed") || forward.errors.contains("prohibited"), "\(forward.errors)")
        // A command given on the command line is not run; the questionnaire starts instead (and
        // ends, its input being empty).
        let command = try server.ssh([server.destination, "echo pwned-$((6*7))"], closeInput: true)
        _ = try command.waitForExit(seconds: 10)
        #expect(!command.output.contains("pwned-42"))
        #expect(command.output.contains("Welkom bij Routewijzer"))
    }
}

// MARK: - The server

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The `routewijzer` built beside this test bundle.
let routewijzer = builtProduct("routewijzer")

struct SetupError: Error, CustomStringConvertible {
    var description: String
}

/// sshd on 127.0.0.1 with a throw-away account; `stop()` removes everything again.
final class SSHServer: @unchecked Sendable {
    let directory: String
    let user: String
    let group: String
    let port: Int
    var groupID: gid_t = 0
    var process: Process?
    var log: String { directory + "/sshd.log" }
    var dataDirectory: String { directory + "/data" }
    var destination: String { "\(user)@127.0.0.1" }
    private var userCreated = false
    private var groupCreated = false

    private init(directory: String, user: String, group: String, port: Int) {
        self.directory = directory
        self.user = user
        self.group = group
        self.port = port
    }

    static func start() throws -> SSHServer {
        for tool in ["/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen", "/usr/sbin/useradd"] {
            guard FileManager.default.isExecutableFile(atPath: tool) else {
                throw SetupError(description: "\(tool) is missing: apt-get install openssh-server openssh-client (.ci/run installs them)")
            }
        }
        guard FileManager.default.isExecutableFile(atPath: routewijzer) else {
            throw SetupError(description: "routewijzer is not built at \(routewijzer)")
        }
        // Under /var/lib, not /tmp: sshd's StrictModes (kept on, as in production) refuses an
        // authorized_keys file below a world-writable directory.
        var template = Array("/var/lib/routewijzer-sshtest.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SetupError(description: "mkdtemp: \(String(cString: strerror(errno)))") }
        let directory = String(cString: made)
        chmod(directory, 0o755)
        let suffix = String(UInt32.random(in: 100_000...999_999))
        let server = SSHServer(directory: directory, user: "rwssh" + suffix, group: "rwsshg" + suffix, port: try freeLoopbackPort())
        do {
            try server.setUp()
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    private func setUp() throws {
        try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", directory + "/host_key"])
        try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", directory + "/client_key"])
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
        // The shared account and the data directory as docs/deployment.md sets them up: a group,
        // the directory root-owned, setgid, 2770.
        try run("/usr/sbin/groupadd", [group])
        groupCreated = true
        try run("/usr/sbin/useradd", ["-M", "-d", directory + "/home", "-s", "/bin/sh", "-G", group, user])
        userCreated = true
        try run("/usr/sbin/usermod", ["-p", "*", user])   // a new account is locked ('!'): sshd refuses it
        guard let g = getgrnam(group) else { throw SetupError(description: "group \(group) not found") }
        groupID = g.pointee.gr_gid
        try run("/usr/bin/install", ["-d", "-o", "root", "-g", group, "-m", "2770", dataDirectory])
        try FileManager.default.copyItem(atPath: directory + "/client_key.pub", toPath: directory + "/authorized_keys")
        chmod(directory + "/authorized_keys", 0o644)
        // The program and catalogue are copied out of the checkout, which the account may not be
        // allowed to enter (a checkout under /root, say).
        let bin = directory + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try copyExecutable(routewijzer, to: bin + "/routewijzer")
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("routes.json").path, toPath: bin + "/routes.json")
        chmod(bin + "/routewijzer", 0o755)
        chmod(bin + "/routes.json", 0o644)
        let catalogue = bin + "/routes.json"
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(directory)/host_key
            PidFile \(directory)/sshd.pid
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            AuthorizedKeysFile \(directory)/authorized_keys
            LogLevel VERBOSE

            Match User \(user)
                ForceCommand \(bin)/routewijzer --catalogue \(catalogue) --data-dir \(dataDirectory)
                DisableForwarding yes
                AllowTcpForwarding no
                AllowAgentForwarding no
                AllowStreamLocalForwarding no
                X11Forwarding no
                PermitTunnel no
                PermitUserRC no
                PermitTTY yes
                AcceptEnv LANG LC_*

            """
        try config.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
        try run("/usr/sbin/sshd", ["-t", "-f", directory + "/sshd_config"])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/sbin/sshd")
        p.arguments = ["-D", "-e", "-f", directory + "/sshd_config"]
        FileManager.default.createFile(atPath: log, contents: nil)
        let logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = logHandle
        p.standardError = logHandle
        try p.run()
        process = p
        // Ready when the port accepts connections.
        let deadline = Date().addingTimeInterval(10)
        while !canConnect(port: port) {
            guard p.isRunning, Date() < deadline else {
                throw SetupError(description: "sshd did not start:\n" + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
            }
            usleep(20_000)
        }
    }

    /// Starts the ssh client with the test's key and options.
    /// `TERM=dumb` is what a screen reader user's terminal says: the questionnaire answers with
    /// its line mode.
    func ssh(_ arguments: [String], closeInput: Bool = false) throws -> Session {
        try Session(arguments: clientOptions + arguments, closeInput: closeInput, serverLog: log)
    }

    var clientOptions: [String] {
        ["-F", "/dev/null", "-i", directory + "/client_key", "-p", String(port),
         "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
         "-o", "LogLevel=ERROR", "-o", "SendEnv=LANG"]
    }

    /// An `ssh -tt` command line for a terminal emulator, with the client's TERM and LANG.
    func sshCommandLine(term: String) -> String {
        (["env", "TERM=" + term, "LANG=C.UTF-8", "/usr/bin/ssh"] + clientOptions + ["-tt", destination]).map(sq).joined(separator: " ")
    }

    /// Stops sshd (this process only, by its id) and removes the account, group and files.
    func stop() {
        if let p = process, p.isRunning {
            p.terminate()
            p.waitUntilExit()
        }
        process = nil
        // Sessions still open run as the test's user; they end when their clients have gone. Any
        // left after a few seconds are ended by process id before the account is removed.
        if userCreated, let pw = getpwnam(user) {
            let uid = pw.pointee.pw_uid
            let deadline = Date().addingTimeInterval(3)
            while !processes(of: uid).isEmpty && Date() < deadline { usleep(50_000) }
            for pid in processes(of: uid) { kill(pid, SIGKILL) }
            _ = try? run("/usr/sbin/userdel", [user], allowFailure: true)
            userCreated = false
        }
        if groupCreated {
            _ = try? run("/usr/sbin/groupdel", [group], allowFailure: true)
            groupCreated = false
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Copies a program through a descriptor opened with O_CLOEXEC. Tests run in parallel and start
/// processes all the time; a child started while the copy is open for writing would otherwise
/// keep that descriptor, and running the copy then fails with "Text file busy" (ETXTBSY).
func copyExecutable(_ source: String, to destination: String) throws {
    guard let bytes = FileManager.default.contents(atPath: source) else {
        throw SetupError(description: "cannot read \(source)")
    }
    let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard fd >= 0 else { throw SetupError(description: "\(destination): \(String(cString: strerror(errno)))") }
    var offset = 0
    let ok = bytes.withUnsafeBytes { p -> Bool in
        while offset < p.count {
            let n = write(fd, p.baseAddress! + offset, p.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
    close(fd)
    guard ok else { throw SetupError(description: "\(destination): short write") }
}

/// The ids of the processes running as `uid` (from /proc).
func processes(of uid: uid_t) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { name -> pid_t? in
        guard let pid = pid_t(name) else { return nil }
        var st = stat()
        guard stat("/proc/\(name)", &st) == 0, st.st_uid == uid else { return nil }
        return pid
    }
}

@discardableResult
func run(_ tool: String, _ arguments: [String], allowFailure: Bool = false) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = arguments
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    if p.terminationStatus != 0 && !allowFailure {
        throw SetupError(description: "\(tool) \(arguments.joined(separator: " ")): exit \(p.terminationStatus): \(String(decoding: e, as: UTF8.self))")
    }
    return p.terminationStatus
}

func canConnect(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
}

// MARK: - A client session

/// An `ssh` process whose output is collected as it comes, so a test can wait for a prompt.
final class Session: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private var cursor = 0
    let serverLog: String

    init(arguments: [String], closeInput: Bool, serverLog: String) throws {
        self.serverLog = serverLog
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["TERM"] = "dumb"
        for key in environment.keys where key.hasPrefix("LC_") { environment[key] = nil }
        process.environment = environment
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = input
        outPipe.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self else { return }
            self.lock.lock(); self.out.append(d); self.lock.unlock()
        }
        errPipe.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self else { return }
            self.lock.lock(); self.err.append(d); self.lock.unlock()
        }
        try process.run()
        if closeInput { try input.fileHandleForWriting.close() }
    }

    private var exited = false

    deinit {
        if !exited && process.isRunning { kill(process.processIdentifier, SIGTERM) }
    }

    var output: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
    var errors: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }

    func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits until `text` appears after what an earlier wait found.
    func waitFor(_ text: String, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            lock.lock()
            let data = out
            lock.unlock()
            let bytes = Array(data.dropFirst(cursor))
            if let range = String(decoding: bytes, as: UTF8.self).range(of: text) {
                let s = String(decoding: bytes, as: UTF8.self)
                cursor += s[..<range.upperBound].utf8.count
                return
            }
            if !process.isRunning || Date() > deadline {
                let log = (try? String(contentsOfFile: serverLog, encoding: .utf8)) ?? ""
                throw SetupError(description: "waited for \"\(text)\"; output:\n\(output)\nssh: \(errors)\nsshd:\n\(log)")
            }
            usleep(20_000)
        }
    }

    /// Waits for ssh to end; its exit status (or 128 + signal). Reaps the child itself:
    /// Foundation's `isRunning` is not reliably updated inside the test runner.
    func waitForExit(seconds: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        let pid = process.processIdentifier
        while true {
            if !process.isRunning { break }
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                exited = true
                usleep(50_000)   // let the last output arrive
                let signal = status & 0x7F
                return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
            }
            if r < 0 && errno == ECHILD { process.waitUntilExit(); break }
            if Date() > deadline {
                kill(pid, SIGTERM)
                throw SetupError(description: "the session did not end; output:\n\(output.suffix(2000))")
            }
            usleep(20_000)
        }
        exited = true
        usleep(50_000)
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}

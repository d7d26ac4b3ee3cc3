// Driving programs from the tests: spawning with a clean signal state, and a terminal emulator
// (tmux) that runs one program and is read back as text.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and returns its standard output (and exit status). posix_spawn with a clean
/// signal mask and default handlers: the test runner's threads block signals, and a child (the
/// tmux server, the program in it) must not inherit that.
@discardableResult
/// `withErrors`: standard error goes into the output too.
public func run(_ arguments: [String], input: String? = nil, environment: [String: String]? = nil, captureOutput: Bool = true,
                withErrors: Bool = false) -> (status: Int32, output: String) {
    var outPipe: [Int32] = [-1, -1]
    var inPipe: [Int32] = [-1, -1]
    if captureOutput { _ = pipe(&outPipe) }
    if input != nil { _ = pipe(&inPipe) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if input != nil {
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_addclose(&actions, inPipe[1])
    } else {
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    if captureOutput {
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, outPipe[0])
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    if captureOutput && withErrors {
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 2)
    } else {
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    }
    let spawned = spawnWithCleanSignals(arguments, environment: environment, actions: &actions)
    if input != nil { close(inPipe[0]) }
    if captureOutput { close(outPipe[1]) }
    guard let pid = spawned else {
        if input != nil { close(inPipe[1]) }
        if captureOutput { close(outPipe[0]) }
        return (-1, "")
    }
    if let input {
        let bytes = Array(input.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBufferPointer { write(inPipe[1], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
        close(inPipe[1])
    }
    var output: [UInt8] = []
    if captureOutput {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(outPipe[0], &buffer, buffer.count)
            if n > 0 { output += buffer[0..<n] } else if n < 0 && errno == EINTR { continue } else { break }
        }
        close(outPipe[0])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (code, String(decoding: output, as: UTF8.self))
}

/// posix_spawnp with `actions`, every signal unblocked and at its default handler (the test
/// runner's threads block signals, and a child must not inherit that), and `environment` (this
/// process's when nil). Nil when it cannot start.
public func spawnWithCleanSignals(_ arguments: [String], environment: [String: String]?,
                                  actions: inout posix_spawn_file_actions_t) -> pid_t? {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = env.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    return posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp) == 0 ? pid : nil
}

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel's choice for port 0).
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Int32 in
            guard bind(fd, p, length) == 0 else { return -1 }
            return getsockname(fd, p, &length)
        }
    }
    guard bound == 0 else { throw SetupFailure(description: "no free port on 127.0.0.1: \(String(cString: strerror(errno)))") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Quotes for sh.
public func sq(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

public let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// A test's fixture could not be set up (no free port, a server that does not start).
public struct SetupFailure: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

public struct Timeout: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// A tmux server of our own (unique socket) running one program in an 80×24 window.
public final class Terminal {
    let socket = "rw-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let configPath: String

    public init(command: String, width: Int = 80, height: Int = 24) throws {
        let directory = NSTemporaryDirectory() + "routewijzer-tmux-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        configPath = directory + "/tmux.conf"
        // The pane stays after the program ends, so its last screen and status can be read.
        try "set -g remain-on-exit on\nset -g status off\nset -g default-terminal xterm-256color\n"
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        let r = tmux(["-f", configPath, "new-session", "-d", "-x", "\(width)", "-y", "\(height)", command])
        guard r.status == 0 else { throw Timeout(description: "tmux new-session failed: \(r.output)") }
    }

    deinit { kill() }

    @discardableResult
    public func tmux(_ args: [String]) -> (status: Int32, output: String) {
        let starts = args.contains("new-session")
        return run([tmuxPath ?? "tmux", "-L", socket] + args, captureOutput: !starts)
    }

    public func keys(_ keys: String...) { tmux(["send-keys"] + keys) }
    public func text(_ text: String) { tmux(["send-keys", "-l", text]) }
    public func capture(escapes: Bool = false) -> String { tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : [])).output }
    public func resize(width: Int, height: Int) { tmux(["resize-window", "-x", "\(width)", "-y", "\(height)"]) }
    public func paneValue(_ format: String) -> String {
        tmux(["display-message", "-p", format]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    public func kill() { tmux(["kill-server"]) }

    /// Polls the screen until it contains every one of `texts` and has stopped changing (two
    /// captures in a row agree), so a screen caught half-way through a redraw never counts.
    /// `stable: false` takes the first capture that contains them, for a screen that changes by
    /// itself (a countdown). Never a fixed sleep.
    @discardableResult
    public func waitFor(_ texts: String..., timeout: Double = 15, stable: Bool = true) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = "", previous: String?
        while Date() < deadline {
            screen = capture()
            if texts.allSatisfy(screen.contains), screen == previous || !stable { return screen }
            previous = screen
            usleep(30_000)
        }
        let missing = texts.filter { !screen.contains($0) }
        throw Timeout(description: "\(missing.map { "\"\($0)\"" }.joined(separator: ", ")) did not appear within \(timeout) s; the screen was:\n\(screen)")
    }
}


extension Terminal {
    /// From the results (in Dutch): on to the contact question, decline it, and wait until the
    /// session is saved.
    public func declineContactAndSave() throws {
        keys("Tab")
        try waitFor("Contact met een adviseur?")
        keys("2", "Enter")
        try waitFor("Opgeslagen. Dank je wel!")
    }

    /// From the "saved" screen: back to the welcome screen, then `q` and the confirmation.
    public func startAgainAndQuit() throws {
        keys("Enter")
        try waitFor("Welkom bij Routewijzer")
        keys("q")
        try waitFor("Stoppen?")
        keys("j")
    }
}

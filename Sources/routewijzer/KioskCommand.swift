import ArgumentParser
import CommandOptions
import Kiosk
import Matching
import Questionnaire
import RouteCatalog
import SessionLog
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// `routewijzer kiosk`: an unattended questionnaire for open days, and its settings.
struct KioskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: bothLanguages(.kioskAbstract),
        discussion: """
        An advisor sets a PIN once (`routewijzer kiosk set-pin`), then starts the kiosk. Settings \
        live in a config file (default $XDG_CONFIG_HOME/routewijzer/kiosk.json, else \
        ~/.config/routewijzer/kiosk.json; --config PATH), mode 0600; flags override it for one \
        run. See docs/advisors.md.
        """,
        subcommands: [KioskRun.self, KioskSetPin.self, KioskCheck.self],
        defaultSubcommand: KioskRun.self)
}

/// `--config`, `--event`, `--data-dir`, `--idle-seconds`, `--results-idle-seconds`.
struct KioskOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The kiosk config file (default: $XDG_CONFIG_HOME/routewijzer/kiosk.json or ~/.config/routewijzer/kiosk.json).", valueName: "PATH"))
    var config: String?

    @Option(help: ArgumentHelp("Event label stored with every session, e.g. \"Open dag ROC 2026-11-28\" (\"\" for none).", valueName: "TEXT"))
    var event: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Where the kiosk writes sessions (default: config file, then $ROUTEWIJZER_DATA_DIR, then ~/.local/share/routewijzer).", valueName: "DIR"))
    var dataDir: String?

    @Option(name: .customLong("idle-seconds"), help: ArgumentHelp("Seconds without a key on a question before the kiosk resets (default 90; 10–3600 stored, down to 2 for one run).", valueName: "N"))
    var idleSeconds: Int?

    @Option(name: .customLong("results-idle-seconds"), help: ArgumentHelp("Seconds without a key on the results before the kiosk resets (default 180; 10–3600 stored, down to 2 for one run).", valueName: "N"))
    var resultsIdleSeconds: Int?

    var overrides: KioskOverrides {
        KioskOverrides(event: event, dataDirectory: dataDir, questionIdleSeconds: idleSeconds, resultsIdleSeconds: resultsIdleSeconds)
    }

    /// The config file: `--config`, else the default under the home directory (from the password
    /// database when HOME is not set).
    var path: String {
        if let config { return config }
        var environment = DataDirectory.processEnvironment()
        environment["HOME"] = DataDirectory.homeDirectory(environment: environment) ?? ""
        return KioskConfig.defaultPath(environment: environment)
    }

    /// The stored config (or the defaults when there is none yet), with the flags on top.
    func load() throws -> (config: KioskConfig, existed: Bool) {
        do {
            let stored = try KioskConfigFile.load(path: path)
            return ((stored ?? KioskConfig()).applying(overrides), stored != nil)
        } catch {
            throw KioskIO.fail("\(error)")
        }
    }

    /// The config a kiosk can start with, or a ValidationError listing what is wrong. Idle
    /// times given as flags may be shorter than a config file allows (for trying out, tests).
    func loadForStart() throws -> KioskConfig {
        let (config, existed) = try load()
        guard existed else {
            throw KioskIO.fail(Language.nl[.kioskNoSettings, path])
        }
        let byFlag = idleSeconds != nil || resultsIdleSeconds != nil
        let problems = config.startProblems(shortestIdleSeconds: byFlag ? KioskConfig.shortestIdleSecondsByFlag : KioskConfig.shortestIdleSeconds)
        guard problems.isEmpty else {
            throw KioskIO.fail(problems.map { "\(path): \($0)" }.joined(separator: "\n"))
        }
        return config
    }

    func dataDirectory(_ config: KioskConfig) throws -> String {
        do {
            return try DataDirectory.resolve(explicit: config.dataDirectory, environment: DataDirectory.processEnvironment())
        } catch {
            throw KioskIO.fail("\(error)")
        }
    }
}

/// `routewijzer kiosk set-pin`: asks the advisor's PIN twice (not shown) and stores its hash.
struct KioskSetPin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-pin",
        abstract: bothLanguages(.kioskSetPinAbstract),
        discussion: """
        On a terminal the PIN is asked twice without showing it. Otherwise it is read from \
        standard input: the first line, and a second line that must be the same if there is one. \
        At least 6 digits, or a passphrase of at least 10 letters and digits (the kiosk's prompt takes \
        letters and digits only, at most 32). Only a salted scrypt hash is stored, in the config file \
        (mode 0600, this account only: the kiosk refuses a config file others can read or change). \
        --event, --data-dir and the idle times given here are stored as well.
        """)

    @OptionGroup var options: KioskOptions

    func run() throws {
        var (config, _) = try options.load()
        let pin: String
        do {
            pin = try PinInput.readTwice()
        } catch let error as PinInput.Failure {
            KioskIO.stderr("routewijzer kiosk set-pin: \(error.message)\n")
            throw ExitCode(error.status)
        }
        do {
            config.pin = try PinHash.make(pin: pin)
        } catch {
            throw KioskIO.fail("\(error)")
        }
        let problems = config.problems
        guard problems.isEmpty else { throw KioskIO.fail(problems.joined(separator: "\n")) }
        do {
            try KioskConfigFile.save(config, path: options.path)
        } catch {
            KioskIO.stderr("routewijzer kiosk set-pin: \(error)\n")
            throw ExitCode(1)
        }
        KioskIO.stdout(Language.nl[.kioskPinSaved, options.path] + "\n")
        KioskIO.stdout(KioskCheck.describe(config, dataDirectory: (try? options.dataDirectory(config)) ?? Language.en[.kioskNoDataDirectory]))
    }
}

/// `routewijzer kiosk check`: whether a kiosk can start, and with which settings.
struct KioskCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: bothLanguages(.kioskCheckAbstract),
        discussion: "Exits 0 when a kiosk could start with these settings; lists every problem otherwise.")

    @OptionGroup var options: KioskOptions

    @Option(help: "The route catalogue (default: routes.json in the current directory or next to the program).")
    var catalogue: String?

    func run() throws {
        let (config, dataDir, checked) = try KioskCheck.prepare(options, catalogue: catalogue)
        KioskIO.stdout(Language.nl[.kioskSettingsFile, options.path] + "\n")
        KioskIO.stdout(KioskCheck.describe(config, dataDirectory: dataDir))
        let c = checked.engine.catalogue
        KioskIO.stdout(Language.nl[.kioskCatalogueChecked, c.catalogueVersion, c.routes.count] + "\n")
        for warning in checked.warnings { KioskIO.stderr("\(warning)\n") }
    }

    static func describe(_ c: KioskConfig, dataDirectory: String) -> String {
        let nl = Language.nl
        let pin = c.pin.map { nl[.kioskPinSet, $0.parameters.N, $0.parameters.r, $0.parameters.p] } ?? nl[.kioskPinNotSet]
        return [nl[.kioskEvent, c.event ?? nl[.kioskNoEvent]],
                nl[.kioskDataDirectory, dataDirectory],
                nl[.kioskIdleTimes, c.questionIdleSeconds, c.resultsIdleSeconds, c.countdownSeconds],
                nl[.kioskPin, pin],
                nl[.kioskStopOrSetUp, KioskChord.keyName]].map { $0 + "\n" }.joined()
    }

    /// Creates the data directory if needed and proves it is writable.
    static func checkDataDirectory(_ path: String) throws {
        let directory = DataDirectory(path: path)
        do {
            try directory.create()
        } catch {
            throw KioskIO.fail(Language.nl[.kioskDataDirectoryError, path, "\(error)"])
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw KioskIO.fail(Language.nl[.kioskDataDirectoryNotWritable, path, String(cString: strerror(errno))])
        }
    }

    /// The config, the data directory (checked to be usable) and the engine: what both `kiosk
    /// check` and the kiosk itself need before a screen opens.
    static func prepare(_ options: KioskOptions, catalogue: String?) throws
        -> (config: KioskConfig, dataDirectory: String, catalogue: CheckedCatalogue) {
        let config = try options.loadForStart()
        let dataDir = try options.dataDirectory(config)
        try checkDataDirectory(dataDir)
        return (config, dataDir, try loadCatalogue(catalogue))
    }

    /// The catalogue, with every check `validate` makes (`CheckedCatalogue`).
    static func loadCatalogue(_ catalogue: String?) throws -> CheckedCatalogue {
        let environment = DataDirectory.processEnvironment()
        guard let path = catalogue ?? CatalogueOptions.find(environment: environment) else {
            throw KioskIO.fail(Language.nl[.kioskNoCatalogue])
        }
        do {
            return try CheckedCatalogue.load(path: path)
        } catch {
            throw KioskIO.fail("\(error)")
        }
    }
}

/// `routewijzer kiosk` (or `kiosk run`): the unattended questionnaire.
struct KioskRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: bothLanguages(.kioskRunAbstract))

    @OptionGroup var options: KioskOptions

    @Flag(name: .customLong("no-color"), help: "No colours: reverse, bold and markers only.")
    var noColor = false

    @Option(help: "The route catalogue (default: routes.json in the current directory or next to the program).")
    var catalogue: String?

    func run() throws {
        // Everything that can be checked before the screen opens is checked, so an advisor
        // setting up learns about a missing PIN or an unwritable directory at once.
        let (config, dataDir, checked) = try KioskCheck.prepare(options, catalogue: catalogue)
        let engine = checked.engine
        let environment = DataDirectory.processEnvironment()
        guard !TerminalFront.prefersPlain(environment: environment) else {
            throw KioskIO.fail(Language.nl[.kioskNeedsTerminal])
        }
        // Visitors cannot stop, suspend or freeze the kiosk: the terminal is in raw mode (no
        // signals from keys, no XON/XOFF), and the signals themselves are ignored as well.
        signal(SIGINT, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
        signal(SIGTSTP, SIG_IGN)
        var options = TerminalFront.Options(dataDirectory: dataDir)
        options.color = !noColor && (environment["NO_COLOR"] ?? "").isEmpty
        options.channel = .kiosk
        options.event = config.event
        options.kiosk = KioskRun.hooks(KioskController(config: config))
        let status = TerminalFront.run(load: { engine }, options: options, environment: environment)
        if status != 0 { throw ExitCode(status) }
    }

    /// The front's hooks, answered by the controller.
    static func hooks(_ k: KioskController) -> KioskHooks {
        KioskHooks(
            activity: { k.activity() },
            idle: { k.idle($0) },
            advisorChord: { k.advisorChord($0) },
            checkPin: { k.checkPin($0) },
            pinLock: { k.pinLockSecondsLeft() })
    }
}

/// Reading a PIN without showing it.
enum PinInput {
    struct Failure: Error {
        var message: String
        var status: Int32 = 1
    }

    /// The PIN, asked twice on a terminal, or read from standard input.
    static func readTwice() throws -> String {
        if isatty(0) == 1 {
            let first = try readHidden(prompt: Language.nl[.kioskNewPinPrompt] + " ")
            let second = try readHidden(prompt: Language.nl[.kioskPinAgainPrompt] + " ")
            guard first == second else { throw Failure(message: Language.nl[.kioskPinsDiffer]) }
            return first
        }
        var lines: [String] = []
        while lines.count < 2, let line = readLine(strippingNewline: true) {
            lines.append(line.hasSuffix("\r") ? String(line.dropLast()) : line)
        }
        guard let first = lines.first else { throw Failure(message: Language.nl[.kioskNoPinOnInput]) }
        if lines.count == 2, lines[1] != first { throw Failure(message: Language.nl[.kioskPinsDiffer]) }
        return first
    }

    /// One line from the terminal with echo off. Non-canonical mode with signals off, so Ctrl-C
    /// arrives as a byte and the terminal is always put back before leaving.
    static func readHidden(prompt: String) throws -> String {
        KioskIO.stderr(prompt)
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { throw Failure(message: Language.nl[.kioskTerminalSettingsUnreadable]) }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(0, TCSAFLUSH, &raw) == 0 else { throw Failure(message: Language.nl[.kioskEchoStaysOn]) }
        defer {
            _ = tcsetattr(0, TCSAFLUSH, &saved)
            KioskIO.stderr("\n")
        }
        var bytes: [UInt8] = []
        while true {
            var b: UInt8 = 0
            let n = read(0, &b, 1)
            if n < 0 { if errno == EINTR { continue }; throw Failure(message: Language.nl[.kioskTerminalUnreadable]) }
            if n == 0 { throw Failure(message: Language.nl[.kioskInputEnded], status: 1) }
            switch b {
            case 0x0D, 0x0A: return String(decoding: bytes, as: UTF8.self)
            case 0x03, 0x04, 0x1A, 0x1C: throw Failure(message: Language.nl[.kioskInterrupted], status: 130)
            case 0x7F, 0x08:
                // Remove one whole UTF-8 character.
                while let last = bytes.popLast(), last & 0xC0 == 0x80 {}
            case 0x15: bytes.removeAll()
            default: if b >= 0x20 && bytes.count < 256 { bytes.append(b) }
            }
        }
    }
}

enum KioskIO {
    /// Says what is wrong on standard error (no usage text: these are not typing mistakes) and
    /// gives the exit status to throw.
    static func fail(_ message: String) -> ExitCode {
        stderr(message.split(separator: "\n", omittingEmptySubsequences: false).map { "routewijzer kiosk: " + $0 }.joined(separator: "\n") + "\n")
        return ExitCode(1)
    }

    static func stdout(_ s: String) { write(1, s) }
    static func stderr(_ s: String) { write(2, s) }

    static func write(_ fd: Int32, _ s: String) { TerminalFront.writeText(fd, s) }
}

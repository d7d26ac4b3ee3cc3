// swift-tools-version:6.1
import PackageDescription

// One module per job; data flows one way:
// routes.json -> RouteCatalog -> Questionnaire -> Matching -> TerminalUI / SessionLog / CLI.
// Every fixed text lives in Texts (under RouteCatalog, which re-exports it).
// Only TerminalUI knows ncurses; only SessionLog touches the session files.
let package = Package(
    name: "Routewijzer",
    products: [
        .executable(name: "routewijzer", targets: ["routewijzer"]),
        .executable(name: "routewijzer-central", targets: ["routewijzer-central"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The central store's client (only in routewijzer-central; the kiosk's executable stays without it).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Every fixed text by key, one catalogue per language (Dutch, English), and `Language`.
        // Built with library evolution, so the other modules look a key's case up in this one at
        // run time instead of compiling its number in: an incremental build that adds a key then
        // cannot leave a module that did not change with the old numbers (seen without it).
        .target(name: "Texts", swiftSettings: [.unsafeFlags(["-enable-library-evolution"])]),
        // The catalogue: decoding routes.json with precise errors, validation, its SHA-256.
        .target(name: "RouteCatalog", dependencies: ["Texts", .product(name: "Crypto", package: "swift-crypto")]),
        // The rules engine: pure, three-valued, explainable.
        .target(name: "Matching", dependencies: ["RouteCatalog"]),
        // The questionnaire as a pure state machine (state + event -> state).
        .target(name: "Questionnaire", dependencies: ["RouteCatalog", "Matching"]),
        // Append-only crash-safe session log, contacts store, export and report.
        // The system calls every file goes through (a seam for fault injection), writing all of a
        // buffer, and replacing a small file atomically.
        .target(name: "SystemIO"),
        .target(name: "SessionLog", dependencies: ["RouteCatalog", "SystemIO"]),
        // The demand report: counts over the log, small-cell protection, text, CSV, JSON and HTML.
        .target(name: "Reporting", dependencies: ["SessionLog", "RouteCatalog", "Matching"]),
        // Drives the session log from separate processes (concurrency and kill tests, benchmark).
        .executableTarget(name: "rw-logtool", dependencies: ["SessionLog", "SystemIO", "RouteCatalog", "Matching", "TestSupport"]),
        // Measures the engine in-process (bench/match.sh).
        .executableTarget(name: "rw-matchbench", dependencies: ["Matching", "RouteCatalog", "TestSupport"]),
        // Shared by tests, benchmarks and rw-logtool: seeded randomness, random answers, built
        // programs, the JSON mutator and what a fuzz input must do.
        .target(name: "TestSupport", dependencies: ["RouteCatalog", "Matching"]),
        // Fuzzes the catalogue loader and the answers reader for as long as asked (scripts/fuzz).
        .executableTarget(name: "rw-fuzz", dependencies: ["Matching", "RouteCatalog", "TestSupport"]),
        // ncursesw, reached through a small header of static inline wrappers.
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // Stateful C: saved termios and async-signal-safe terminal restore.
        .target(name: "CTerminalSupport"),
        // Cell-grid views, the ncurses backend, the plain line mode.
        .target(name: "TerminalUI", dependencies: ["RouteCatalog", "Matching", "Questionnaire", "SessionLog", "SystemIO", "CNcursesw", "CTerminalSupport", "QRCode"]),
        // libqrencode, for the QR hand-off of the advice.
        .systemLibrary(name: "CQrencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // QR codes: text -> module matrix, half-block text and PGM drawing, the advice summary.
        .target(name: "QRCode", dependencies: ["CQrencode", "Matching", "RouteCatalog"]),
        // Kiosk mode without a terminal: config file, PIN hash and gate, idle timer.
        .target(name: "Kiosk", dependencies: [
            "RouteCatalog", "SystemIO", "Questionnaire",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        // The central store on PostgreSQL: connection settings and TLS, the versioned schema, shipping
        // the logs exactly once, erasure and retention there, reading records back, and the
        // report's counts made by the server.
        .target(name: "Central", dependencies: [
            "SessionLog", "RouteCatalog", "SystemIO", "Reporting",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `routewijzer sync`, `db`, and export/report/forget/purge with the central store: a program of
        // its own, which `routewijzer` hands these commands to, so the kiosk's executable does not
        // carry the database client.
        .executableTarget(name: "routewijzer-central", dependencies: [
            "Central", "SessionLog", "RouteCatalog", "SystemIO", "CommandOptions", "CoordinatorReport", "Reporting",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Options both executables share (`--data-dir`, `--catalogue`, the coordinators' selection
        // and words) and how the coordinators' commands report what they read.
        .target(name: "CommandOptions", dependencies: [
            "SessionLog", "RouteCatalog", "Matching", "SystemIO",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `routewijzer report`, in both executables: from the log files, and from the store's counts.
        .target(name: "CoordinatorReport", dependencies: [
            "Reporting", "SessionLog", "RouteCatalog", "CommandOptions",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The executable only wires the modules together.
        .executableTarget(name: "routewijzer", dependencies: [
            "RouteCatalog", "Matching", "Questionnaire", "SessionLog", "Reporting", "TerminalUI", "Kiosk", "CommandOptions",
            "CoordinatorReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "RouteCatalogTests", dependencies: ["RouteCatalog"]),
        // The text catalogues: complete, placeholders that agree, every key used, no inline pair left.
        .testTarget(name: "TextsTests", dependencies: ["Texts"]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "RouteCatalog", "TestSupport"]),
        // Runs the built `routewijzer` for the match and validate commands.
        .testTarget(name: "CommandTests", dependencies: ["TestSupport"]),
        .testTarget(name: "QuestionnaireTests", dependencies: ["Questionnaire", "Matching", "RouteCatalog"], exclude: ["Fixtures"]),
        .testTarget(name: "SessionLogTests", dependencies: ["SessionLog", "SystemIO", "RouteCatalog", "TestSupport"]),
        // The report: suppression, renderings, the CSV read back by Python, the HTML page in Chromium.
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "SessionLog", "RouteCatalog", "TestSupport"], exclude: ["Goldens", "Scripts"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "Questionnaire", "Matching", "RouteCatalog", "QRCode", "TestSupport"], exclude: ["Goldens"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "QRCode"]),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode", "Matching", "RouteCatalog", "TestSupport"]),
        .testTarget(name: "KioskTests", dependencies: ["Kiosk", "Questionnaire", "SystemIO", "TestSupport"]),
        // Hostile catalogues, answers, session files and terminal input against the built
        // `routewijzer` (debug, and release when ROUTEWIJZER_RELEASE_BINARY names it).
        .testTarget(name: "HostileInputTests", dependencies: ["TestSupport"]),
        // A real PostgreSQL on loopback: schema, roles, shipping under faults, reading back.
        .testTarget(name: "CentralTests", dependencies: ["Central", "SessionLog", "RouteCatalog", "TestSupport"]),
        // Runs the built `routewijzer` behind a real OpenSSH server (root only).
        .testTarget(name: "DeploymentTests", dependencies: ["TestSupport"]),
    ]
)

import ArgumentParser
import SessionLog

/// `--data-dir`, the same for every command of `routewijzer` and `routewijzer-central` that reads or
/// writes a data directory.
public struct DataDirOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp(
        "Data directory (default: $ROUTEWIJZER_DATA_DIR, else $XDG_DATA_HOME/routewijzer or ~/.local/share/routewijzer).",
        valueName: "DIR"))
    public var dataDir: String?

    public init() {}

    /// The data directory; throws (`.noDataDirectory`) when none can be chosen.
    public var directory: DataDirectory {
        get throws(SessionLogError) {
            DataDirectory(path: try DataDirectory.resolve(explicit: dataDir, environment: DataDirectory.processEnvironment()))
        }
    }
}

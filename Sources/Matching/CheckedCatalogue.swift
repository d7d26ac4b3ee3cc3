import RouteCatalog

/// The one way a command loads a catalogue: read (at most `CatalogueLoader.maximumBytes`),
/// decode, and every check of `routewijzer validate` (structure, ranges, control characters,
/// reachability, examples). `match`, the questionnaire, the kiosk, `kiosk check` and `validate`
/// all go through here, so a catalogue one of them refuses is refused by all, and the engine only
/// ever sees values within the documented limits.
public struct CheckedCatalogue: Sendable {
    public let loaded: LoadedCatalogue
    public let engine: Engine
    /// What does not make the catalogue unusable: a route whose reachability could not be proved
    /// within the search's budget. `validate` and `kiosk check` show them.
    public let warnings: [CatalogueProblem]

    /// Checks a decoded catalogue; throws every problem found. `rankingOnce`: the engine will
    /// rank one set of answers (`match`, `validate`), so it builds no outcome tables, which pay
    /// off only over many rankings (the questionnaire, the kiosk).
    public init(_ loaded: LoadedCatalogue, rankingOnce: Bool = false) throws(CatalogueLoadError) {
        let findings = CatalogueCheck.findings(loaded, tables: !rankingOnce)
        guard findings.problems.isEmpty, let engine = findings.engine else {
            throw CatalogueLoadError(problems: findings.problems)
        }
        self.loaded = loaded
        self.engine = engine
        warnings = findings.warnings
    }

    /// Reads, decodes and checks the catalogue at `path`.
    public static func load(path: String, rankingOnce: Bool = false) throws(CatalogueLoadError) -> CheckedCatalogue {
        try CheckedCatalogue(try CatalogueLoader.load(path: path), rankingOnce: rankingOnce)
    }
}

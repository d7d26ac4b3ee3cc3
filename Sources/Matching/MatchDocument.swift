import RouteCatalog

/// The stable JSON form of a match result (`routewijzer match --format json`), documented in
/// docs/routes.md. Field names only ever get added, never renamed, within one `schema`.
public struct MatchDocument: Sendable, Encodable {
    public static let schema = 1

    public var schema = MatchDocument.schema
    public var language: Language
    public var catalogue: CatalogueRef
    public var answers: Answers
    public var distancesFrom: Place?
    /// The role and school type that put routes in the visitor's own group (absent when missing
    /// or "no preference").
    public var goal: GoalEntry
    public var routes: [RouteEntry]
    public var initiatives: [InitiativeEntry]
    /// Where to get help finding a school: the province's desks, then national ones.
    public var help: [HelpEntry]

    public struct HelpEntry: Sendable, Encodable {
        public var id: String
        public var name: String
        public var url: String
        public var summary: String
        public var national: Bool
    }

    public struct MoneyEntry: Sendable, Encodable {
        public var cost: String
        public var asOf: String?
        public var whoPays: String?
        public var earning: String?
        public var confidence: Confidence
    }

    public struct CatalogueRef: Sendable, Encodable {
        public var version: String
        public var sha256: String
    }

    public struct Place: Sendable, Encodable {
        public var region: String
        public var name: String
        public var lat: Double
        public var lon: Double
    }

    public struct GoalEntry: Sendable, Encodable {
        public var role: String?
        public var schoolType: String?
    }

    public struct RouteEntry: Sendable, Encodable {
        public var rank: Int
        public var id: String
        public var name: String
        public var summary: String
        /// `forYou` (the role and school type the visitor chose) or `alsoPossible`.
        public var group: Group
        /// Why the route is under `alsoPossible`: another role, only the other school type.
        public var otherRole: Bool
        public var otherSchoolType: Bool
        public var fit: Fit
        /// Passing preference weight over all preference weight (0–100); `mismatches` says in
        /// words which preferences fail.
        public var score: Double
        public var confidence: Confidence
        public var caveat: String?
        /// What to check with the hogeschool, when a fact of the route is less than certain.
        public var verify: String?
        /// Who to ask when no provider offers the route.
        public var askInstead: String?
        public var schoolTypes: [String]
        public var roles: [String]
        public var leadsTo: String
        public var nlqf: Int?
        public var durationMonths: MonthRange
        public var cost: String?
        /// What it costs (as of a date), who can pay, whether you earn meanwhile.
        public var money: MoneyEntry?
        public var conditions: [ConditionEntry]
        public var missing: [ConditionEntry]
        /// Preferences that fail: where the route differs from what the visitor wants.
        public var mismatches: [ConditionEntry]
        public var steps: [StepEntry]
        public var providers: [ProviderEntry]
    }

    public struct ConditionEntry: Sendable, Encodable {
        public var id: String
        public var kind: String
        public var outcome: Outcome
        public var attainable: Bool
        public var weight: Double?
        /// What the outcome means for the visitor; absent for a requirement that passes silently.
        public var explanation: String?
        public var trace: Trace
    }

    public struct StepEntry: Sendable, Encodable {
        public var text: String
        public var sharedStep: String?
        public var confidence: Confidence
    }

    public struct ProviderEntry: Sendable, Encodable {
        public var provider: String
        public var name: String
        public var url: String
        /// The programme's own page at this provider (else the provider's address).
        public var programmeUrl: String
        public var location: String
        public var city: String
        public var province: String
        public var distanceKm: Double?
        public var confidence: Confidence
        public var note: String?
    }

    public struct InitiativeEntry: Sendable, Encodable {
        public var id: String
        public var name: String
        public var year: Int
        public var status: Initiative.Status
        public var summary: String
        public var confidence: Confidence
        public var sources: [String]
    }

    public init(_ result: MatchResult, language: Language) {
        self.language = language
        catalogue = CatalogueRef(version: result.catalogueVersion, sha256: result.catalogueSHA256)
        answers = result.answers
        goal = GoalEntry(role: result.goal.role?.id, schoolType: result.goal.schoolType?.id)
        distancesFrom = result.region.flatMap { region in
            region.referencePoint.map { Place(region: region.id, name: $0.name, lat: $0.lat, lon: $0.lon) }
        }
        routes = result.routes.enumerated().map { i, m in
            func entry(_ c: CriterionResult) -> ConditionEntry {
                ConditionEntry(id: c.criterion.id, kind: c.isRequirement ? "requirement" : "preference",
                               outcome: c.outcome, attainable: c.criterion.attainable, weight: c.criterion.weight,
                               explanation: c.statement?[language], trace: c.trace)
            }
            return RouteEntry(
                rank: i + 1, id: m.route.id, name: m.route.name[language], summary: m.route.summary[language],
                group: m.group, otherRole: m.otherRole, otherSchoolType: m.otherSchoolType,
                fit: m.fit, score: (m.score * 10).rounded() / 10, confidence: m.route.confidence,
                caveat: m.route.caveat?[language], verify: m.route.verify?[language], askInstead: m.route.askInstead?[language],
                schoolTypes: m.route.schoolTypes, roles: m.route.roles,
                leadsTo: m.route.leadsTo[language], nlqf: m.route.nlqf, durationMonths: m.route.durationMonths,
                cost: m.route.cost?.text[language],
                money: m.route.cost.map { c in
                    MoneyEntry(cost: c.text[language], asOf: c.asOf, whoPays: c.whoPays?[language],
                               earning: c.earning?[language], confidence: c.confidence)
                },
                conditions: (m.requirements + m.preferences).map(entry), missing: m.missing.map(entry),
                mismatches: m.mismatches.map(entry),
                steps: m.steps.map { StepEntry(text: $0.text[language], sharedStep: $0.sharedStepId, confidence: $0.confidence) },
                providers: m.places.map { p in
                    ProviderEntry(provider: p.provider.id, name: p.provider.name, url: p.provider.url, programmeUrl: p.url,
                                  location: p.location.id, city: p.location.city, province: p.location.province,
                                  distanceKm: p.distanceKm.map { ($0 * 10).rounded() / 10 },
                                  confidence: p.location.confidence, note: p.note?[language])
                })
        }
        initiatives = result.initiatives.map { i in
            InitiativeEntry(id: i.id, name: i.name[language], year: i.year, status: i.status,
                            summary: i.summary[language], confidence: i.confidence, sources: i.sources.map(\.url))
        }
        help = result.helpDesks.map { h in
            HelpEntry(id: h.id, name: h.name[language], url: h.url, summary: h.summary[language], national: h.isNational)
        }
    }
}

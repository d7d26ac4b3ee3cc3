import RouteCatalog
import Synchronization

extension Fit {
    var rank: Int {
        switch self {
        case .eligible: return 0
        case .near: return 1
        case .notEligible: return 2
        }
    }

    static func ranked(_ rank: Int) -> Fit { rank == 0 ? .eligible : (rank == 1 ? .near : .notEligible) }
}

/// Where a route stands against the visitor's own goal: the role and school type they chose.
public enum Group: String, Sendable, Codable, Hashable, CaseIterable {
    /// Leads to the role they chose, in (one of) the school type(s) they chose; also every route
    /// when they chose "no preference" (or did not answer).
    case forYou
    /// Leads to another role, or only to the other school type: shown apart, below.
    case alsoPossible
}

/// The visitor's goal as far as it splits the routes: the role and school type options chosen,
/// nil where the answer is missing or says "no preference".
public struct Goal: Sendable, Hashable {
    public var role: Choice?
    public var schoolType: Choice?
    /// The options of the role and school-type questions, to name what a route leads to.
    public var roleOptions: [Choice] = []
    public var schoolTypeOptions: [Choice] = []
    /// Whether the goal splits the routes at all.
    public var splits: Bool { role != nil || schoolType != nil }

    /// The labels of these role ids (the id where the catalogue has no such option).
    public func roleLabels(_ ids: [String], _ language: Language) -> [String] {
        ids.map { id in roleOptions.first { $0.id == id }?.label[language] ?? id }
    }

    public func schoolTypeLabels(_ ids: [String], _ language: Language) -> [String] {
        ids.map { id in schoolTypeOptions.first { $0.id == id }?.label[language] ?? id }
    }
}

/// One criterion of a route, evaluated and explained.
public struct CriterionResult: Sendable, Hashable {
    public var criterion: Criterion
    public var isRequirement: Bool
    public var outcome: Outcome
    public var trace: Trace

    /// The text that explains the outcome: the pass text when it passes (nil for a criterion that
    /// passes silently), the fail text otherwise.
    public var statement: LocalizedText? { outcome == .pass ? criterion.pass : criterion.fail }
    /// The statement, for results that have one (every failing or unknown one, passing ones that speak).
    public var explanation: LocalizedText { statement ?? criterion.fail }
}

/// A provider location offering a route, with the distance from the visitor's province.
public struct ProviderPlace: Sendable, Hashable {
    public var provider: Provider
    public var location: Location
    public var note: LocalizedText?
    /// Great-circle kilometres from the province's reference point; nil for "abroad" or unknown.
    public var distanceKm: Double?
    /// The programme's page at this provider, else the provider's own address.
    public var url: String
}

/// A next step, either the route's own or a shared one attached by rule.
public struct Step: Sendable, Hashable {
    public var text: LocalizedText
    public var sharedStepId: String?
    public var confidence: Confidence
    /// The step's condition, when it has one (it passed or could not be decided yet).
    public var showIf: Condition?
}

/// A route as it applies to one person.
public struct RouteMatch: Sendable, Hashable {
    public var route: Route
    public var group: Group
    /// Why the route is not in the visitor's own group: it leads to another role than theirs,
    /// and/or only to the other school type.
    public var otherRole: Bool
    public var otherSchoolType: Bool
    public var fit: Fit
    /// Passing preference weight over all preference weight, 0–100.
    public var score: Double
    public var requirements: [CriterionResult]
    public var preferences: [CriterionResult]
    /// The steps that apply to this visitor, shared steps included; none for a route they
    /// cannot take.
    public var steps: [Step]
    public var places: [ProviderPlace]

    /// What is still needed: requirements that fail or are unknown (empty when eligible).
    public var missing: [CriterionResult] { requirements.filter { $0.outcome != .pass } }
    /// Requirements that pass and preferences that pass: the reasons it fits.
    public var reasons: [CriterionResult] { (requirements + preferences).filter { $0.outcome == .pass && $0.criterion.pass != nil } }
    /// Preferences that fail: where the route does not match what the visitor said they want
    /// (full-time study when they look for part-time, a vmbo profile they did not pick).
    public var mismatches: [CriterionResult] { preferences.filter { $0.outcome == .fail } }
}

/// The ranked outcome of one set of answers.
public struct MatchResult: Sendable {
    public var catalogueVersion: String
    public var catalogueSHA256: String
    /// The answers that counted: answers to questions hidden by `showIf` are dropped.
    public var answers: Answers
    public var region: Region?
    /// The role and school type that put routes in the visitor's own group.
    public var goal: Goal
    /// Ranked: the visitor's own group first, then "also possible"; within each, fit, then how
    /// well it matches the stated preferences, then fewer missing, then shorter duration.
    public var routes: [RouteMatch]
    public var initiatives: [Initiative]
    /// Where this visitor can get help finding a school: national desks and their province's.
    public var helpDesks: [HelpDesk]
}

/// The rules engine. Pure: the same catalogue and answers always give the same result.
public struct Engine: Sendable {
    public let catalogue: Catalogue
    let digest: CatalogueDigest
    /// The SHA-256 of the catalogue file (computed on first use).
    public var sha256: String { digest.hex }
    let index: QuestionIndex
    /// The questions whose answers make the visitor's goal (see `Goal`).
    let roleQuestion: Question?
    let schoolTypeQuestion: Question?
    /// Whether any route is only for some visitors (`showIf`).
    let hasConditionalRoutes: Bool
    let program: ConditionProgram
    let table: RouteTable
    /// Per route, a trace of each requirement and each preference with its condition texts
    /// written out once, for `match` to fill in; made by the first `match`, so `validate` and
    /// the ranking never pay for them.
    let templates: TraceTemplates

    /// Everything ranking needs, in flat arrays of plain values (no reference counting in the
    /// hot loop): per criterion where its condition starts in the program; per route the range
    /// of its criteria and its tie-break keys.
    struct RouteTable: Sendable {
        var requirementStart: [Int] = []
        var requirementAttainable: [Bool] = []
        var preferenceStart: [Int] = []
        var preferenceWeight: [Double] = []
        var requirements: [Range<Int>] = []
        var preferences: [Range<Int>] = []
        var totalWeight: [Double] = []
        /// Each route's place in the static tie-break (shorter typical duration, then id), and
        /// the route at each place; `orderBits` bits hold a place.
        var order: [Int] = []
        var routeAtOrder: [Int] = []
        var orderBits = 1
        /// Per route, the option indexes of the role and school-type questions it leads to, as
        /// bits (an option index past 63 counts as fitting every route).
        var roleBits: [UInt64] = []
        var schoolTypeBits: [UInt64] = []
        /// Outcome tables of the criteria that read one or two questions (see `Tabulation`), in
        /// the tabulation's order: requirements first, then preferences.
        var tabulation = Tabulation()
    }

    public init(catalogue: Catalogue, sha256: String = "") {
        self.init(catalogue: catalogue, digest: CatalogueDigest(hex: sha256))
    }

    public init(_ loaded: LoadedCatalogue) {
        self.init(catalogue: loaded.catalogue, digest: loaded.digest)
    }

    /// `tableBudget`: bytes the outcome tables may take (see `Tabulation`).
    init(catalogue: Catalogue, digest: CatalogueDigest, tableBudget: Int = Tabulation.maximumTotal) {
        self.catalogue = catalogue
        self.digest = digest
        let index = QuestionIndex(catalogue.questions)
        self.index = index
        roleQuestion = catalogue.question(meaning: .role)
        schoolTypeQuestion = catalogue.question(meaning: .schoolType)
        hasConditionalRoutes = catalogue.routes.contains { $0.showIf != nil }
        var program = ConditionProgram()
        var table = RouteTable()
        func bits(_ ids: [String], _ question: Question?) -> UInt64 {
            guard let question else { return ~0 }
            return question.choices.indices.reduce(into: UInt64(0)) { mask, i in
                if i >= 64 || ids.contains(question.choices[i].id) { mask |= i >= 64 ? 0 : 1 << UInt64(i) }
            }
        }
        var requirementCode: [Range<Int>] = [], preferenceCode: [Range<Int>] = []
        for route in catalogue.routes {
            let r0 = table.requirementStart.count
            for c in route.requirements {
                let start = program.append(c.when, index)
                table.requirementStart.append(start)
                requirementCode.append(start..<program.code.count)
                table.requirementAttainable.append(c.attainable)
            }
            table.requirements.append(r0..<table.requirementStart.count)
            let p0 = table.preferenceStart.count
            for c in route.weightedPreferences {
                let start = program.append(c.when, index)
                table.preferenceStart.append(start)
                preferenceCode.append(start..<program.code.count)
                table.preferenceWeight.append(c.weight ?? 0)
            }
            table.preferences.append(p0..<table.preferenceStart.count)
            table.roleBits.append(bits(route.roles, roleQuestion))
            table.schoolTypeBits.append(bits(route.schoolTypes, schoolTypeQuestion))
            table.totalWeight.append(route.weightedPreferences.reduce(0) { $0 + ($1.weight ?? 0) })
        }
        // A route's length for the tie-break: the middle of its range (in half months), so a wide
        // estimate ("12–48") does not pass for a short route.
        let months = catalogue.routes.map { min(max($0.durationMonths.min, 0), 16383) + min(max($0.durationMonths.max, 0), 16383) }
        let byTieBreak = catalogue.routes.indices.sorted { a, b in
            months[a] != months[b] ? months[a] < months[b] : catalogue.routes[a].id < catalogue.routes[b].id
        }
        table.order = Array(repeating: 0, count: byTieBreak.count)
        for (position, route) in byTieBreak.enumerated() { table.order[route] = position }
        table.routeAtOrder = byTieBreak
        table.orderBits = max(1, Int.bitWidth - max(byTieBreak.count - 1, 0).leadingZeroBitCount)
        let tabulation = Tabulation(questions: catalogue.questions, program: program,
                                    criteria: requirementCode + preferenceCode, budget: tableBudget)
        table.tabulation = tabulation
        self.program = program
        self.table = table
        templates = TraceTemplates(catalogue.routes)
    }

    /// Fit and score of every route, in catalogue order, without explanations: the fast path.
    public struct Ranking: Sendable, Hashable {
        public var routeIndex: Int
        public var group: Group
        public var fit: Fit
        public var score: Double
        public var missingCount: Int
    }

    /// Ranks every route for these answers (hidden answers dropped first). Allocation-light; use
    /// `match` for the explained result.
    public func rank(_ answers: Answers) -> [Ranking] {
        let effective = catalogue.effectiveAnswers(answers)
        return shown(rank(compiledAnswers: CompiledAnswers(effective, index), goal: goal(effective)), effective)
    }

    /// Leaves out the routes whose `showIf` fails for these answers (a route only for some).
    func shown(_ ranking: [Ranking], _ answers: Answers) -> [Ranking] {
        guard hasConditionalRoutes else { return ranking }
        return ranking.filter { catalogue.routes[$0.routeIndex].showIf?.evaluate(answers) != .fail }
    }

    /// The role and school type chosen, unless missing or "no preference".
    public func goal(_ answers: Answers) -> Goal {
        func chosen(_ q: Question?) -> Choice? {
            guard let q, case .option(let id)? = answers[q.id], let choice = q.option(id), !choice.isNoPreference else { return nil }
            return choice
        }
        return Goal(role: chosen(roleQuestion), schoolType: chosen(schoolTypeQuestion),
                    roleOptions: roleQuestion?.choices ?? [], schoolTypeOptions: schoolTypeQuestion?.choices ?? [])
    }

    /// The bit of the chosen option in the routes' masks; all bits when it does not split.
    private func goalBits(_ choice: Choice?, _ question: Question?) -> UInt64 {
        guard let choice, let question, let i = question.choices.firstIndex(of: choice), i < 64 else { return ~0 }
        return 1 << UInt64(i)
    }

    func rank(compiledAnswers a: CompiledAnswers, goal: Goal) -> [Ranking] {
        let t = table
        let n = t.requirements.count
        let layout = RankKey(orderBits: t.orderBits)
        let wantedRole = goalBits(goal.role, roleQuestion), wantedSchoolType = goalBits(goal.schoolType, schoolTypeQuestion)
        var keys = [UInt64](repeating: 0, count: n)
        var scores = [Double](repeating: 0, count: n)
        var missingCounts = [Int](repeating: 0, count: n)
        let states = t.tabulation.states(a)
        // Branch-free accumulation: outcomes vary from route to route, so branches mispredict.
        program.code.withUnsafeBufferPointer { code in
        a.slots.withUnsafeBufferPointer { slots in
        states.withUnsafeBufferPointer { states in
        t.tabulation.table.withUnsafeBufferPointer { outcomes in
        t.tabulation.entries.withUnsafeBufferPointer { entries in
        t.requirementStart.withUnsafeBufferPointer { reqStart in
        t.requirementAttainable.withUnsafeBufferPointer { attainable in
        t.preferenceStart.withUnsafeBufferPointer { prefStart in
        t.preferenceWeight.withUnsafeBufferPointer { weight in
        t.requirements.withUnsafeBufferPointer { requirements in
        t.preferences.withUnsafeBufferPointer { preferences in
        t.totalWeight.withUnsafeBufferPointer { totalWeight in
        t.order.withUnsafeBufferPointer { order in
        t.roleBits.withUnsafeBufferPointer { roleBits in
        t.schoolTypeBits.withUnsafeBufferPointer { schoolTypeBits in
        keys.withUnsafeMutableBufferPointer { keys in
        scores.withUnsafeMutableBufferPointer { scores in
        missingCounts.withUnsafeMutableBufferPointer { missingCounts in
            let firstPreference = reqStart.count
            /// The tabulated outcome of criterion `c`, if its answers are in its table.
            @inline(__always) func lookUp(_ c: Int) -> UInt8? {
                let e = entries[c]
                let s1 = states[Int(e.first)], s2 = states[Int(e.second)]
                guard e.offset >= 0, (s1 | s2) >= 0 else { return nil }
                return outcomes[Int(e.offset + s1 * e.stride + s2)]
            }
            for i in 0..<n {
                var missing = 0
                var blocked: UInt8 = 0
                for c in requirements[i] {
                    let o = lookUp(c) ?? ConditionProgram.outcome(code, slots, at: reqStart[c])
                    missing &+= o == ConditionProgram.pass ? 0 : 1
                    blocked |= (o >> 1) & (attainable[c] ? 0 : 1)
                }
                var passed = 0.0, failed = 0.0
                for c in preferences[i] {
                    let o = lookUp(firstPreference + c) ?? ConditionProgram.outcome(code, slots, at: prefStart[c])
                    passed += weight[c] * Double(o & ConditionProgram.pass)
                    failed += weight[c] * Double((o & ConditionProgram.fail) >> 1)
                }
                let fitRank = blocked != 0 ? Fit.notEligible.rank : (missing == 0 ? Fit.eligible.rank : Fit.near.rank)
                let total = totalWeight[i]
                let score = RankKey.score(passed: passed, total: total)
                scores[i] = score
                missingCounts[i] = missing
                let apart = (roleBits[i] & wantedRole) == 0 || (schoolTypeBits[i] & wantedSchoolType) == 0
                keys[i] = layout.key(group: apart ? 1 : 0, fitRank: fitRank, mismatch: failed, score: score, missing: missing, place: order[i])
            }
        }}}}}}}}}}}}}}}}}}
        radixSort(&keys, bytes: layout.bytes)
        return keys.map { key in
            let i = t.routeAtOrder[layout.place(key)]
            return Ranking(routeIndex: i, group: layout.group(key), fit: layout.fit(key), score: scores[i], missingCount: missingCounts[i])
        }
    }

    /// The full, explained result: every route ranked, every criterion with its trace, steps with
    /// shared steps attached, providers by distance, and the regional initiatives.
    public func match(_ answers: Answers) -> MatchResult {
        let effective = catalogue.effectiveAnswers(answers)
        let region = catalogue.question(meaning: .province).flatMap { effective[$0.id] }.flatMap { v -> Region? in
            if case .option(let id) = v { return catalogue.region(id) }
            return nil
        }
        let goal = goal(effective)
        let ranked = shown(rank(compiledAnswers: CompiledAnswers(effective, index), goal: goal), effective).map { ranking in
            explain(ranking, effective, region, goal)
        }
        let initiatives = catalogue.initiatives.filter { i in region.map { i.provinces.contains($0.id) } ?? false }
        // The province's own desks first, then the national ones.
        let helpDesks = catalogue.helpDeskList.filter { h in region.map { h.provinces?.contains($0.id) ?? false } ?? false }
            + catalogue.helpDeskList.filter(\.isNational)
        return MatchResult(catalogueVersion: catalogue.catalogueVersion, catalogueSHA256: sha256,
                           answers: effective, region: region, goal: goal, routes: ranked, initiatives: initiatives,
                           helpDesks: helpDesks)
    }

    private func explain(_ ranking: Ranking, _ answers: Answers, _ region: Region?, _ goal: Goal) -> RouteMatch {
        let route = catalogue.routes[ranking.routeIndex]
        let templates = templates.of(ranking.routeIndex)
        func results(_ criteria: [Criterion], _ templates: [Trace], requirement: Bool) -> [CriterionResult] {
            criteria.indices.map { i in
                let trace = criteria[i].when.trace(answers, reusing: templates[i])
                return CriterionResult(criterion: criteria[i], isRequirement: requirement, outcome: trace.outcome, trace: trace)
            }
        }
        /// A step is shown unless its condition fails for these answers.
        func applies(_ condition: Condition?) -> Bool { condition.map { $0.evaluate(answers) != .fail } ?? true }
        // No steps towards a route the visitor cannot take (a diploma they lack).
        var steps: [Step] = []
        if ranking.fit != .notEligible {
            steps = route.steps.filter { applies($0.showIf) }.map {
                Step(text: $0.text, sharedStepId: nil, confidence: route.confidence, showIf: $0.showIf)
            }
            let applying = catalogue.sharedSteps.filter { step in
                (step.routes?.contains(route.id) ?? true) && applies(step.showIf)
            }
            func shared(_ position: SharedStep.Position) -> [Step] {
                applying.filter { $0.position == position }.map {
                    Step(text: $0.text, sharedStepId: $0.id, confidence: $0.confidence, showIf: $0.showIf)
                }
            }
            steps = shared(.first) + steps + shared(.last)
        }
        let otherRole = goal.role.map { !route.roles.contains($0.id) } ?? false
        let otherSchoolType = goal.schoolType.map { !route.schoolTypes.contains($0.id) } ?? false
        return RouteMatch(route: route, group: ranking.group, otherRole: otherRole, otherSchoolType: otherSchoolType,
                          fit: ranking.fit, score: ranking.score,
                          requirements: results(route.requirements, templates.requirements, requirement: true),
                          preferences: results(route.weightedPreferences, templates.preferences, requirement: false),
                          steps: steps, places: places(route, region))
    }

    /// Every location offering the route, nearest first (then by provider and city).
    func places(_ route: Route, _ region: Region?) -> [ProviderPlace] {
        var places: [ProviderPlace] = []
        for offer in route.offeredAt {
            guard let provider = catalogue.provider(offer.provider) else { continue }
            let locations = offer.locations.isEmpty
                ? provider.locations
                : offer.locations.compactMap { id in provider.locations.first { $0.id == id } }
            for location in locations where !places.contains(where: { $0.location.id == location.id }) {
                let distance = region?.referencePoint.map {
                    greatCircleKilometres(lat1: $0.lat, lon1: $0.lon, lat2: location.lat, lon2: location.lon)
                }
                places.append(ProviderPlace(provider: provider, location: location, note: offer.note, distanceKm: distance,
                                            url: offer.url ?? provider.url))
            }
        }
        return places.sorted { l, r in
            switch (l.distanceKm, r.distanceKm) {
            case let (a?, b?) where a != b: return a < b
            default:
                if l.provider.name != r.provider.name { return l.provider.name < r.provider.name }
                return l.location.city < r.location.city
            }
        }
    }
}

/// One integer per route, so ranking sorts plain integers: the visitor's own group before "also
/// possible", then fit, then the mismatch (the weight of the preferences that fail, light first),
/// then the score (the share of preference weight that passes, high first, to 0.001), then fewer
/// missing, then the static tie-break (shorter typical duration, the middle of the range, then
/// id) as the route's place in it. The place is unique, so it also tells which route a key
/// belongs to. From the top: group (1 bit), fit (2), mismatch (`mismatchBits`, in tenths,
/// capped), score (17), missing (10, capped), place (`orderBits`); narrow keys need fewer radix
/// passes.
struct RankKey {
    let orderBits: Int
    /// Bits of the mismatch: 17 (weights to 0.1, up to 13,107.1, far above what a catalogue
    /// within its limits puts on one route in practice; heavier mismatches tie) for up to 131,072
    /// routes, fewer beyond, so the key stays within 64 bits.
    var mismatchBits: Int { max(0, min(17, 64 - 30 - orderBits)) }

    /// Low bytes the keys use.
    var bytes: Int { (orderBits + 10 + 17 + mismatchBits + 2 + 1 + 7) / 8 }

    /// Passing weight over all weight, 0–100; 0 when there is no weight. Never NaN or infinite,
    /// whatever the weights (a loaded catalogue has weights from above 0 to 1,000).
    @inline(__always)
    static func score(passed: Double, total: Double) -> Double {
        let score = total > 0 ? 100 * passed / total : 0
        return score.isFinite ? min(max(score, 0), 100) : 0
    }

    /// The mismatch in tenths, within its bits; never traps, whatever the weights.
    @inline(__always)
    func mismatchField(_ weight: Double) -> UInt64 {
        let cap = Double((1 << UInt64(mismatchBits)) - 1)
        let tenths = (weight * 10).rounded()
        return tenths.isFinite ? UInt64(min(max(tenths, 0), cap)) : UInt64(cap)
    }

    func key(group: Int, fitRank: Int, mismatch: Double, score: Double, missing: Int, place: Int) -> UInt64 {
        let ob = UInt64(orderBits), mb = UInt64(mismatchBits)
        return UInt64(group) << (ob + mb + 29)
            | UInt64(fitRank) << (ob + mb + 27)
            | mismatchField(mismatch) << (ob + 27)
            | UInt64(100_000 - Int(score * 1000 + 0.5)) << (ob + 10)
            | UInt64(min(missing, 1023)) << ob
            | UInt64(place)
    }

    func place(_ key: UInt64) -> Int { Int(key & ((1 << UInt64(orderBits)) - 1)) }
    func fit(_ key: UInt64) -> Fit { Fit.ranked(Int((key >> UInt64(orderBits + mismatchBits + 27)) & 3)) }
    func group(_ key: UInt64) -> Group { (key >> UInt64(orderBits + mismatchBits + 29)) & 1 == 0 ? .forYou : .alsoPossible }
}

/// Sorts 64-bit keys with a least-significant-digit radix sort, one byte per pass, skipping the
/// bytes all keys share. For the thousand keys of a large catalogue this is several times faster
/// than a comparison sort, which showed as a quarter of the ranking time.
/// `bytes`: how many low bytes the keys use (the others are 0).
func radixSort(_ keys: inout [UInt64], bytes: Int = 8) {
    let n = keys.count
    let bytes = min(max(bytes, 1), 8)
    guard n > 64 else {
        keys.sort()
        return
    }
    var buffer = [UInt64](repeating: 0, count: n)
    // The histograms of all `bytes` bytes in one pass over the keys, then one scatter pass per
    // byte that differs between keys.
    let counts = UnsafeMutablePointer<Int>.allocate(capacity: bytes * 256)
    defer { counts.deallocate() }
    counts.initialize(repeating: 0, count: bytes * 256)
    var any: UInt64 = 0, all: UInt64 = ~0
    for k in keys {
        any |= k
        all &= k
        for pass in 0..<bytes { counts[pass * 256 + Int((k >> UInt64(pass * 8)) & 0xFF)] += 1 }
    }
    let varying = any ^ all
    keys.withUnsafeMutableBufferPointer { src0 in
        buffer.withUnsafeMutableBufferPointer { dst0 in
            var src = src0, dst = dst0
            var inBuffer = false
            for pass in 0..<bytes {
                let shift = UInt64(pass * 8)
                if (varying >> shift) & 0xFF == 0 { continue }   // every key has this byte
                let c = counts + pass * 256
                var total = 0
                for i in 0..<256 {
                    let count = c[i]
                    c[i] = total
                    total += count
                }
                for k in src {
                    let d = Int((k >> shift) & 0xFF)
                    dst[c[d]] = k
                    c[d] += 1
                }
                swap(&src, &dst)
                inBuffer.toggle()
            }
            if inBuffer {
                for i in 0..<n { dst[i] = src[i] }  // dst is the caller's array again
            }
        }
    }
}


/// The condition texts of every criterion, written out by the first explained match and kept
/// for the next ones (the kiosk explains the same routes for every visitor).
final class TraceTemplates: Sendable {
    struct Route: Sendable {
        let requirements: [Trace]
        let preferences: [Trace]
    }

    private let routes: [RouteCatalog.Route]
    private let made: Mutex<[Route]?>

    init(_ routes: [RouteCatalog.Route]) {
        self.routes = routes
        made = Mutex(nil)
    }

    func of(_ route: Int) -> Route {
        made.withLock { made in
            if let made { return made[route] }
            let all = routes.map {
                Route(requirements: $0.requirements.map { $0.when.trace([:]) },
                      preferences: $0.weightedPreferences.map { $0.when.trace([:]) })
            }
            made = all
            return all[route]
        }
    }
}

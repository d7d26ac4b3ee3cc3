import Matching
import RouteCatalog

/// The advice as plain lines of text, for every place that shows it without a screen: the plain
/// line mode (screen readers, `TERM=dumb`), `routewijzer match --format text`, and the summary
/// left in the terminal after a session over SSH. It says the same as the full-screen results,
/// with the same words: the routes in the visitor's own group first, each with the one line that
/// says where it stands; steps that apply to every route said once.
public struct AdviceText {
    let result: MatchResult
    let painter: Painter

    public init(_ result: MatchResult, language: Language, ascii: Bool = false) {
        self.result = result
        painter = Painter(width: 1, height: 1, ascii: ascii, words: Words(language: language))
    }

    var w: Words { painter.w }

    /// The numbered list of routes, grouped, each with its fit and one line of why; the numbers
    /// are the ones `details(route:)` takes.
    public func overview() -> [String] {
        var out: [String] = []
        let eligible = result.routes.filter { $0.fit == .eligible }.count
        let near = result.routes.filter { $0.fit == .near }.count
        out.append(w[.resultsTitle] + ": " + w.summary(eligible: eligible, near: near) + ".")
        if let region = result.region, let point = region.referencePoint {
            out.append(w.distancesFrom(point.name, region.name[w.language]))
        }
        var group: Group?
        for (i, m) in result.routes.enumerated() {
            if result.goal.splits, m.group != group {
                out.append("")
                out.append(w.groupHeading(m.group) + ":")
                group = m.group
            } else if i == 0 {
                out.append("")
            }
            out.append("\(i + 1). " + w.fitLabel(m.fit) + ": " + m.route.name[w.language] + " (" + w.months(m.route.durationMonths) + ")")
            if let status = painter.statusLine(m) { out.append("   " + status.text) }
        }
        return out.map(fold)
    }

    /// Everything about route number `number` (1-based, as in the overview); shared steps are
    /// left to `sharedSteps()` when `withSharedSteps` is false.
    public func details(route number: Int, withSharedSteps: Bool = true) -> [String] {
        guard number >= 1, number <= result.routes.count else { return [] }
        var m = result.routes[number - 1]
        if !withSharedSteps { m.steps = m.steps.filter { $0.sharedStepId == nil } }
        return painter.detailLines(m, result, plain: true).map { line in
            fold(String(repeating: " ", count: line.indent * 2) + line.text)
        }
    }

    /// The steps that come with more than one route (a VOG, a diploma evaluation), said once.
    public func sharedSteps() -> [String] {
        var seen: [String] = []
        var texts: [String] = []
        for m in result.routes where m.fit != .notEligible {
            for step in m.steps {
                guard let id = step.sharedStepId, !seen.contains(id) else { continue }
                seen.append(id)
                texts.append(step.text[w.language])
            }
        }
        guard !texts.isEmpty else { return [] }
        return [w[.forEveryRoute] + ":"] + texts.map { fold("- " + $0) }
    }

    /// Regional initiatives: current ones, then (with `dated`) earlier ones as context.
    public func regional(dated: Bool = true) -> [String] {
        var r = result
        if !dated { r.initiatives = r.initiatives.filter { $0.status == .current } }
        return painter.initiativeLines(r).map { fold(String(repeating: " ", count: $0.indent * 2) + $0.text) }
    }

    /// The whole advice: overview, the details of every route that fits or nearly fits, shared
    /// steps once, and the regional context.
    public func full() -> [String] {
        var out = overview()
        for (i, m) in result.routes.enumerated() where m.fit != .notEligible {
            out.append("")
            out += details(route: i + 1, withSharedSteps: false)
        }
        let shared = sharedSteps()
        if !shared.isEmpty { out += [""] + shared }
        out += help()
        out += regional()
        return out
    }

    /// Where to get help finding a school.
    public func help() -> [String] {
        painter.helpLines(result).map { fold(String(repeating: " ", count: $0.indent * 2) + $0.text) }
    }

    /// A short summary to keep: the best routes that fit or nearly fit (the visitor's own group
    /// first), each with where it stands, its first step and the programme's page; where to get
    /// help; the session code. Left in the terminal after a session over SSH.
    public func summary(sessionCode: String?, routes limit: Int = 3) -> [String] {
        var out = [w[.summaryTitle] + " (" + w[.catalogueWord] + " " + result.catalogueVersion + ")"]
        let open = result.routes.filter { $0.fit != .notEligible }.prefix(limit)
        if open.isEmpty { out.append(w[.noRouteNow]) }
        for (i, m) in open.enumerated() {
            out.append("\(i + 1). " + w.fitLabel(m.fit) + ": " + m.route.name[w.language])
            if let status = painter.statusLine(m) { out.append("   " + status.text) }
            if let step = m.steps.first { out.append("   " + w[.firstStep] + ": " + step.text[w.language]) }
            if let place = m.places.first { out.append("   " + painter.providerLine(place) + ": " + place.url) }
            else if let ask = m.route.askInstead { out.append("   " + ask[w.language]) }
        }
        if let desk = result.helpDesks.first {
            out.append(w[.helpFindingASchool] + ": " + desk.name[w.language] + ", " + desk.url)
        }
        if let sessionCode { out.append(w.sessionCode(sessionCode)) }
        return out.map(fold)
    }

    func fold(_ s: String) -> String { painter.fold(s) }
}

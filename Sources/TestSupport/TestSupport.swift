// Shared by the tests, the benchmarks and rw-logtool: a reproducible random generator, random
// answers for a catalogue, a generated catalogue of many routes, and the path of a program built
// beside the running one.
#if canImport(Glibc)
import Glibc
#endif
import RouteCatalog

/// SplitMix64: small, fast and reproducible from a seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random answers to a random subset of the questions (about one in `skipOneIn` left
/// unanswered, so unknown outcomes occur too).
public func randomAnswers<G: RandomNumberGenerator>(_ catalogue: Catalogue, _ g: inout G, skipOneIn: Int = 5) -> Answers {
    var answers: Answers = [:]
    for q in catalogue.questions where Int.random(in: 0..<skipOneIn, using: &g) > 0 {
        switch q.kind {
        case .single: answers[q.id] = .option(q.choices.randomElement(using: &g)!.id)
        case .multiple: answers[q.id] = .options(q.choices.filter { _ in Bool.random(using: &g) }.map(\.id))
        case .boolean: answers[q.id] = .boolean(Bool.random(using: &g))
        case .number: answers[q.id] = .number(Int.random(in: (q.min ?? 0)...(q.max ?? 60), using: &g))
        }
    }
    return answers
}

/// The path of the program `name` built next to the running executable (a test bundle or a
/// tool in the same build directory); the plain path beside it when it is not there.
public func builtProduct(_ name: String) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    var dir = "."
    if n > 0 {
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if let slash = path.lastIndex(of: "/") { dir = String(path[..<slash]) }
    }
    // Some layouts put the test executable inside a bundle directory one level down.
    for candidate in [dir, dir + "/.."] where access(candidate + "/" + name, X_OK) == 0 {
        return candidate + "/" + name
    }
    return dir + "/" + name
}

/// `zbarimg` from Debian's zbar-tools, or nil when it is not installed.
public let zbarimgPath: String? = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { access($0, X_OK) == 0 }

/// Decodes a binary PGM image with zbarimg: the text exactly as it was encoded, or nil when no
/// code was found (or zbarimg is missing).
public func decodeQRCode(pgm: [UInt8]) -> String? {
    guard let zbarimg = zbarimgPath else { return nil }
    var template = Array("/tmp/rw-qr-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    guard fd >= 0 else { return nil }
    let path = String(cString: template)
    defer { unlink(path) }
    let written = pgm.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard written == pgm.count, let pipe = popen("'\(zbarimg)' --raw -q '\(path)' 2>/dev/null", "r") else { return nil }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buffer, 1, buffer.count, pipe)
        if n <= 0 { break }
        output += buffer[0..<n]
    }
    guard pclose(pipe) == 0 else { return nil }
    var text = String(decoding: output, as: UTF8.self)
    if text.hasSuffix("\n") { text.removeLast() }  // zbarimg ends its output with a newline
    return text
}

/// A catalogue with the bundled questions and `count` routes of `conditions` conditions each:
/// 6 requirements and 4 preferences, mixing every operator and nesting. `compact`: routes with
/// short texts and one source (about 2 KB each instead of about 10 KB), for catalogues of tens of
/// thousands of routes.
public func generate(from base: Catalogue, routes count: Int, conditions: Int, seed: UInt64, compact: Bool = false) -> Catalogue {
    var g = SplitMix64(seed: seed)
    var catalogue = base
    let questions = base.questions
    // Compact: a route's requirements read different questions (so routes are rarely
    // unreachable) and lists hold at most three options.
    var used = Set<String>()
    func leaf(_ requirement: Bool = false) -> Condition {
        var q = questions.randomElement(using: &g)!
        if compact && requirement {
            q = questions.filter { !used.contains($0.id) }.randomElement(using: &g) ?? q
            used.insert(q.id)
        }
        switch q.kind {
        case .single:
            let most = compact ? min(3, q.choices.count - 1) : q.choices.count - 1
            let ids = q.choices.shuffled(using: &g).prefix(Int.random(in: 1...max(1, most), using: &g))
            return .compare(question: q.id, op: Bool.random(using: &g) ? .in : .notIn, operand: .values(ids.map { .option($0.id) }))
        case .multiple:
            return .compare(question: q.id, op: .containsAny, operand: .values(q.choices.prefix(3).map { .option($0.id) }))
        case .boolean:
            return .compare(question: q.id, op: .equals, operand: .value(.boolean(Bool.random(using: &g))))
        case .number:
            let n = Int.random(in: (q.min ?? 0)...(q.max ?? 60), using: &g)
            return .compare(question: q.id, op: Bool.random(using: &g) ? .gte : .lte, operand: .value(.number(n)))
        }
    }
    func condition(_ i: Int, requirement: Bool = false) -> Condition {
        switch i % 4 {
        case 0: return .any([leaf(requirement), leaf(requirement)])
        case 1: return .not(leaf(requirement))
        default: return leaf(requirement)
        }
    }
    var template = base.routes[0]
    if compact {
        let short = LocalizedText(nl: "Route", en: "Route")
        (template.name, template.summary, template.leadsTo, template.caveat) = (short, short, short, nil)
        if template.cost != nil {
            template.cost!.text = short
            template.cost!.whoPays = template.cost!.whoPays.map { _ in short }
            template.cost!.earning = template.cost!.earning.map { _ in short }
        }
        template.steps = [RouteStep(text: short)]
        if template.verify != nil { template.verify = short }
        if template.shortName != nil { template.shortName = short }
        template.sources = Array(template.sources.prefix(1))
        template.sources[0].supports = "route"
        template.offeredAt = Array(template.offeredAt.prefix(1))
        template.offeredAt[0].note = nil
        template.offeredAt[0].locations = []
        template.requirements[0].pass = LocalizedText(nl: "Ja.", en: "Yes.")
        template.requirements[0].fail = LocalizedText(nl: "Nee.", en: "No.")
    }
    catalogue.routes = (0..<count).map { r in
        var route = template
        route.id = "route-\(r)"
        used = []
        let requirements = conditions * 6 / 10
        route.requirements = (0..<requirements).map { i in
            Criterion(id: "req-\(i)", when: condition(i, requirement: true), pass: template.requirements[0].pass,
                      fail: template.requirements[0].fail, attainable: i % 2 == 0, weight: nil)
        }
        route.preferences = (requirements..<conditions).map { i in
            Criterion(id: "pref-\(i)", when: condition(i), pass: template.requirements[0].pass,
                      fail: template.requirements[0].fail, attainable: true, weight: Double(1 + i % 3))
        }
        // The template's sources name its own criteria; these routes' facts are others.
        for k in route.sources.indices { route.sources[k].about = route.factKeys }
        return route
    }
    catalogue.examples = []
    // Shared steps named for the bundled routes would name routes that are not there.
    catalogue.sharedSteps = base.sharedSteps.filter { $0.routes == nil }
    return catalogue
}

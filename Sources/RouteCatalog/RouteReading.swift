#if canImport(Glibc)
import Glibc
#endif

/// Routes read straight from `FastJSONDecoder`'s nodes, without the `Decodable` machinery.
///
/// A catalogue is almost all routes, and decoding them through `Decodable` cost more than the rest
/// of `match` and `validate` together on a large catalogue: a keyed container (boxed, with generic
/// metadata) per object and a search for every field. Here each object's fields are visited once,
/// in the file's order, and compared by their bytes. These readers are a second way to build the
/// same values as the synthesized `Decodable` conformances, so they follow them exactly: a
/// missing optional field and `null` both give nil, unknown fields are ignored, and anything else
/// they do not expect (a value of another kind, a name with an escape, a number that is not an
/// integer where one is asked for) throws `Unsupported`, after which `JSONDecoder` decodes the whole
/// catalogue and words the problem. `FuzzTests.theFastDecoderAgreesWithJSONDecoder` holds both to
/// the same results on the shipped catalogues, a generated one and thousands of mutated ones; a
/// field added to one of these types must be added here too, or that test fails on a catalogue
/// that uses it.
protocol NodeReadable: Sendable {
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> Self
}

extension FastJSONDecoder.Document {
    typealias Unsupported = FastJSONDecoder.Unsupported

    /// Calls `body` with the name node and the value node of each field of the object `node`.
    @inline(__always)
    func fields(_ node: Int, _ body: (_ name: Int, _ value: Int) throws -> Void) throws {
        guard nodes[node].kind == .object else { throw Unsupported() }
        var i = node + 1
        let end = Int(nodes[node].end)
        while i < end {
            // A name with an escape is left to JSONDecoder.
            guard !nodes[i].escaped else { throw Unsupported() }
            try body(i, i + 1)
            i = after(i + 1)
        }
    }

    /// Whether the name node `i` (without escapes) is `key`.
    @inline(__always)
    func key(_ i: Int, _ key: StaticString) -> Bool {
        let n = nodes[i]
        let count = Int(n.end &- n.start)
        return count == key.utf8CodeUnitCount
            && memcmp(key.utf8Start, bytes.baseAddress! + Int(n.start), count) == 0
    }

    @inline(__always) func isNull(_ i: Int) -> Bool { nodes[i].kind == .null }

    /// The elements of the array `node`, each read by `element`.
    @inline(__always)
    func array<T>(_ node: Int, _ element: (Int) throws -> T) throws -> [T] {
        guard nodes[node].kind == .array else { throw Unsupported() }
        var result: [T] = []
        result.reserveCapacity(Int(nodes[node].count))
        var i = node + 1
        let end = Int(nodes[node].end)
        while i < end {
            result.append(try element(i))
            i = after(i)
        }
        return result
    }

    func strings(_ node: Int) throws -> [String] { try array(node) { try string($0) } }

    func list<T: NodeReadable>(_ node: Int, of type: T.Type = T.self) throws -> [T] {
        try array(node) { try T.read(self, $0) }
    }

    /// `read` of the value, or nil for `null` (as `decodeIfPresent` does).
    @inline(__always)
    func optional<T>(_ node: Int, _ read: (Int) throws -> T) throws -> T? {
        isNull(node) ? nil : try read(node)
    }

    /// The two required fields `a` and `b` of the object `node`, both read by `read`.
    @inline(__always)
    func pair<T>(_ node: Int, _ a: StaticString, _ b: StaticString, _ read: (Int) throws -> T) throws -> Pair<T> {
        var first: T?, second: T?
        try fields(node) { k, v in
            if key(k, a) { first = try read(v) } else if key(k, b) { second = try read(v) }
        }
        guard let first, let second else { throw Unsupported() }
        return Pair(first: first, second: second)
    }

    struct Pair<T> {
        let first: T, second: T
        func map<U>(_ make: (T, T) -> U) -> U { make(first, second) }
    }

    func rawValue<T: RawRepresentable>(_ node: Int, _ type: T.Type = T.self) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: try string(node)) else { throw Unsupported() }
        return value
    }
}

/// A required field that was not there.
@inline(__always)
private func present<T>(_ value: T?) throws -> T {
    guard let value else { throw FastJSONDecoder.Unsupported() }
    return value
}

extension LocalizedText: NodeReadable {
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> LocalizedText {
        try d.pair(node, "nl", "en") { try d.string($0) }.map { LocalizedText(nl: $0, en: $1) }
    }
}

extension MonthRange: NodeReadable {
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> MonthRange {
        try d.pair(node, "min", "max") { try d.integer($0) }.map { MonthRange(min: $0, max: $1) }
    }
}

extension Source: NodeReadable {
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> Source {
        var url: String?, supports: String?, confidence: Confidence?, pageDate: String?, checkedOn: String?
        var about: [String]?, historic: Bool?
        try d.fields(node) { k, v in
            if d.key(k, "url") { url = try d.string(v) }
            else if d.key(k, "supports") { supports = try d.string(v) }
            else if d.key(k, "confidence") { confidence = try d.rawValue(v) }
            else if d.key(k, "pageDate") { pageDate = try d.optional(v) { try d.string($0) } }
            else if d.key(k, "checkedOn") { checkedOn = try d.optional(v) { try d.string($0) } }
            else if d.key(k, "about") { about = try d.optional(v) { try d.strings($0) } }
            else if d.key(k, "historic") { historic = try d.optional(v) { try d.bool($0) } }
        }
        return Source(url: try present(url), supports: try present(supports), confidence: try present(confidence),
                      pageDate: pageDate, checkedOn: checkedOn, about: about, historic: historic)
    }
}

extension AnswerValue: NodeReadable {
    /// As `init(from:)`: an option id, an integer, true/false or a list of option ids.
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> AnswerValue {
        switch d.nodes[node].kind {
        case .string: return .option(try d.string(node))
        case .number: return .number(try d.integer(node))
        case .bool: return .boolean(try d.bool(node))
        case .array: return .options(try d.strings(node))
        case .object, .null: throw FastJSONDecoder.Unsupported()
        }
    }
}

extension Condition: NodeReadable {
    /// As `init(from:)`: a leaf `{question, op, …}` or exactly one of `all`, `any`, `not`.
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> Condition {
        var question: Int?, op: Int?, value: Int?, values: Int?, min: Int?, max: Int?
        var all: Int?, any: Int?, not: Int?
        try d.fields(node) { k, v in
            if d.key(k, "question") { question = v }
            else if d.key(k, "op") { op = v }
            else if d.key(k, "value") { value = v }
            else if d.key(k, "values") { values = v }
            else if d.key(k, "min") { min = v }
            else if d.key(k, "max") { max = v }
            else if d.key(k, "all") { all = v }
            else if d.key(k, "any") { any = v }
            else if d.key(k, "not") { not = v }
        }
        switch (all, any, not, question) {
        case (let all?, nil, nil, nil): return .all(try d.list(all))
        case (nil, let any?, nil, nil): return .any(try d.list(any))
        case (nil, nil, let not?, nil): return .not(try Condition.read(d, not))
        case (nil, nil, nil, let question?):
            let id = try d.string(question)
            let op: Operator = try d.rawValue(try present(op))
            let operand: Operand
            switch op {
            case .answered: operand = .none
            case .equals, .notEquals, .gte, .lte, .contains: operand = .value(try AnswerValue.read(d, try present(value)))
            case .in, .notIn, .containsAny: operand = .values(try d.list(try present(values)))
            case .between: operand = .range(min: try d.integer(try present(min)), max: try d.integer(try present(max)))
            }
            return .compare(question: id, op: op, operand: operand)
        default:
            throw FastJSONDecoder.Unsupported()
        }
    }
}

extension Criterion: NodeReadable {
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> Criterion {
        var id: String?, when: Condition?, pass: LocalizedText?, fail: LocalizedText?, attainable: Bool?, weight: Double?
        try d.fields(node) { k, v in
            if d.key(k, "id") { id = try d.string(v) }
            else if d.key(k, "when") { when = try Condition.read(d, v) }
            else if d.key(k, "pass") { pass = try d.optional(v) { try LocalizedText.read(d, $0) } }
            else if d.key(k, "fail") { fail = try LocalizedText.read(d, v) }
            else if d.key(k, "attainable") { attainable = try d.bool(v) }
            else if d.key(k, "weight") { weight = try d.optional(v) { try d.double($0) } }
        }
        return Criterion(id: try present(id), when: try present(when), pass: pass, fail: try present(fail),
                         attainable: try present(attainable), weight: weight)
    }
}

extension RouteStep: NodeReadable {
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> RouteStep {
        var text: LocalizedText?, showIf: Condition?
        try d.fields(node) { k, v in
            if d.key(k, "text") { text = try LocalizedText.read(d, v) }
            else if d.key(k, "showIf") { showIf = try d.optional(v) { try Condition.read(d, $0) } }
        }
        return RouteStep(text: try present(text), showIf: showIf)
    }
}

extension Offer: NodeReadable {
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> Offer {
        var provider: String?, locations: [String]?, note: LocalizedText?, url: String?
        try d.fields(node) { k, v in
            if d.key(k, "provider") { provider = try d.string(v) }
            else if d.key(k, "locations") { locations = try d.strings(v) }
            else if d.key(k, "note") { note = try d.optional(v) { try LocalizedText.read(d, $0) } }
            else if d.key(k, "url") { url = try d.optional(v) { try d.string($0) } }
        }
        return Offer(provider: try present(provider), locations: try present(locations), note: note, url: url)
    }
}

extension Cost: NodeReadable {
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> Cost {
        var text: LocalizedText?, confidence: Confidence?, asOf: String?, whoPays: LocalizedText?, earning: LocalizedText?
        try d.fields(node) { k, v in
            if d.key(k, "text") { text = try LocalizedText.read(d, v) }
            else if d.key(k, "confidence") { confidence = try d.rawValue(v) }
            else if d.key(k, "asOf") { asOf = try d.optional(v) { try d.string($0) } }
            else if d.key(k, "whoPays") { whoPays = try d.optional(v) { try LocalizedText.read(d, $0) } }
            else if d.key(k, "earning") { earning = try d.optional(v) { try LocalizedText.read(d, $0) } }
        }
        return Cost(text: try present(text), confidence: try present(confidence), asOf: asOf, whoPays: whoPays, earning: earning)
    }
}

extension Route: NodeReadable {
    static func read(_ d: FastJSONDecoder.Document, _ node: Int) throws -> Route {
        var id: String?, name: LocalizedText?, shortName: LocalizedText?, showIf: Condition?, summary: LocalizedText?
        var schoolTypes: [String]?, roles: [String]?, leadsTo: LocalizedText?, nlqf: Int?, durationMonths: MonthRange?
        var cost: Cost?, steps: [RouteStep]?, offeredAt: [Offer]?, askInstead: LocalizedText?
        var requirements: [Criterion]?, preferences: [Criterion]?, confidence: Confidence?
        var verify: LocalizedText?, caveat: LocalizedText?, sources: [Source]?, checkedOn: String?
        try d.fields(node) { k, v in
            if d.key(k, "id") { id = try d.string(v) }
            else if d.key(k, "name") { name = try LocalizedText.read(d, v) }
            else if d.key(k, "shortName") { shortName = try d.optional(v) { try LocalizedText.read(d, $0) } }
            else if d.key(k, "showIf") { showIf = try d.optional(v) { try Condition.read(d, $0) } }
            else if d.key(k, "summary") { summary = try LocalizedText.read(d, v) }
            else if d.key(k, "schoolTypes") { schoolTypes = try d.strings(v) }
            else if d.key(k, "roles") { roles = try d.strings(v) }
            else if d.key(k, "leadsTo") { leadsTo = try LocalizedText.read(d, v) }
            else if d.key(k, "nlqf") { nlqf = try d.optional(v) { try d.integer($0) } }
            else if d.key(k, "durationMonths") { durationMonths = try MonthRange.read(d, v) }
            else if d.key(k, "cost") { cost = try d.optional(v) { try Cost.read(d, $0) } }
            else if d.key(k, "steps") { steps = try d.list(v) }
            else if d.key(k, "offeredAt") { offeredAt = try d.list(v) }
            else if d.key(k, "askInstead") { askInstead = try d.optional(v) { try LocalizedText.read(d, $0) } }
            else if d.key(k, "requirements") { requirements = try d.list(v) }
            else if d.key(k, "preferences") { preferences = try d.optional(v) { try d.list($0) } }
            else if d.key(k, "confidence") { confidence = try d.rawValue(v) }
            else if d.key(k, "verify") { verify = try d.optional(v) { try LocalizedText.read(d, $0) } }
            else if d.key(k, "caveat") { caveat = try d.optional(v) { try LocalizedText.read(d, $0) } }
            else if d.key(k, "sources") { sources = try d.list(v) }
            else if d.key(k, "checkedOn") { checkedOn = try d.string(v) }
        }
        return Route(
            id: try present(id), name: try present(name), shortName: shortName, showIf: showIf, summary: try present(summary),
            schoolTypes: try present(schoolTypes), roles: try present(roles), leadsTo: try present(leadsTo), nlqf: nlqf,
            durationMonths: try present(durationMonths), cost: cost, steps: try present(steps), offeredAt: try present(offeredAt),
            askInstead: askInstead, requirements: try present(requirements), preferences: preferences,
            confidence: try present(confidence), verify: verify, caveat: caveat, sources: try present(sources),
            checkedOn: try present(checkedOn))
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A problem with a set of answers, naming the question and what is allowed.
public struct AnswerProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as a value; `message` words it (every command that reads answers is for
    /// people who write them: English, with the ids as they are in the catalogue).
    public enum Reason: Sendable, Hashable {
        case unknownQuestion(known: [String])
        /// Option ids the question does not have (at most five named), and the ones it has.
        case unknownOptions([String], allowed: [String])
        case optionTwice
        case below(Int, minimum: Int)
        case above(Int, maximum: Int)
        /// A value of another kind than the question takes: what it expects.
        case expected(String)
    }

    public var questionId: String
    public var reason: Reason

    public var message: String {
        switch reason {
        case .unknownQuestion(let known): return "unknown question id; known ids: \(TerminalText.list(known))"
        case .unknownOptions(let ids, let allowed):
            return "unknown option\(ids.count > 1 ? "s" : "") \(TerminalText.list(ids.map { "\"\(TerminalText.excerpt($0))\"" }, limit: 5)); allowed: \(TerminalText.list(allowed))"
        case .optionTwice: return "an option is listed twice"
        case .below(let n, let lo): return "\(n) is below the minimum \(lo)"
        case .above(let n, let hi): return "\(n) is above the maximum \(hi)"
        case .expected(let expectation): return expectation
        }
    }

    public var description: String { "\(questionId): \(message)" }
}

extension Catalogue {
    /// Checks answers against the questionnaire: known question ids, the right kind of value,
    /// known option ids, numbers within range. Every problem is listed.
    public func answerProblems(_ answers: Answers) -> [AnswerProblem] {
        var problems: [AnswerProblem] = []
        for (id, value) in answers.sorted(by: { $0.key < $1.key }) {
            guard let question = question(id) else {
                problems.append(unknownQuestion(id))
                continue
            }
            if let reason = question.problem(with: value) {
                problems.append(AnswerProblem(questionId: id, reason: reason))
            }
        }
        return problems
    }

    func unknownQuestion(_ id: String) -> AnswerProblem {
        AnswerProblem(questionId: id, reason: .unknownQuestion(known: questions.map(\.id)))
    }

    /// The problem of an answer that is not a value of the answers contract at all (a number
    /// with a fraction, an object, null): what the question expects, or that it does not exist.
    func malformedAnswer(_ id: String) -> AnswerProblem {
        guard let question = question(id) else { return unknownQuestion(id) }
        return AnswerProblem(questionId: id, reason: .expected(question.expectation))
    }
}

extension Question {
    var allowedOptionList: String { TerminalText.list(choices.map(\.id)) }

    /// The largest magnitude of any number in a catalogue (question ranges, condition values) and
    /// of a number answer to a question without `min` or `max`.
    public static let numberLimit = 1_000_000

    /// What an answer to this question must be.
    public var expectation: String {
        switch kind {
        case .single: return "expected one option id (a string); allowed: \(allowedOptionList)"
        case .multiple: return "expected a list of option ids; allowed: \(allowedOptionList)"
        case .number: return "expected a whole number from \(min ?? -Question.numberLimit) to \(max ?? Question.numberLimit)"
        case .boolean: return "expected true or false"
        }
    }

    /// Why `value` is not a valid answer to this question, or nil when it is.
    public func problem(with value: AnswerValue) -> AnswerProblem.Reason? {
        switch (kind, value) {
        case (.single, .option(let id)):
            return option(id) == nil ? .unknownOptions([id], allowed: choices.map(\.id)) : nil
        case (.multiple, .options(let ids)):
            let unknown = ids.filter { option($0) == nil }
            if !unknown.isEmpty { return .unknownOptions(unknown, allowed: choices.map(\.id)) }
            return Set(ids).count == ids.count ? nil : .optionTwice
        case (.number, .number(let n)):
            let lo = min ?? -Question.numberLimit, hi = max ?? Question.numberLimit
            if n < lo { return .below(n, minimum: lo) }
            if n > hi { return .above(n, maximum: hi) }
            return nil
        case (.boolean, .boolean):
            return nil
        default:
            return .expected(expectation)
        }
    }
}

/// The limits of a catalogue (docs/routes.md, "Limits"): what the engine is built for, checked by
/// every command that loads one, so no value can make arithmetic overflow or a recursion run deep.
public enum CatalogueLimits {
    /// Questions in all; the engine numbers them with 16 bits.
    public static let questions = 1_000
    /// Options of one question; the engine keeps a choice as one bit of a 64-bit mask.
    public static let options = 64
    /// Conditions inside one `all` or `any`.
    public static let parts = 1_000
    /// `all` / `any` / `not` nested in one condition.
    public static let conditionDepth = 32
    /// A preference's weight: more than 0, at most this.
    public static let weight = 1_000.0
    /// A route's duration in months.
    public static let months = 600
    /// Characters of an id (question, option, route, provider, location, region, step, criterion).
    public static let idLength = 100
    /// An initiative's year.
    public static let years = 1900...2100
    /// A route's NLQF level.
    public static let nlqf = 1...8
}

extension Catalogue {
    /// Everything that can be checked without running the engine: unique ids, references between
    /// parts, conditions that fit their questions, texts and sources present, every number within
    /// its documented range (`CatalogueLimits`). One problem each; linear in the catalogue's size.
    public func structuralProblems(file: String, policy: SourcePolicy = SourcePolicy()) -> [CatalogueProblem] {
        var problems: [CatalogueProblem] = []
        func add(_ path: String, _ message: String) {
            problems.append(CatalogueProblem(file: file, path: path, message: message))
        }
        func warn(_ path: String, _ message: String) {
            problems.append(CatalogueProblem(file: file, path: path, message: message, severity: .warning))
        }
        let lookup = QuestionLookup(questions)
        var routeIds = Set<String>()
        for r in routes { routeIds.insert(r.id) }
        var providersById: [String: Provider] = [:]
        for p in providers where providersById[p.id] == nil { providersById[p.id] = p }
        let regionIds = Set(regions.map(\.id))
        // Paths are written out only for a problem: building one for every value checked was a
        // seventh of `validate` on a large catalogue.
        func condition(_ c: Condition, _ path: @autoclosure () -> String) { checkCondition(c, path(), add, lookup: lookup) }

        if schemaVersion != Catalogue.supportedSchemaVersion {
            add("$.schemaVersion", "schema version \(schemaVersion) is not supported; this program reads version \(Catalogue.supportedSchemaVersion)")
        }
        checkDate(checkedOn, "$.checkedOn", add)

        if questions.count > CatalogueLimits.questions {
            add("$.questions", "\(questions.count) questions; at most \(CatalogueLimits.questions)")
        }
        duplicates(questions.map(\.id), "$.questions", "question", add)
        var earlier = Set<String>()
        for (qi, q) in questions.enumerated() {
            let path = "$.questions[\(qi)]"
            checkText(q.text, "\(path).text", add)
            if let short = q.shortText { checkText(short, "\(path).shortText", add) }
            switch q.kind {
            case .single, .multiple:
                if q.choices.isEmpty { add("\(path).options", "a \(q.kind.rawValue)-choice question needs at least one option") }
                if q.choices.count > CatalogueLimits.options {
                    add("\(path).options", "\(q.choices.count) options; at most \(CatalogueLimits.options)")
                }
                duplicates(q.choices.map(\.id), "\(path).options", "option", add)
                for (oi, o) in q.choices.enumerated() { checkText(o.label, "\(path).options[\(oi)].label", add) }
            case .number:
                for (name, value) in [("min", q.min), ("max", q.max)] {
                    if let value { checkNumber(value, "\(path).\(name)", add) }
                }
                if let lo = q.min, let hi = q.max, lo > hi { add(path, "min \(lo) is greater than max \(hi)") }
                if q.options != nil { add("\(path).options", "a number question has no options") }
            case .boolean:
                if q.options != nil { add("\(path).options", "a yes/no question has no options") }
            }
            if let showIf = q.showIf {
                for ref in showIf.questionIds.sorted() where lookup.position[ref] != nil && !earlier.contains(ref) {
                    add("\(path).showIf", "showIf may only depend on questions asked earlier; \"\(TerminalText.excerpt(ref))\" comes later or is this question")
                }
                condition(showIf, "\(path).showIf")
            }
            if let meaning = q.meaning, !meaning.kinds.contains(q.kind) {
                add("\(path).meaning", "the meaning \"\(meaning.rawValue)\" needs a \(meaning.kinds.map(\.rawValue).sorted().joined(separator: " or ")) question, not \(q.kind.rawValue)")
            }
            for (oi, o) in q.choices.enumerated() where o.isNoPreference && q.kind != .single {
                add("\(path).options[\(oi)].noPreference", "only an option of a single-choice question can stand for \"no preference\"")
            }
            earlier.insert(q.id)
        }
        checkMeanings(add, warn)

        duplicates(regions.map(\.id), "$.regions", "region", add)
        if let province = question(meaning: .province) {
            let optionIds = Set(province.choices.map(\.id))
            for missing in optionIds.subtracting(regionIds).sorted() {
                add("$.regions", "the province option \"\(TerminalText.excerpt(missing))\" has no region entry")
            }
            for extra in regionIds.subtracting(optionIds).sorted() {
                add("$.regions", "region \"\(TerminalText.excerpt(extra))\" is not an option of the province question")
            }
        }
        for (ri, r) in regions.enumerated() {
            checkText(r.name, "$.regions[\(ri)].name", add)
            if let p = r.referencePoint { checkCoordinates(p.lat, p.lon, "$.regions[\(ri)].referencePoint", add) }
        }

        duplicates(providers.map(\.id), "$.providers", "provider", add)
        duplicates(providers.flatMap { $0.locations.map(\.id) }, "$.providers[*].locations", "location", add)
        for (pi, p) in providers.enumerated() {
            let path = "$.providers[\(pi)]"
            checkSources(p.sources, path, add)
            checkDate(p.checkedOn, "\(path).checkedOn", add)
            if p.locations.isEmpty { add("\(path).locations", "a provider needs at least one location") }
            for (li, l) in p.locations.enumerated() {
                if !regionIds.contains(l.province) {
                    add("\(path).locations[\(li)].province", "unknown province \"\(TerminalText.excerpt(l.province))\"; known: \(TerminalText.list(regions.map(\.id)))")
                }
                checkCoordinates(l.lat, l.lon, "\(path).locations[\(li)]", add)
            }
        }

        duplicates(routes.map(\.id), "$.routes", "route", add)
        let schoolTypeOptions = question(meaning: .schoolType).map { Set($0.choices.filter { !$0.isNoPreference }.map(\.id)) }
        let roleOptions = question(meaning: .role).map { Set($0.choices.filter { !$0.isNoPreference }.map(\.id)) }
        for (ri, r) in routes.enumerated() {
            let path = "$.routes[\(ri)]"
            checkText(r.name, "\(path).name", add)
            checkText(r.summary, "\(path).summary", add)
            checkText(r.leadsTo, "\(path).leadsTo", add)
            checkSources(r.sources, path, add)
            checkDate(r.checkedOn, "\(path).checkedOn", add)
            if r.schoolTypes.isEmpty { add("\(path).schoolTypes", "a route qualifies for at least one school type") }
            if let allowed = schoolTypeOptions {
                for t in r.schoolTypes where !allowed.contains(t) {
                    add("\(path).schoolTypes", "unknown school type \"\(TerminalText.excerpt(t))\"; allowed: \(TerminalText.list(allowed.sorted())) (the options of the question with the meaning \"schoolType\", except \"no preference\")")
                }
            }
            if let allowed = roleOptions {
                for t in r.roles where !allowed.contains(t) {
                    add("\(path).roles", "unknown role \"\(TerminalText.excerpt(t))\"; allowed: \(TerminalText.list(allowed.sorted())) (the options of the question with the meaning \"role\", except \"no preference\")")
                }
            }
            if r.durationMonths.min < 0 || r.durationMonths.min > r.durationMonths.max || r.durationMonths.max > CatalogueLimits.months {
                add("\(path).durationMonths", "expected 0 ≤ min ≤ max ≤ \(CatalogueLimits.months), found min \(r.durationMonths.min) and max \(r.durationMonths.max)")
            }
            if let nlqf = r.nlqf, !CatalogueLimits.nlqf.contains(nlqf) {
                add("\(path).nlqf", "expected an NLQF level from \(CatalogueLimits.nlqf.lowerBound) to \(CatalogueLimits.nlqf.upperBound), found \(nlqf)")
            }
            if let showIf = r.showIf { condition(showIf, "\(path).showIf") }
            if r.steps.isEmpty { add("\(path).steps", "a route needs at least one next step") }
            for (si, s) in r.steps.enumerated() {
                checkText(s.text, "\(path).steps[\(si)].text", add)
                if let showIf = s.showIf { condition(showIf, "\(path).steps[\(si)].showIf") }
            }
            if r.steps.allSatisfy({ $0.showIf != nil }) && !r.steps.isEmpty {
                warn("\(path).steps", "every step has a condition: some visitors may see no step at all; give at least one step without showIf")
            }
            for key in [\Route.shortName, \Route.verify, \Route.askInstead] {
                if let text = r[keyPath: key] { checkText(text, "\(path).\(Self.fieldName(key))", add) }
            }
            let uncertain = r.confidence != .high || (r.cost.map { $0.confidence != .high } ?? false)
                || r.offeredAt.contains { offer in
                    let locations = providersById[offer.provider]?.locations ?? []
                    return locations.contains { (offer.locations.isEmpty || offer.locations.contains($0.id)) && $0.confidence != .high }
                }
            if uncertain && r.verify == nil {
                add("\(path).verify", "a fact of this route is less than certain (route, cost or a location); say in \"verify\" what a visitor should check with the hogeschool")
            }
            if r.offeredAt.isEmpty && r.askInstead == nil {
                add("\(path).askInstead", "no provider offers this route: say in \"askInstead\" who a visitor can ask instead")
            }
            for (oi, offer) in r.offeredAt.enumerated() {
                guard let provider = providersById[offer.provider] else {
                    add("\(path).offeredAt[\(oi)].provider", "unknown provider \"\(TerminalText.excerpt(offer.provider))\"; known: \(TerminalText.list(providers.map(\.id)))")
                    continue
                }
                let locations = Set(provider.locations.map(\.id))
                for l in offer.locations where !locations.contains(l) {
                    add("\(path).offeredAt[\(oi)].locations", "provider \"\(TerminalText.excerpt(provider.id))\" has no location \"\(TerminalText.excerpt(l))\"; its locations: \(TerminalText.list(provider.locations.map(\.id)))")
                }
            }
            if r.requirements.isEmpty { add("\(path).requirements", "a route needs at least one requirement") }
            duplicates((r.requirements + r.weightedPreferences).map(\.id), "\(path)", "criterion", add)
            for (ci, c) in r.requirements.enumerated() {
                checkCriterion(c, "\(path).requirements[\(ci)]", condition, add)
                if c.weight != nil { add("\(path).requirements[\(ci)].weight", "requirements carry no weight; move it to preferences") }
            }
            for (ci, c) in r.weightedPreferences.enumerated() {
                checkCriterion(c, "\(path).preferences[\(ci)]", condition, add)
                let weight = c.weight ?? 0
                if !(weight > 0 && weight <= CatalogueLimits.weight) {
                    add("\(path).preferences[\(ci)].weight", "a preference needs a weight above 0 and at most \(Int(CatalogueLimits.weight))")
                }
            }
        }

        duplicates(sharedSteps.map(\.id), "$.sharedSteps", "shared step", add)
        for (si, s) in sharedSteps.enumerated() {
            let path = "$.sharedSteps[\(si)]"
            checkText(s.text, "\(path).text", add)
            checkSources(s.sources, path, add)
            checkDate(s.checkedOn, "\(path).checkedOn", add)
            if let showIf = s.showIf { condition(showIf, "\(path).showIf") }
            for id in s.routes ?? [] where !routeIds.contains(id) {
                add("\(path).routes", "unknown route \"\(TerminalText.excerpt(id))\"; known: \(TerminalText.list(routes.map(\.id)))")
            }
        }

        duplicates(initiatives.map(\.id), "$.initiatives", "initiative", add)
        for (ii, i) in initiatives.enumerated() {
            let path = "$.initiatives[\(ii)]"
            checkSources(i.sources, path, add)
            checkDate(i.checkedOn, "\(path).checkedOn", add)
            if !CatalogueLimits.years.contains(i.year) {
                add("\(path).year", "expected a year from \(CatalogueLimits.years.lowerBound) to \(CatalogueLimits.years.upperBound), found \(i.year)")
            }
            for p in i.provinces where !regionIds.contains(p) {
                add("\(path).provinces", "unknown province \"\(TerminalText.excerpt(p))\"")
            }
        }

        duplicates(helpDeskList.map(\.id), "$.helpDesks", "help desk", add)
        for (hi, h) in helpDeskList.enumerated() {
            let path = "$.helpDesks[\(hi)]"
            checkText(h.name, "\(path).name", add)
            checkText(h.summary, "\(path).summary", add)
            checkSources(h.sources, path, add)
            checkDate(h.checkedOn, "\(path).checkedOn", add)
            if !(h.url.hasPrefix("https://") || h.url.hasPrefix("http://")) {
                add("\(path).url", "expected an http(s) URL, found \"\(h.url)\"")
            }
            for p in h.provinces ?? [] where region(p) == nil {
                add("\(path).provinces", "unknown province \"\(p)\"; known: \(regions.map(\.id).joined(separator: ", "))")
            }
        }
        sourceProblems(policy, add: add, warn: warn)

        duplicates(examples.map(\.name), "$.examples", "example name", add)
        for (ei, e) in examples.enumerated() {
            let path = "$.examples[\(ei)]"
            for problem in answerProblems(e.answers) { add("\(path).answers.\(TerminalText.excerpt(problem.questionId))", problem.message) }
            let named = (e.eligible ?? []) + (e.near ?? []) + (e.notEligible ?? []) + (e.top.map { [$0] } ?? []) + (e.alsoPossible ?? [])
            for id in named where !routeIds.contains(id) {
                add(path, "unknown route \"\(TerminalText.excerpt(id))\"; known: \(TerminalText.list(routes.map(\.id)))")
            }
        }
        // The same fact found twice (an id named in two lists) is one problem.
        var seen = Set<CatalogueProblem>()
        return problems.filter { seen.insert($0).inserted }
    }

    private static func fieldName(_ key: KeyPath<Route, LocalizedText?>) -> String {
        switch key {
        case \Route.shortName: return "shortName"
        case \Route.verify: return "verify"
        default: return "askInstead"
        }
    }

    /// Meanings: at most one question each (but `subject`); the ones the program relies on.
    private func checkMeanings(_ add: (String, String) -> Void, _ warn: (String, String) -> Void) {
        for meaning in QuestionMeaning.allCases where !meaning.allowsSeveral {
            let indices = questions.indices.filter { questions[$0].meaning == meaning }
            for i in indices.dropFirst() {
                add("$.questions[\(i)].meaning", "the meaning \"\(meaning.rawValue)\" is declared already by question \"\(TerminalText.excerpt(questions[indices[0]].id))\"; at most one question may carry it")
            }
        }
        if question(meaning: .age) == nil {
            warn("$.questions", "no question has the meaning \"age\": without the visitor's age the contact step is not offered")
        }
        if routes.contains(where: { !$0.roles.isEmpty }) && question(meaning: .role) == nil {
            warn("$.questions", "routes name roles, but no question has the meaning \"role\": the results are not grouped by the role a visitor chooses")
        }
        if routes.contains(where: { !$0.schoolTypes.isEmpty }) && question(meaning: .schoolType) == nil {
            warn("$.questions", "routes name school types, but no question has the meaning \"schoolType\": the results are not grouped by the school type a visitor chooses")
        }
        if !regions.isEmpty && question(meaning: .province) == nil {
            add("$.questions", "the catalogue has regions, but no question has the meaning \"province\"")
        }
    }

    private func checkCriterion(_ c: Criterion, _ path: @autoclosure () -> String, _ condition: (Condition, @autoclosure () -> String) -> Void,
                                _ add: (String, String) -> Void) {
        let path = path()
        if let pass = c.pass { checkText(pass, "\(path).pass", add) }
        checkText(c.fail, "\(path).fail", add)
        condition(c.when, "\(path).when")
    }

    private func checkNumber(_ value: Int, _ path: @autoclosure () -> String, _ add: (String, String) -> Void) {
        if value < -Question.numberLimit || value > Question.numberLimit {
            add(path(), "\(value) is out of range; numbers in a catalogue are from -\(Question.numberLimit) to \(Question.numberLimit)")
        }
    }

    /// Checks a condition tree: known questions and options, operators that fit the question's
    /// kind, values of the right type and within range, lists not empty nor too long, nesting
    /// not too deep. `lookup` saves a search per leaf.
    func checkCondition(_ condition: Condition, _ path: @autoclosure () -> String, _ add: (String, String) -> Void,
                        lookup: QuestionLookup? = nil, depth: Int = 0) {
        let lookup = lookup ?? QuestionLookup(questions)
        guard depth <= CatalogueLimits.conditionDepth else {
            add(path(), "conditions nested deeper than \(CatalogueLimits.conditionDepth) levels")
            return
        }
        switch condition {
        case .all(let parts), .any(let parts):
            let key = { if case .all = condition { return "all" } else { return "any" } }()
            if parts.isEmpty { add("\(path()).\(key)", "an empty \"\(key)\" list") }
            if parts.count > CatalogueLimits.parts {
                add("\(path()).\(key)", "\(parts.count) conditions in one list; at most \(CatalogueLimits.parts)")
                return
            }
            for (i, p) in parts.enumerated() {
                checkCondition(p, "\(path()).\(key)[\(i)]", add, lookup: lookup, depth: depth + 1)
            }
        case .not(let inner):
            checkCondition(inner, "\(path()).not", add, lookup: lookup, depth: depth + 1)
        case .compare(let qid, let op, let operand):
            guard let position = lookup.position[qid] else {
                add("\(path()).question", "unknown question \"\(TerminalText.excerpt(qid))\"; known: \(TerminalText.list(questions.map(\.id)))")
                return
            }
            let kind = questions[position].kind
            guard op.fitsKinds.contains(kind) else {
                let fitting = Condition.Operator.allCases.filter { $0.fitsKinds.contains(kind) }.map(\.rawValue)
                add("\(path()).op", "operator \"\(TerminalText.excerpt(op.rawValue))\" does not fit the \(kind.rawValue) question \"\(TerminalText.excerpt(qid))\"; use one of \(fitting.joined(separator: ", "))")
                return
            }
            let values: [AnswerValue]
            switch operand {
            case .none: values = []
            case .value(let v): values = [v]
            case .values(let vs):
                values = vs
                if vs.isEmpty { add("\(path()).values", "an empty list of values") }
            case .range(let lo, let hi):
                values = [.number(lo), .number(hi)]
                if lo > hi { add(path(), "between: min \(lo) is greater than max \(hi)") }
            }
            for v in values {
                switch (kind, v) {
                case (.single, .option(let id)), (.multiple, .option(let id)):
                    if !lookup.options[position].contains(id) {
                        add(path(), "question \"\(TerminalText.excerpt(qid))\" has no option \"\(TerminalText.excerpt(id))\"; allowed: \(questions[position].allowedOptionList)")
                    }
                case (.number, .number(let n)):
                    checkNumber(n, path(), add)
                case (.boolean, .boolean):
                    break
                default:
                    add(path(), "value \(TerminalText.excerpt(v.description)) does not fit the \(kind.rawValue) question \"\(TerminalText.excerpt(qid))\"")
                }
            }
        }
    }

    /// Where each question is (the first of an id) and its option ids: a leaf looks its question
    /// up here rather than copying it out of a dictionary (a tenth of the structural checks on a
    /// large catalogue).
    struct QuestionLookup {
        let position: [String: Int]
        let options: [Set<String>]

        init(_ questions: [Question]) {
            var position: [String: Int] = [:]
            for (i, q) in questions.enumerated() where position[q.id] == nil { position[q.id] = i }
            self.position = position
            options = questions.map { Set($0.choices.map(\.id)) }
        }
    }

    private func duplicates(_ ids: [String], _ path: String, _ what: String, _ add: (String, String) -> Void) {
        var seen: [String: Int] = [:]
        for (i, id) in ids.enumerated() {
            if id.isEmpty { add("\(path)[\(i)]", "empty \(what) id") }
            if id.utf8.count > CatalogueLimits.idLength, id.count > CatalogueLimits.idLength { add("\(path)[\(i)]", "\(what) id longer than \(CatalogueLimits.idLength) characters") }
            if let first = seen[id] {
                add("\(path)[\(i)]", "duplicate \(what) id \"\(TerminalText.excerpt(id))\" (first at index \(first))")
            } else {
                seen[id] = i
            }
        }
    }

    private func checkText(_ text: LocalizedText, _ path: @autoclosure () -> String, _ add: (String, String) -> Void) {
        /// Blank: only white space. Most texts start with a visible ASCII byte, which decides it
        /// without walking the text's characters.
        func blank(_ s: String) -> Bool {
            if let b = s.utf8.first, b > 0x20, b < 0x80 { return false }
            return s.allSatisfy(\.isWhitespace)
        }
        for language in Language.allCases where blank(text[language]) {
            add("\(path()).\(language.rawValue)", "empty text; every visitor-facing text needs Dutch and English")
        }
    }

    private func checkSources(_ sources: [Source], _ path: @autoclosure () -> String, _ add: (String, String) -> Void) {
        if sources.isEmpty { add("\(path()).sources", "every fact needs at least one source") }
        for (i, s) in sources.enumerated() where !(s.url.hasPrefix("https://") || s.url.hasPrefix("http://")) {
            add("\(path()).sources[\(i)].url", "expected an http(s) URL, found \"\(TerminalText.excerpt(s.url))\"")
        }
    }

    private func checkDate(_ date: String, _ path: @autoclosure () -> String, _ add: (String, String) -> Void) {
        // YYYY-MM-DD exactly: ten bytes, three fields.
        let valid = date.utf8.count == 10 && CalendarDay(parsing: date) != nil
        if !valid { add(path(), "expected a date as YYYY-MM-DD, found \"\(TerminalText.excerpt(date))\"") }
    }

    private func checkCoordinates(_ lat: Double, _ lon: Double, _ path: String, _ add: (String, String) -> Void) {
        if !(-90...90).contains(lat) || !(-180...180).contains(lon) {
            add(path, "coordinates out of range (lat \(lat), lon \(lon))")
        }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A problem with a set of answers, naming the question and what is allowed.
public struct AnswerProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var questionId: String
    public var message: String
    public var description: String { "\(questionId): \(message)" }
}

extension Catalogue {
    /// Checks answers against the questionnaire: known question ids, the right kind of value,
    /// known option ids, numbers within range. Every problem is listed.
    public func answerProblems(_ answers: Answers) -> [AnswerProblem] {
        var problems: [AnswerProblem] = []
        for (id, value) in answers.sorted(by: { $0.key < $1.key }) {
            guard let question = question(id) else {
                problems.append(AnswerProblem(
                    questionId: id,
                    message: "unknown question id; known ids: \(questions.map(\.id).joined(separator: ", "))"))
                continue
            }
            if let message = question.problem(with: value) {
                problems.append(AnswerProblem(questionId: id, message: message))
            }
        }
        return problems
    }
}

extension Question {
    var allowedOptionList: String { choices.map(\.id).joined(separator: ", ") }

    /// Why `value` is not a valid answer to this question, or nil when it is.
    public func problem(with value: AnswerValue) -> String? {
        switch (kind, value) {
        case (.single, .option(let id)):
            return option(id) == nil ? "unknown option \"\(id)\"; allowed: \(allowedOptionList)" : nil
        case (.multiple, .options(let ids)):
            let unknown = ids.filter { option($0) == nil }
            if !unknown.isEmpty {
                return "unknown option\(unknown.count > 1 ? "s" : "") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); allowed: \(allowedOptionList)"
            }
            return Set(ids).count == ids.count ? nil : "an option is listed twice"
        case (.number, .number(let n)):
            if let min, n < min { return "\(n) is below the minimum \(min)" }
            if let max, n > max { return "\(n) is above the maximum \(max)" }
            return nil
        case (.boolean, .boolean):
            return nil
        case (.single, _):
            return "expected one option id (a string); allowed: \(allowedOptionList)"
        case (.multiple, _):
            return "expected a list of option ids; allowed: \(allowedOptionList)"
        case (.number, _):
            return "expected a whole number" + rangeText
        case (.boolean, _):
            return "expected true or false"
        }
    }

    private var rangeText: String {
        switch (min, max) {
        case let (lo?, hi?): return " from \(lo) to \(hi)"
        case let (lo?, nil): return " of at least \(lo)"
        case let (nil, hi?): return " of at most \(hi)"
        default: return ""
        }
    }
}

extension Catalogue {
    /// Everything that can be checked without running the engine: unique ids, references between
    /// parts, conditions that fit their questions, texts and sources present. One problem each.
    public func structuralProblems(file: String, policy: SourcePolicy = SourcePolicy()) -> [CatalogueProblem] {
        var problems: [CatalogueProblem] = []
        func add(_ path: String, _ message: String) {
            problems.append(CatalogueProblem(file: file, path: path, message: message))
        }
        func warn(_ path: String, _ message: String) {
            problems.append(CatalogueProblem(file: file, path: path, message: message, severity: .warning))
        }

        if schemaVersion != Catalogue.supportedSchemaVersion {
            add("$.schemaVersion", "schema version \(schemaVersion) is not supported; this program reads version \(Catalogue.supportedSchemaVersion)")
        }
        checkDate(checkedOn, "$.checkedOn", add)

        duplicates(questions.map(\.id), "$.questions", "question", add)
        for (qi, q) in questions.enumerated() {
            let path = "$.questions[\(qi)]"
            checkText(q.text, "\(path).text", add)
            if let short = q.shortText { checkText(short, "\(path).shortText", add) }
            switch q.kind {
            case .single, .multiple:
                if q.choices.isEmpty { add("\(path).options", "a \(q.kind.rawValue)-choice question needs at least one option") }
                duplicates(q.choices.map(\.id), "\(path).options", "option", add)
                for (oi, o) in q.choices.enumerated() { checkText(o.label, "\(path).options[\(oi)].label", add) }
            case .number:
                if let lo = q.min, let hi = q.max, lo > hi { add(path, "min \(lo) is greater than max \(hi)") }
                if q.options != nil { add("\(path).options", "a number question has no options") }
            case .boolean:
                if q.options != nil { add("\(path).options", "a yes/no question has no options") }
            }
            if let showIf = q.showIf {
                let earlier = Set(questions[..<qi].map(\.id))
                for ref in showIf.questionIds where question(ref) != nil && !earlier.contains(ref) {
                    add("\(path).showIf", "showIf may only depend on questions asked earlier; \"\(ref)\" comes later or is this question")
                }
                checkCondition(showIf, "\(path).showIf", add)
            }
            if let meaning = q.meaning, !meaning.kinds.contains(q.kind) {
                add("\(path).meaning", "the meaning \"\(meaning.rawValue)\" needs a \(meaning.kinds.map(\.rawValue).sorted().joined(separator: " or ")) question, not \(q.kind.rawValue)")
            }
            for (oi, o) in q.choices.enumerated() where o.isNoPreference && q.kind != .single {
                add("\(path).options[\(oi)].noPreference", "only an option of a single-choice question can stand for \"no preference\"")
            }
        }
        checkMeanings(add, warn)

        duplicates(regions.map(\.id), "$.regions", "region", add)
        if let province = question(meaning: .province) {
            let optionIds = Set(province.choices.map(\.id))
            let regionIds = Set(regions.map(\.id))
            for missing in optionIds.subtracting(regionIds).sorted() {
                add("$.regions", "the province option \"\(missing)\" has no region entry")
            }
            for extra in regionIds.subtracting(optionIds).sorted() {
                add("$.regions", "region \"\(extra)\" is not an option of the province question")
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
                if region(l.province) == nil {
                    add("\(path).locations[\(li)].province", "unknown province \"\(l.province)\"; known: \(regions.map(\.id).joined(separator: ", "))")
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
                    add("\(path).schoolTypes", "unknown school type \"\(t)\"; allowed: \(allowed.sorted().joined(separator: ", ")) (the options of the question with the meaning \"schoolType\", except \"no preference\")")
                }
            }
            if let allowed = roleOptions {
                for t in r.roles where !allowed.contains(t) {
                    add("\(path).roles", "unknown role \"\(t)\"; allowed: \(allowed.sorted().joined(separator: ", ")) (the options of the question with the meaning \"role\", except \"no preference\")")
                }
            }
            if r.durationMonths.min < 0 || r.durationMonths.min > r.durationMonths.max {
                add("\(path).durationMonths", "expected 0 ≤ min ≤ max, found min \(r.durationMonths.min) and max \(r.durationMonths.max)")
            }
            if let showIf = r.showIf { checkCondition(showIf, "\(path).showIf", add) }
            if r.steps.isEmpty { add("\(path).steps", "a route needs at least one next step") }
            for (si, s) in r.steps.enumerated() {
                checkText(s.text, "\(path).steps[\(si)].text", add)
                if let showIf = s.showIf { checkCondition(showIf, "\(path).steps[\(si)].showIf", add) }
            }
            if r.steps.allSatisfy({ $0.showIf != nil }) && !r.steps.isEmpty {
                warn("\(path).steps", "every step has a condition: some visitors may see no step at all; give at least one step without showIf")
            }
            for key in [\Route.shortName, \Route.verify, \Route.askInstead] {
                if let text = r[keyPath: key] { checkText(text, "\(path).\(Self.fieldName(key))", add) }
            }
            let uncertain = r.confidence != .high || (r.cost.map { $0.confidence != .high } ?? false)
                || r.offeredAt.contains { offer in
                    let locations = provider(offer.provider)?.locations ?? []
                    return locations.contains { (offer.locations.isEmpty || offer.locations.contains($0.id)) && $0.confidence != .high }
                }
            if uncertain && r.verify == nil {
                add("\(path).verify", "a fact of this route is less than certain (route, cost or a location); say in \"verify\" what a visitor should check with the hogeschool")
            }
            if r.offeredAt.isEmpty && r.askInstead == nil {
                add("\(path).askInstead", "no provider offers this route: say in \"askInstead\" who a visitor can ask instead")
            }
            for (oi, offer) in r.offeredAt.enumerated() {
                guard let provider = provider(offer.provider) else {
                    add("\(path).offeredAt[\(oi)].provider", "unknown provider \"\(offer.provider)\"; known: \(providers.map(\.id).joined(separator: ", "))")
                    continue
                }
                for l in offer.locations where !provider.locations.contains(where: { $0.id == l }) {
                    add("\(path).offeredAt[\(oi)].locations", "provider \"\(provider.id)\" has no location \"\(l)\"; its locations: \(provider.locations.map(\.id).joined(separator: ", "))")
                }
            }
            if r.requirements.isEmpty { add("\(path).requirements", "a route needs at least one requirement") }
            duplicates((r.requirements + r.weightedPreferences).map(\.id), "\(path)", "criterion", add)
            for (ci, c) in r.requirements.enumerated() {
                checkCriterion(c, "\(path).requirements[\(ci)]", add)
                if c.weight != nil { add("\(path).requirements[\(ci)].weight", "requirements carry no weight; move it to preferences") }
            }
            for (ci, c) in r.weightedPreferences.enumerated() {
                checkCriterion(c, "\(path).preferences[\(ci)]", add)
                if (c.weight ?? 0) <= 0 { add("\(path).preferences[\(ci)].weight", "a preference needs a positive weight") }
            }
        }

        duplicates(sharedSteps.map(\.id), "$.sharedSteps", "shared step", add)
        for (si, s) in sharedSteps.enumerated() {
            let path = "$.sharedSteps[\(si)]"
            checkText(s.text, "\(path).text", add)
            checkSources(s.sources, path, add)
            checkDate(s.checkedOn, "\(path).checkedOn", add)
            if let showIf = s.showIf { checkCondition(showIf, "\(path).showIf", add) }
            for id in s.routes ?? [] where route(id) == nil {
                add("\(path).routes", "unknown route \"\(id)\"; known: \(routes.map(\.id).joined(separator: ", "))")
            }
        }

        duplicates(initiatives.map(\.id), "$.initiatives", "initiative", add)
        for (ii, i) in initiatives.enumerated() {
            let path = "$.initiatives[\(ii)]"
            checkSources(i.sources, path, add)
            checkDate(i.checkedOn, "\(path).checkedOn", add)
            for p in i.provinces where region(p) == nil {
                add("\(path).provinces", "unknown province \"\(p)\"")
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
            for problem in answerProblems(e.answers) { add("\(path).answers.\(problem.questionId)", problem.message) }
            let named = (e.eligible ?? []) + (e.near ?? []) + (e.notEligible ?? []) + (e.top.map { [$0] } ?? []) + (e.alsoPossible ?? [])
            for id in named where route(id) == nil {
                add(path, "unknown route \"\(id)\"; known: \(routes.map(\.id).joined(separator: ", "))")
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
                add("$.questions[\(i)].meaning", "the meaning \"\(meaning.rawValue)\" is declared already by question \"\(questions[indices[0]].id)\"; at most one question may carry it")
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

    private func checkCriterion(_ c: Criterion, _ path: String, _ add: (String, String) -> Void) {
        if let pass = c.pass { checkText(pass, "\(path).pass", add) }
        checkText(c.fail, "\(path).fail", add)
        checkCondition(c.when, "\(path).when", add)
    }

    /// Checks a condition tree: known questions and options, operators that fit the question's
    /// kind, values of the right type.
    func checkCondition(_ condition: Condition, _ path: String, _ add: (String, String) -> Void) {
        switch condition {
        case .all(let parts), .any(let parts):
            let key = { if case .all = condition { return "all" } else { return "any" } }()
            if parts.isEmpty { add("\(path).\(key)", "an empty \"\(key)\" list") }
            for (i, p) in parts.enumerated() { checkCondition(p, "\(path).\(key)[\(i)]", add) }
        case .not(let inner):
            checkCondition(inner, "\(path).not", add)
        case .compare(let qid, let op, let operand):
            guard let q = question(qid) else {
                add("\(path).question", "unknown question \"\(qid)\"; known: \(questions.map(\.id).joined(separator: ", "))")
                return
            }
            guard op.fitsKinds.contains(q.kind) else {
                let fitting = Condition.Operator.allCases.filter { $0.fitsKinds.contains(q.kind) }.map(\.rawValue)
                add("\(path).op", "operator \"\(op.rawValue)\" does not fit the \(q.kind.rawValue) question \"\(qid)\"; use one of \(fitting.joined(separator: ", "))")
                return
            }
            let values: [AnswerValue]
            switch operand {
            case .none: values = []
            case .value(let v): values = [v]
            case .values(let vs):
                values = vs
                if vs.isEmpty { add("\(path).values", "an empty list of values") }
            case .range(let lo, let hi):
                values = [.number(lo), .number(hi)]
                if lo > hi { add(path, "between: min \(lo) is greater than max \(hi)") }
            }
            for v in values {
                switch (q.kind, v) {
                case (.single, .option(let id)), (.multiple, .option(let id)):
                    if q.option(id) == nil {
                        add(path, "question \"\(qid)\" has no option \"\(id)\"; allowed: \(q.allowedOptionList)")
                    }
                case (.number, .number), (.boolean, .boolean):
                    break
                default:
                    add(path, "value \(v) does not fit the \(q.kind.rawValue) question \"\(qid)\"")
                }
            }
        }
    }

    private func duplicates(_ ids: [String], _ path: String, _ what: String, _ add: (String, String) -> Void) {
        var seen: [String: Int] = [:]
        for (i, id) in ids.enumerated() {
            if id.isEmpty { add("\(path)[\(i)]", "empty \(what) id") }
            if let first = seen[id] {
                add("\(path)[\(i)]", "duplicate \(what) id \"\(id)\" (first at index \(first))")
            } else {
                seen[id] = i
            }
        }
    }

    private func checkText(_ text: LocalizedText, _ path: String, _ add: (String, String) -> Void) {
        for language in Language.allCases where text[language].allSatisfy(\.isWhitespace) {
            add("\(path).\(language.rawValue)", "empty text; every visitor-facing text needs Dutch and English")
        }
    }

    private func checkSources(_ sources: [Source], _ path: String, _ add: (String, String) -> Void) {
        if sources.isEmpty { add("\(path).sources", "every fact needs at least one source") }
        for (i, s) in sources.enumerated() where !(s.url.hasPrefix("https://") || s.url.hasPrefix("http://")) {
            add("\(path).sources[\(i)].url", "expected an http(s) URL, found \"\(s.url)\"")
        }
    }

    private func checkDate(_ date: String, _ path: String, _ add: (String, String) -> Void) {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        let valid = parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy(\.isASCII) && Int($0) != nil }
            && (1...12).contains(Int(parts[1]) ?? 0) && (1...31).contains(Int(parts[2]) ?? 0)
        if !valid { add(path, "expected a date as YYYY-MM-DD, found \"\(date)\"") }
    }

    private func checkCoordinates(_ lat: Double, _ lon: Double, _ path: String, _ add: (String, String) -> Void) {
        if !(-90...90).contains(lat) || !(-180...180).contains(lon) {
            add(path, "coordinates out of range (lat \(lat), lon \(lon))")
        }
    }
}

import RouteCatalog

/// `validate`'s proof that a route can be eligible: a search for answers that make every
/// requirement pass, on the engine's compiled form.
///
/// - Only the questions the route's requirements read, and the questions their `showIf` reads,
///   take part; their values are the ones that can change an outcome: each option, yes and no,
///   for a multiple choice none, each single option and all, for a number the constants its
///   conditions compare with and their neighbours within the question's range, and for every
///   question also no answer (skipped, or hidden by `showIf`).
/// - Questions that share no requirement (nor a `showIf`) are searched apart: a route whose six
///   requirements read six different questions costs six small searches, not their product.
/// - Questions are decided in questionnaire order; after each, every requirement that reads it is
///   evaluated with the undecided questions unknown (`Slot.pending`), and a branch is left as soon
///   as one fails.
/// - A route gets at most `budget` tries in all; beyond that the verdict is `undecided`.
struct ReachabilitySearch {
    enum Verdict: Equatable {
        case reachable(Answers)
        case unreachable
        case undecided
    }

    let engine: Engine
    let questionCount: Int
    /// The `showIf` of every question compiled, and where each starts (-1: none).
    let showIfProgram: ConditionProgram
    let showIfStart: [Int]
    /// The questions each question's `showIf` reads.
    let showIfReads: [[Int]]
    /// The questions each requirement reads (by criterion index of the engine).
    let requirementReads: [[Int]]

    private var slots: [Slot]
    /// Per question: its place in the current route's list of questions, or -1.
    private var local: [Int]
    private var steps = 0

    init(_ engine: Engine) {
        self.engine = engine
        let questions = engine.catalogue.questions
        questionCount = questions.count
        var program = ConditionProgram()
        var starts: [Int] = []
        var reads: [[Int]] = []
        for q in questions {
            if let showIf = q.showIf {
                let start = program.append(showIf, engine.index)
                starts.append(start)
                reads.append(program.questionsRead(at: start))
            } else {
                starts.append(-1)
                reads.append([])
            }
        }
        showIfProgram = program
        showIfStart = starts
        showIfReads = reads
        requirementReads = engine.table.requirementStart.map { engine.program.questionsRead(at: $0) }
        slots = Array(repeating: .missing, count: questions.count)
        local = Array(repeating: -1, count: questions.count)
    }

    mutating func verdict(route r: Int, budget: Int) -> Verdict {
        let criteria = Array(engine.table.requirements[r])
        // The questions that matter, with every question a showIf of theirs reads.
        var needed: [Int] = []
        func need(_ q: Int) {
            guard q < questionCount, local[q] < 0 else { return }
            local[q] = needed.count
            needed.append(q)
            for d in showIfReads[q] { need(d) }
        }
        for c in criteria { for q in requirementReads[c] { need(q) } }
        defer { for q in needed { local[q] = -1; slots[q] = .missing } }

        // Components: questions joined by a requirement that reads both or by a showIf.
        var parent = Array(needed.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        func join(_ qs: [Int]) {
            guard let first = qs.first.map({ local[$0] }), first >= 0 else { return }
            for q in qs.dropFirst() where local[q] >= 0 { parent[root(local[q])] = root(first) }
        }
        for c in criteria { join(requirementReads[c]) }
        for q in needed where !showIfReads[q].isEmpty { join([q] + showIfReads[q]) }

        var groups: [Int: (questions: [Int], criteria: [Int])] = [:]
        for q in needed { groups[root(local[q]), default: ([], [])].questions.append(q) }
        var constant: [Int] = []   // requirements that read no question (never pass: no leaf)
        for c in criteria {
            if let q = requirementReads[c].first(where: { local[$0] >= 0 }) {
                groups[root(local[q]), default: ([], [])].criteria.append(c)
            } else {
                constant.append(c)
            }
        }
        for q in needed { slots[q] = Slot(kind: .pending, value: 0) }
        // A requirement that reads nothing has one outcome whatever the answers.
        for c in constant where outcome(of: c) != .pass { return .unreachable }
        // Requirements that read one question alone must pass together for one of its values:
        // if none does, no answers to the other questions can help (two contradicting
        // requirements on a question whose showIf depends on others are found here at once).
        var single: [Int: [Int]] = [:]
        for c in criteria where requirementReads[c].count == 1 { single[requirementReads[c][0], default: []].append(c) }
        for (q, cs) in single.sorted(by: { $0.key < $1.key }) {
            let passes = values(for: q, cs).contains { value in
                slots[q] = value
                return cs.allSatisfy { outcome(of: $0) == .pass }
            }
            slots[q] = Slot(kind: .pending, value: 0)
            if !passes { return .unreachable }
        }

        steps = 0
        var undecided = false
        for key in groups.keys.sorted() {
            let group = groups[key]!
            switch search(order(group.questions, group.criteria), group.criteria, budget: budget) {
            case .unreachable: return .unreachable
            case .undecided: undecided = true
            case .reachable: break
            }
        }
        if undecided { return .undecided }
        return .reachable(answers(needed))
    }

    private enum Result { case reachable, unreachable, undecided }

    /// The order to decide questions in: next always the one that completes the most
    /// requirements (the last question they wait for), so that a contradiction shows after a few
    /// tries, not after every combination of the questions before it; a question only after the
    /// questions its `showIf` reads; ties in questionnaire order. Questionnaire order for a large
    /// group (where choosing would cost more than it saves).
    func order(_ questions: [Int], _ criteria: [Int]) -> [Int] {
        var remaining = questions.sorted()
        guard remaining.count <= 64 else { return remaining }
        var decided = Set<Int>()
        var waiting = criteria.map { Set(requirementReads[$0]) }   // undecided questions per requirement
        var order: [Int] = []
        while !remaining.isEmpty {
            // How many requirements a question completes; a question a showIf reads counts as
            // much as the question it shows, so it is decided early enough for that one.
            var completes = [Int: Int]()
            for q in remaining {
                completes[q] = waiting.reduce(0) { $0 + ($1.count == 1 && $1.contains(q) ? 1 : 0) }
            }
            for q in remaining.reversed() {
                for d in showIfReads[q] where completes[d] != nil { completes[d] = max(completes[d]!, completes[q]!) }
            }
            var best = 0, bestCount = -1
            for (i, q) in remaining.enumerated() where showIfReads[q].allSatisfy(decided.contains) {
                if completes[q]! > bestCount { (best, bestCount) = (i, completes[q]!) }
            }
            let q = remaining.remove(at: best)
            decided.insert(q)
            order.append(q)
            for k in waiting.indices { waiting[k].remove(q) }
        }
        return order
    }

    /// Depth-first over `questions` in that order; on success the slots hold the answers.
    private mutating func search(_ questions: [Int], _ criteria: [Int], budget: Int) -> Result {
        // For each question, the requirements to look at once it is decided: those that read it,
        // and whether it is the last of theirs (then the requirement must pass, not just not fail).
        var position = [Int: Int]()
        for (i, q) in questions.enumerated() { position[q] = i }
        let watching = questions.enumerated().map { i, q in
            criteria.filter { requirementReads[$0].contains(q) }.map { c in
                (criterion: c, last: requirementReads[c].allSatisfy { (position[$0] ?? 0) <= i })
            }
        }
        // Forward checking: once all but one of a requirement's questions are decided, some value
        // of that last one (or no answer) must still let it pass, together with the other
        // requirements waiting for the same question; otherwise this branch is dead now, not after
        // every combination of the questions in between.
        var waitingFor = Array(repeating: [(last: Int, criteria: [Int])](), count: questions.count)
        var byLast: [Int: [Int: [Int]]] = [:]   // depth at which one question is left -> last -> requirements
        for c in criteria {
            // A requirement on one question is open from the start: as soon as the questions its
            // showIf reads are decided, a hidden question that must be answered is a dead end.
            let places = requirementReads[c].compactMap { position[$0] }.sorted()
            guard let last = places.last else { continue }
            byLast[places.count >= 2 ? places[places.count - 2] : -1, default: [:]][last, default: []].append(c)
        }
        for d in questions.indices {
            // Requirements with one question left after depth d: those whose next-to-last
            // question is at d or before and whose last is after d.
            var open: [Int: [Int]] = [:]
            for (p2, lasts) in byLast where p2 <= d {
                for (last, cs) in lasts where last > d { open[last, default: []] += cs }
            }
            waitingFor[d] = open.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        let candidates = questions.map { values(for: $0, criteria) }
        var choice = Array(repeating: -1, count: questions.count)
        var depth = 0
        while depth >= 0 {
            if depth == questions.count { return .reachable }
            let q = questions[depth]
            choice[depth] += 1
            let visible = showIfStart[q] < 0 || showIf(q) == .pass
            let options = visible ? candidates[depth] : [Slot.missing]
            guard choice[depth] < options.count else {
                // Every value tried: back to the previous question.
                slots[q] = Slot(kind: .pending, value: 0)
                choice[depth] = -1
                depth -= 1
                continue
            }
            steps += 1
            if steps > budget { return .undecided }
            slots[q] = options[choice[depth]]
            let holds = watching[depth].allSatisfy { w in
                let o = outcome(of: w.criterion)
                return w.last ? o == .pass : o != .fail
            }
            if holds && waitingFor[depth].allSatisfy({ canPass($0.criteria, questions[$0.last], candidates[$0.last], decided: depth) }) {
                depth += 1
            }
        }
        return .unreachable
    }

    /// Whether some value of the undecided question `q` (only no answer, when its showIf can be
    /// evaluated and does not pass) lets every one of `criteria` pass. The slot is left pending.
    private mutating func canPass(_ criteria: [Int], _ q: Int, _ values: [Slot], decided: Int) -> Bool {
        var options = values
        if showIfStart[q] >= 0 && showIfReads[q].allSatisfy({ slots[$0].kind != .pending }) && showIf(q) != .pass {
            options = [.missing]
        }
        defer { slots[q] = Slot(kind: .pending, value: 0) }
        return options.contains { value in
            slots[q] = value
            return criteria.allSatisfy { outcome(of: $0) == .pass }
        }
    }

    private func outcome(of criterion: Int) -> Outcome {
        engine.program.withEvaluator(CompiledAnswers(slots: slots)) { $0(engine.table.requirementStart[criterion]) }
    }

    private func showIf(_ q: Int) -> Outcome {
        showIfProgram.withEvaluator(CompiledAnswers(slots: slots)) { $0(showIfStart[q]) }
    }

    /// The values worth trying for question `q`, no answer last.
    private func values(for q: Int, _ criteria: [Int]) -> [Slot] {
        let question = engine.catalogue.questions[q]
        var values: [Slot] = []
        switch question.kind {
        case .single:
            values = question.choices.prefix(64).indices.map { Slot(kind: .option, value: Int64(bitPattern: 1 << UInt64($0))) }
        case .boolean:
            values = [Slot(kind: .boolean, value: 1), Slot(kind: .boolean, value: 0)]
        case .multiple:
            let n = min(question.choices.count, 64)
            let all: UInt64 = n == 64 ? ~0 : (1 << UInt64(n)) - 1
            values = [Slot(kind: .options, value: 0)]
                + (0..<n).map { Slot(kind: .options, value: Int64(bitPattern: 1 << UInt64($0))) }
                + (n > 1 ? [Slot(kind: .options, value: Int64(bitPattern: all))] : [])
        case .number:
            let lo = Int64(question.min ?? -Question.numberLimit), hi = Int64(question.max ?? Question.numberLimit)
            var numbers: Set<Int64> = [lo, hi]
            func constants(_ program: ConditionProgram, _ start: Int) {
                for i in program.extent(at: start) {
                    let instruction = program.code[i]
                    guard instruction.op == .leaf, instruction.kind == .number, Int(instruction.q) == q else { continue }
                    for c in [instruction.a, instruction.b] where c != Int64.min && c != Int64.max {
                        for n in [c &- 1, c, c &+ 1] where lo <= n && n <= hi { numbers.insert(n) }
                    }
                }
            }
            for c in criteria { constants(engine.program, engine.table.requirementStart[c]) }
            for other in 0..<questionCount where showIfStart[other] >= 0 && showIfReads[other].contains(q) {
                constants(showIfProgram, showIfStart[other])
            }
            values = numbers.sorted().map { Slot(kind: .number, value: $0) }
        }
        return values + [.missing]
    }

    /// The answers the slots of `questions` hold.
    private func answers(_ questions: [Int]) -> Answers {
        var answers: Answers = [:]
        for q in questions {
            let question = engine.catalogue.questions[q]
            let slot = slots[q]
            let bits = UInt64(bitPattern: slot.value)
            switch slot.kind {
            case .missing, .pending: continue
            case .option: answers[question.id] = .option(question.choices[bits.trailingZeroBitCount].id)
            case .options:
                answers[question.id] = .options(question.choices.prefix(64).indices.filter { bits & (1 << UInt64($0)) != 0 }.map { question.choices[$0].id })
            case .number: answers[question.id] = .number(Int(slot.value))
            case .boolean: answers[question.id] = .boolean(slot.value != 0)
            }
        }
        return answers
    }
}

extension CompiledAnswers {
    init(slots: [Slot]) { self.slots = slots }
}

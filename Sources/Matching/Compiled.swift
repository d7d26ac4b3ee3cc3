import RouteCatalog

/// Conditions compiled against one catalogue into one flat program: question ids become indexes,
/// option ids become bits, and a condition tree becomes a run of 24-byte instructions in prefix
/// order. Ranking a thousand routes then costs no hashing, no reference counting and no
/// allocation per condition, and the program stays small enough for the CPU cache. The
/// explanation (`Condition.trace`) is built only for what is shown.
struct ConditionProgram: Sendable {
    enum Op: UInt8, Sendable {
        /// A leaf: `(slot.kind == kind) && (mask test or range test)`, optionally negated.
        case leaf
        /// A leaf that passes when the question has an answer.
        case answered
        case all, any, not
    }

    struct Instruction: Sendable {
        var op: Op
        var kind: Slot.Kind = .missing  // the answer kind a leaf compares against
        var isMask = false              // mask test (`value & a != 0`) or range test (`a ≤ value ≤ b`)
        var negated = false
        var q: UInt16 = 0
        var count: UInt16 = 0           // children of all / any
        var a: Int64 = 0
        var b: Int64 = 0
    }

    private(set) var code: [Instruction] = []

    /// Appends a condition and returns where it starts.
    mutating func append(_ condition: Condition, _ index: QuestionIndex) -> Int {
        let start = code.count
        emit(condition, index)
        return start
    }

    private mutating func emit(_ condition: Condition, _ index: QuestionIndex) {
        switch condition {
        case .all(let parts), .any(let parts):
            let isAll: Bool = if case .all = condition { true } else { false }
            // A loaded catalogue has at most `CatalogueLimits.parts` per list; anything beyond
            // 65,535 is left out rather than trapping.
            let kept = parts.prefix(Int(UInt16.max))
            code.append(Instruction(op: isAll ? .all : .any, count: UInt16(kept.count)))
            for p in kept { emit(p, index) }
        case .not(let inner):
            code.append(Instruction(op: .not))
            emit(inner, index)
        case .compare(let qid, let op, let operand):
            // A leaf `validate` would reject (unknown question, option or operand) never passes:
            // it compares against a kind no answer has.
            var i = Instruction(op: .leaf, kind: .missing)
            guard let q = index.position[qid], q <= Int(UInt16.max) else {
                code.append(i)
                return
            }
            i.q = UInt16(q)
            // The meaning is `Condition.test`'s; here only its compiled shape.
            let (test, negated) = Condition.test(op, operand)
            i.negated = negated
            func mask(_ ids: [String]) -> Int64 { Int64(bitPattern: index.mask(ids.map { .option($0) }, question: q)) }
            switch test {
            case .answered:
                i.op = .answered
            case .equal(let v):
                if let slot = index.compile(v, question: q) {
                    i.kind = slot.kind
                    switch slot.kind {
                    case .option: (i.isMask, i.a) = (true, slot.value)
                    default: (i.a, i.b) = (slot.value, slot.value)   // a set of options: exact set equality
                    }
                }
            case .oneOf(let ids): (i.kind, i.isMask, i.a) = (.option, true, mask(ids))
            case .anyOf(let ids): (i.kind, i.isMask, i.a) = (.options, true, mask(ids))
            case .range(let lo, let hi): (i.kind, i.a, i.b) = (.number, lo, hi)
            case .never: break
            }
            code.append(i)
        }
    }

    /// Evaluates a condition to its two-bit outcome, a leaf without a call.
    @inline(__always)
    static func outcome(_ code: UnsafeBufferPointer<Instruction>, _ a: UnsafeBufferPointer<Slot>, at start: Int) -> UInt8 {
        if code[start].op == .leaf { return leaf(code[start], a) }
        if code[start].op == .not && code[start + 1].op == .leaf {
            let r = leaf(code[start + 1], a)
            return ((r & pass) << 1) | ((r & fail) >> 1)
        }
        var pc = start
        return run(code, a, &pc)
    }

    /// Gives `body` an evaluator over these answers that stays inside one pair of buffer
    /// accesses, for evaluating many conditions in a row.
    func withEvaluator<R>(_ answers: CompiledAnswers, _ body: ((Int) -> Outcome) -> R) -> R {
        code.withUnsafeBufferPointer { code in
            answers.slots.withUnsafeBufferPointer { a in
                body { start in
                    var pc = start
                    let bits = Self.run(code, a, &pc)
                    return bits == Self.pass ? .pass : (bits == Self.fail ? .fail : .unknown)
                }
            }
        }
    }

    /// The instructions of the condition starting at `start`.
    func extent(at start: Int) -> Range<Int> {
        var pc = start
        var open = 1   // conditions still to walk past
        while open > 0 {
            switch code[pc].op {
            case .leaf, .answered: open -= 1
            case .all, .any: open += Int(code[pc].count) - 1
            case .not: break
            }
            pc += 1
        }
        return start..<pc
    }

    /// The questions (positions) the condition starting at `start` reads, each once.
    func questionsRead(at start: Int) -> [Int] {
        var read: [Int] = []
        for i in extent(at: start) where code[i].op == .leaf || code[i].op == .answered {
            let q = Int(code[i].q)
            if !read.contains(q) { read.append(q) }
        }
        return read
    }

    /// Evaluates the condition starting at `start`.
    func evaluate(at start: Int, _ answers: CompiledAnswers) -> Outcome {
        withEvaluator(answers) { $0(start) }
    }

    // Outcomes as two bits, "is true" and "is false", so Kleene logic needs no branches:
    // and = (t1 & t2, f1 | f2), or = (t1 | t2, f1 & f2), not = swap; unknown is neither.
    static let pass: UInt8 = 0b01
    static let fail: UInt8 = 0b10

    @inline(__always)
    static func leaf(_ i: Instruction, _ a: UnsafeBufferPointer<Slot>) -> UInt8 {
        // Branch-free: answers are unpredictable, so mispredicted branches would dominate.
        let slot = a[Int(i.q)]
        let v = slot.value
        let maskHit = UInt8(truncatingIfNeeded: ((v & i.a) != 0) ? 1 : 0)
        let inRange = UInt8(i.a <= v ? 1 : 0) & UInt8(v <= i.b ? 1 : 0)
        let isMask = UInt8(i.isMask ? 1 : 0)
        let tested = (isMask & maskHit) | ((1 &- isMask) & inRange)
        let kindOK = UInt8(slot.kind == i.kind ? 1 : 0)
        let holds = (kindOK & tested) ^ UInt8(i.negated ? 1 : 0)
        let known = UInt8(slot.kind.rawValue > Slot.Kind.pending.rawValue ? 1 : 0)
        return known &* (2 &- holds)  // pass 0b01, fail 0b10, unknown 0
    }

    /// One part of an `all` or `any`: a leaf inline (most parts are), anything else by `run`.
    @inline(__always)
    static func part(_ code: UnsafeBufferPointer<Instruction>, _ a: UnsafeBufferPointer<Slot>, _ pc: inout Int) -> UInt8 {
        guard code[pc].op == .leaf else { return run(code, a, &pc) }
        pc += 1
        return leaf(code[pc - 1], a)
    }

    /// Evaluates the instruction at `pc` and everything under it; leaves `pc` just past it.
    static func run(_ code: UnsafeBufferPointer<Instruction>, _ a: UnsafeBufferPointer<Slot>,
                            _ pc: inout Int) -> UInt8 {
        let i = code[pc]
        pc += 1
        switch i.op {
        case .leaf:
            return leaf(i, a)
        case .answered:
            let kind = a[Int(i.q)].kind
            return kind == .pending ? 0 : (kind != .missing ? pass : fail)
        case .all:
            var t: UInt8 = pass, f: UInt8 = 0
            for _ in 0..<i.count {
                let r = part(code, a, &pc)
                t &= r
                f |= r & fail
            }
            return f != 0 ? fail : t
        case .any:
            var t: UInt8 = 0, f: UInt8 = fail
            for _ in 0..<i.count {
                let r = part(code, a, &pc)
                t |= r & pass
                f &= r
            }
            return t != 0 ? pass : f
        case .not:
            let r = run(code, a, &pc)
            return ((r & pass) << 1) | ((r & fail) >> 1)
        }
    }
}

/// An answer in compiled form: an option is one bit, a multiple choice a mask of bits.
/// `pending` is only for `validate`'s search: a question not decided yet, unknown to every
/// operator (also `answered`), so a condition that fails with it fails whatever comes.
struct Slot: Sendable, Equatable {
    enum Kind: UInt8, Sendable {
        case missing, pending, option, options, number, boolean
    }

    var kind: Kind
    var value: Int64
    static let missing = Slot(kind: .missing, value: 0)
}

/// Question ids to positions, option ids to bits (a question has at most 64 options).
struct QuestionIndex: Sendable {
    let position: [String: Int]
    let optionBits: [[String: UInt64]]

    init(_ questions: [Question]) {
        var position: [String: Int] = [:]
        for (i, q) in questions.enumerated() where position[q.id] == nil { position[q.id] = i }
        self.position = position
        optionBits = questions.map { q in
            var bits: [String: UInt64] = [:]
            for (i, o) in q.choices.prefix(64).enumerated() { bits[o.id] = 1 << UInt64(i) }
            return bits
        }
    }

    /// Nil when an option id is unknown to the question.
    func compile(_ value: AnswerValue, question q: Int) -> Slot? {
        switch value {
        case .option(let id):
            return optionBits[q][id].map { Slot(kind: .option, value: Int64(bitPattern: $0)) }
        case .number(let n): return Slot(kind: .number, value: Int64(n))
        case .boolean(let b): return Slot(kind: .boolean, value: b ? 1 : 0)
        case .options(let ids):
            return Slot(kind: .options, value: Int64(bitPattern: ids.reduce(0) { $0 | (optionBits[q][$1] ?? 0) }))
        }
    }

    func mask(_ values: [AnswerValue], question q: Int) -> UInt64 {
        values.reduce(0) { mask, v in
            if case .option(let id) = v { return mask | (optionBits[q][id] ?? 0) }
            return mask
        }
    }
}

/// Answers laid out by question position.
struct CompiledAnswers: Sendable {
    var slots: [Slot]

    init(_ answers: Answers, _ index: QuestionIndex) {
        slots = Array(repeating: .missing, count: index.optionBits.count)
        for (id, value) in answers {
            guard let q = index.position[id] else { continue }
            slots[q] = index.compile(value, question: q) ?? .missing
        }
    }
}

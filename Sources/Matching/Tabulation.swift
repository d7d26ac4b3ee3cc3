import RouteCatalog

/// Outcome tables for criteria that read one or two questions.
///
/// Most criteria look at one or two answers ("education in […]", "not schoolJob = yes",
/// "experienceYears ≥ 3 or education in […]"), and an answer takes only a few values: an option
/// of a single choice, yes or no, a number within the question's range, a set of a few options.
/// For such a criterion the outcome of every combination of possible answers (and of no answer)
/// is computed once, when the engine is built, by the same compiled program that ranking would
/// otherwise run. Ranking then looks the outcome up. A criterion that reads more questions, or
/// whose table would be too large, or an answer outside the table (a number out of range), goes
/// through the program as before, so the tables can only make ranking faster, never different.
struct Tabulation: Sendable {
    /// How an answer to a question maps to a row of its tables; `states` rows in all, row 0 being
    /// "not answered".
    enum Encoding: Sendable {
        case none
        case option(count: Int)
        case boolean
        case number(min: Int64, max: Int64)
        case options(count: Int)

        var states: Int {
            switch self {
            case .none: 0
            case .option(let n): 1 + n
            case .boolean: 3
            case .number(let lo, let hi): 1 + Int(hi - lo + 1)
            case .options(let n): 1 + (1 << n)
            }
        }

        /// The slot an answer in row `state` compiles to.
        func slot(_ state: Int) -> Slot {
            guard state > 0 else { return .missing }
            switch self {
            case .none: return .missing
            case .option: return Slot(kind: .option, value: Int64(1) << Int64(state - 1))
            case .boolean: return Slot(kind: .boolean, value: Int64(state - 1))
            case .number(let lo, _): return Slot(kind: .number, value: lo + Int64(state - 1))
            case .options: return Slot(kind: .options, value: Int64(state - 1))
            }
        }

        /// The row of a compiled answer, or -1 when the tables do not cover it.
        @inline(__always)
        func state(_ slot: Slot) -> Int32 {
            if slot.kind == .missing { return 0 }
            switch self {
            case .none: return -1
            case .option(let n):
                guard slot.kind == .option, slot.value.nonzeroBitCount == 1 else { return -1 }
                let k = slot.value.trailingZeroBitCount
                return k < n ? Int32(1 + k) : -1
            case .boolean:
                guard slot.kind == .boolean, slot.value == 0 || slot.value == 1 else { return -1 }
                return Int32(1 + slot.value)
            case .number(let lo, let hi):
                guard slot.kind == .number, lo <= slot.value, slot.value <= hi else { return -1 }
                return Int32(1 + slot.value - lo)
            case .options(let n):
                guard slot.kind == .options, slot.value >= 0, slot.value < (1 << Int64(n)) else { return -1 }
                return Int32(1 + slot.value)
            }
        }
    }

    /// Largest table per criterion; criteria whose answers have more combinations are not
    /// tabulated.
    static let maximumStates = 4096
    /// All tables together stay under this many bytes (16 MiB); criteria beyond it run the program.
    static let maximumTotal = 16 << 20

    /// Where a criterion's table is: it starts at `offset` (-1: the criterion has none); `first`
    /// is the first question it reads, `second` the second (or `constant`, a row that is always
    /// 0), and row = state(first) × stride + state(second).
    struct Entry: Sendable {
        var offset: Int32
        var first: Int32
        var second: Int32
        var stride: Int32
    }

    var encodings: [Encoding] = []
    /// Per criterion, in the order given to `init`.
    var entries: [Entry] = []
    /// All tables, two-bit outcomes as the program gives them.
    var table: [UInt8] = []
    /// The index, in `states`, of an extra entry that is always 0.
    var constant: Int32 { Int32(encodings.count) }

    init() {}

    /// `criteria` are instruction ranges of `program`, one per criterion; all tables together
    /// take at most `budget` bytes.
    init(questions: [Question], program: ConditionProgram, criteria: [Range<Int>], budget: Int = maximumTotal) {
        encodings = questions.map { q in
            let n = q.choices.count
            let encoding: Encoding
            switch q.kind {
            case .single: encoding = n <= 64 ? .option(count: n) : .none
            case .boolean: encoding = .boolean
            case .multiple: encoding = n <= 8 ? .options(count: n) : .none
            case .number:
                if let lo = q.min, let hi = q.max, lo <= hi,
                   case let (span, overflow) = hi.subtractingReportingOverflow(lo), !overflow, span < Self.maximumStates - 1 {
                    encoding = .number(min: Int64(lo), max: Int64(hi))
                } else {
                    encoding = .none
                }
            }
            return encoding.states <= Self.maximumStates ? encoding : .none
        }
        var slots = [Slot](repeating: .missing, count: questions.count)
        program.code.withUnsafeBufferPointer { code in
            for range in criteria {
                // The questions the criterion's instructions read.
                var read = Set<Int>()
                for i in range where code[i].op == .leaf || code[i].op == .answered { read.insert(Int(code[i].q)) }
                let qs = read.sorted()
                let sizes = qs.prefix(2).map { $0 < encodings.count ? encodings[$0].states : 0 }
                let size = sizes.reduce(1, *)   // at most two sizes of at most 4,096 each
                guard (1...2).contains(qs.count), !sizes.contains(0), size <= Self.maximumStates,
                      table.count + size <= budget else {
                    entries.append(Entry(offset: -1, first: constant, second: constant, stride: 0))
                    continue
                }
                let q1 = qs[0], q2 = qs.count == 2 ? qs[1] : nil
                let rows2 = q2.map { encodings[$0].states } ?? 1
                entries.append(Entry(offset: Int32(table.count), first: Int32(q1),
                                     second: q2.map(Int32.init) ?? constant, stride: Int32(rows2)))
                for s1 in 0..<encodings[q1].states {
                    slots[q1] = encodings[q1].slot(s1)
                    for s2 in 0..<rows2 {
                        if let q2 { slots[q2] = encodings[q2].slot(s2) }
                        table.append(slots.withUnsafeBufferPointer { ConditionProgram.outcome(code, $0, at: range.lowerBound) })
                    }
                }
                slots[q1] = .missing
                if let q2 { slots[q2] = .missing }
            }
        }
    }

    /// The table row of every question for these answers (-1: not covered).
    func states(_ answers: CompiledAnswers) -> [Int32] {
        var states = [Int32](repeating: -1, count: encodings.count + 1)
        states[encodings.count] = 0   // `constant`
        for q in encodings.indices where q < answers.slots.count {
            states[q] = encodings[q].state(answers.slots[q])
        }
        return states
    }
}

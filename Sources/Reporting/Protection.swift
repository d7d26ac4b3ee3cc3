/// Small-cell suppression with complementary suppression.
///
/// Counts from 1 to 4 are hidden (primary suppression), so no small group can be singled out.
/// Hiding them is not enough where a total is published: a total next to a single hidden cell gives
/// it away, and two hidden cells whose sum is 2 are both 1. So every published sum is written down
/// as an equation between cells (`Σ left = Σ right`: a table's rows add up to its total, a cross
/// table's rows and columns to the one-way tables' counts, the funnel's steps to the sessions), and
/// the hidden cells are checked the way a reader could attack them: by interval propagation over
/// all equations at once, each hidden cell known only to be at least 1. While some hidden cell is
/// pinned to fewer than `minimumSpread + 1` possible values, another cell of the equation that
/// pins it hardest is hidden as well (complementary suppression): the visible non-zero cell that
/// costs least, where a total or a one-way count costs more than a cell inside a table, so the
/// counts people plan with stay visible where possible. When no cell is left to hide the
/// protection fails, and the caller withholds what it cannot protect.
public struct Protection: Sendable {
    public static let threshold = 5
    /// A hidden cell must keep at least this spread (hi − lo), i.e. at least four possible values.
    public static let minimumSpread = 3

    public private(set) var values: [Int] = []
    public private(set) var hidden: [Bool] = []
    /// How much hiding a cell costs, per unit of its value.
    var weights: [Int] = []
    var equations: [(left: [Int], right: [Int])] = []

    public init() {}

    public static func isSmall(_ n: Int) -> Bool { n > 0 && n < threshold }

    /// Adds a cell; returns its index. Cells of 1–4 are hidden at once. `margin` marks a total or a
    /// count that other tables add up to: hidden for another cell only when nothing cheaper helps.
    public mutating func cell(_ value: Int, margin: Bool = false) -> Int {
        values.append(value)
        hidden.append(Self.isSmall(value))
        weights.append(margin ? 8 : 1)
        return values.count - 1
    }

    /// Declares that the published cells `left` add up to the cells `right`.
    public mutating func equation(_ left: [Int], equals right: [Int]) {
        equations.append((left, right))
    }

    public func isHidden(_ i: Int) -> Bool { hidden[i] }

    /// Hides cells until no hidden cell can be narrowed below the minimum spread; returns false when
    /// that cannot be reached (then some hidden cell is still too exposed).
    @discardableResult
    public mutating func protect() -> Bool {
        while true {
            let bounds = propagate()
            let exposed = hidden.indices.filter { hidden[$0] && bounds[$0].hi - bounds[$0].lo < Self.minimumSpread }
            if exposed.isEmpty { return true }
            // Of every equation that holds an exposed cell, the one that pins it hardest on its
            // visible cells alone (hidden cells taken as unknown) comes first; in it, the cheapest
            // visible non-zero cell is hidden. A cell pinned only through a chain of equations is
            // freed by freeing the cell its chain starts from.
            let ceiling = values.reduce(0, +) + 1
            let unknown = values.indices.map { hidden[$0] ? (lo: 1, hi: ceiling) : (lo: values[$0], hi: values[$0]) }
            var best: (spread: Int, cost: Int, cell: Int)?
            for x in exposed {
                for e in equations where e.left.contains(x) || e.right.contains(x) {
                    let spread = spread(of: x, in: e, bounds: unknown)
                    for c in e.left + e.right where !hidden[c] && values[c] > 0 {
                        let candidate = (spread, values[c] * weights[c], c)
                        if best == nil || candidate < best! { best = candidate }
                    }
                }
            }
            guard let extra = best?.cell else { return false }
            hidden[extra] = true
        }
    }

    /// The spread one equation alone leaves a cell, given the others' bounds.
    func spread(of cell: Int, in e: (left: [Int], right: [Int]), bounds b: [(lo: Int, hi: Int)]) -> Int {
        let (side, other) = e.left.contains(cell) ? (e.left, e.right) : (e.right, e.left)
        let otherLo = other.reduce(0) { $0 + b[$1].lo }, otherHi = other.reduce(0) { $0 + b[$1].hi }
        let restLo = side.reduce(0) { $0 + ($1 == cell ? 0 : b[$1].lo) }, restHi = side.reduce(0) { $0 + ($1 == cell ? 0 : b[$1].hi) }
        return max(0, (otherHi - restLo) - max(1, otherLo - restHi))
    }

    /// What a reader can know of every cell: visible cells exactly, hidden ones as an interval.
    public func propagate() -> [(lo: Int, hi: Int)] {
        let ceiling = values.reduce(0, +) + 1
        var b: [(lo: Int, hi: Int)] = values.indices.map { hidden[$0] ? (1, ceiling) : (values[$0], values[$0]) }
        var changed = true
        var rounds = 0
        while changed && rounds < 200 {
            changed = false
            rounds += 1
            for e in equations {
                for (side, other) in [(e.left, e.right), (e.right, e.left)] {
                    let otherLo = other.reduce(0) { $0 + b[$1].lo }, otherHi = other.reduce(0) { $0 + b[$1].hi }
                    let sideLo = side.reduce(0) { $0 + b[$1].lo }, sideHi = side.reduce(0) { $0 + b[$1].hi }
                    for c in side where hidden[c] {
                        let hi = otherHi - (sideLo - b[c].lo)
                        let lo = otherLo - (sideHi - b[c].hi)
                        if hi < b[c].hi { b[c].hi = max(hi, b[c].lo); changed = true }
                        if lo > b[c].lo { b[c].lo = min(lo, b[c].hi); changed = true }
                    }
                }
            }
        }
        return b
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A calendar day, for the age of sources (UTC; days matter, not hours).
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Today, from the system clock.
    public static var today: CalendarDay {
        CalendarDay(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// From days since 1970-01-01 (Howard Hinnant's civil-from-days); the one copy of the
    /// algorithm (the session log's `CivilDate` uses it too).
    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the first day of the month or year); nil otherwise.
    public init?(parsing text: String) {
        // Byte by byte: `validate` parses two dates per source, and a large catalogue has
        // hundreds of thousands of sources.
        var year = 0, month = 1, day = 1
        var field = 0, digits = 0, value = 0
        func close() -> Bool {
            switch field {
            case 0: guard digits == 4 else { return false }; year = value
            case 1: guard digits == 2 else { return false }; month = value
            case 2: guard digits == 2 else { return false }; day = value
            default: return false
            }
            return true
        }
        for b in text.utf8 {
            if b == UInt8(ascii: "-") {
                guard close() else { return nil }
                field += 1; digits = 0; value = 0
            } else {
                let d = b &- UInt8(ascii: "0")
                guard d < 10, digits < 4 else { return nil }
                value = value * 10 + Int(d)
                digits += 1
            }
        }
        guard close(), (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Whole months from `self` to `later` (negative when `later` is earlier).
    public func months(until later: CalendarDay) -> Int {
        (later.year - year) * 12 + (later.month - month) - (later.day < day ? 1 : 0)
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}

/// How strictly `validate` holds facts against their sources.
public struct SourcePolicy: Sendable, Hashable {
    /// The day the catalogue is judged on (today, unless a test or an editor says otherwise).
    public var today: CalendarDay
    /// A fact whose newest source page is older than this many months is flagged.
    public var maxAgeMonths: Int

    public init(today: CalendarDay = .today, maxAgeMonths: Int = 24) {
        self.today = today
        self.maxAgeMonths = maxAgeMonths
    }
}

/// An entry of the catalogue that states facts and carries sources: its JSON path, its sources,
/// and the keys of the facts a visitor sees.
struct SourcedEntry {
    var path: String
    var sources: [Source]
    var facts: [String]
}

extension Route {
    /// The facts of this route a visitor sees; each needs a source that names it in `about`.
    public var factKeys: [String] {
        var keys = ["summary", "leadsTo", "durationMonths"]
        if nlqf != nil { keys.append("nlqf") }
        if cost != nil { keys.append("cost") }
        if caveat != nil { keys.append("caveat") }
        if askInstead != nil { keys.append("askInstead") }
        keys += requirements.map { "requirements.\($0.id)" }
        keys += weightedPreferences.map { "preferences.\($0.id)" }
        keys += steps.indices.map { "steps[\($0)]" }
        keys += offeredAt.map { "offeredAt.\($0.provider)" }
        return keys
    }
}

extension Catalogue {
    var sourcedEntries: [SourcedEntry] {
        var entries: [SourcedEntry] = []
        for (i, r) in routes.enumerated() { entries.append(SourcedEntry(path: "$.routes[\(i)]", sources: r.sources, facts: r.factKeys)) }
        for (i, p) in providers.enumerated() {
            entries.append(SourcedEntry(path: "$.providers[\(i)]", sources: p.sources,
                                        facts: ["ecpbPartner"] + p.locations.map { "locations.\($0.id)" }))
        }
        for (i, s) in sharedSteps.enumerated() { entries.append(SourcedEntry(path: "$.sharedSteps[\(i)]", sources: s.sources, facts: ["text"])) }
        for (i, s) in initiatives.enumerated() { entries.append(SourcedEntry(path: "$.initiatives[\(i)]", sources: s.sources, facts: ["summary"])) }
        for (i, h) in helpDeskList.enumerated() { entries.append(SourcedEntry(path: "$.helpDesks[\(i)]", sources: h.sources, facts: ["summary"])) }
        return entries
    }

    /// The source rules (docs/routes.md, "Sources"): a deep page, the date it shows, which facts
    /// it carries; every fact a visitor sees has a source; no fact rests only on old pages; money
    /// is dated. Errors for what cannot be right (an unknown fact key, a malformed date),
    /// warnings for what an editor must look at.
    func sourceProblems(_ policy: SourcePolicy, add: (String, String) -> Void, warn: (String, String) -> Void) {
        for entry in sourcedEntries {
            // Per fact (by its place in `entry.facts`; an entry has a few, so a search is cheaper
            // than hashing), the date of each source that carries it (nil: undated or
            // unreadable) and whether it states the fact as of its date.
            var covered = [[(date: CalendarDay?, historic: Bool)]](repeating: [], count: entry.facts.count)
            for (si, source) in entry.sources.enumerated() {
                var path: String { "\(entry.path).sources[\(si)]" }
                var day: CalendarDay?
                if Self.isHomePage(source.url) {
                    warn("\(path).url", "\"\(TerminalText.excerpt(source.url))\" is a site's home page: cite the page that says it")
                }
                switch source.pageDate {
                case nil:
                    warn("\(path).pageDate", "say the date the page shows (YYYY, YYYY-MM or YYYY-MM-DD), or \"undated\"")
                case "undated"?:
                    break
                case let date?:
                    day = CalendarDay(parsing: date)
                    if day == nil {
                        add("\(path).pageDate", "expected YYYY, YYYY-MM, YYYY-MM-DD or \"undated\", found \"\(TerminalText.excerpt(date))\"")
                    }
                }
                if let checked = source.checkedOn {
                    if CalendarDay(parsing: checked) == nil || checked.utf8.count != 10 {
                        add("\(path).checkedOn", "expected a date as YYYY-MM-DD, found \"\(TerminalText.excerpt(checked))\"")
                    }
                } else {
                    warn("\(path).checkedOn", "say when the claim was checked against the page (YYYY-MM-DD)")
                }
                guard let about = source.about, !about.isEmpty else {
                    warn("\(path).about", "say which facts of this entry the source carries (e.g. \(entry.facts.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")))")
                    continue
                }
                for key in about {
                    if let fact = entry.facts.firstIndex(of: key) {
                        covered[fact].append((day, source.historic == true))
                    } else {
                        add("\(path).about", "\"\(TerminalText.excerpt(key))\" is not a fact of this entry; its facts: \(entry.facts.joined(separator: ", "))")
                    }
                }
            }
            for (k, (fact, sources)) in zip(entry.facts, covered).enumerated() where !entry.facts[..<k].contains(fact) {
                guard !sources.isEmpty else {
                    warn(entry.path, "the fact \"\(TerminalText.excerpt(fact))\" has no source: name it in the \"about\" of the source that says it")
                    continue
                }
                // Old when every source is dated, none states it as of its date, and the newest is
                // older than the policy allows.
                let dates = sources.map(\.date)
                guard !sources.contains(where: \.historic), dates.allSatisfy({ $0 != nil }),
                      let newest = dates.compactMap({ $0 }).max(),
                      newest.months(until: policy.today) > policy.maxAgeMonths else { continue }
                warn(entry.path, "the fact \"\(TerminalText.excerpt(fact))\" rests on pages from \(newest.year) (newest \(newest)), older than \(policy.maxAgeMonths) months: check it again, or state it with its year and mark the source \"historic\"")
            }
        }
        for (ri, r) in routes.enumerated() {
            let path = "$.routes[\(ri)]"
            if let cost = r.cost {
                if let asOf = cost.asOf {
                    if !Self.isStudyYearOrDate(asOf) {
                        add("\(path).cost.asOf", "expected YYYY, YYYY-MM, YYYY-MM-DD or a study year YYYY-YYYY, found \"\(TerminalText.excerpt(asOf))\"")
                    }
                } else {
                    warn("\(path).cost.asOf", "a cost needs the date its amounts are of")
                }
                if cost.whoPays == nil { warn("\(path).cost.whoPays", "say who can pay (the employer, a fund, a loan, the visitor)") }
                if cost.earning == nil { warn("\(path).cost.earning", "say whether the visitor earns meanwhile") }
            } else {
                warn("\(path).cost", "say what the route costs, who can pay and whether you earn meanwhile")
            }
            for (oi, offer) in r.offeredAt.enumerated() {
                if let url = offer.url {
                    if !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                        add("\(path).offeredAt[\(oi)].url", "expected an http(s) URL, found \"\(TerminalText.excerpt(url))\"")
                    } else if Self.isHomePage(url) {
                        warn("\(path).offeredAt[\(oi)].url", "\"\(TerminalText.excerpt(url))\" is a home page: link the programme's own page")
                    }
                } else {
                    warn("\(path).offeredAt[\(oi)].url", "no programme page: the screens and the QR code would link the provider's home page")
                }
            }
        }
    }

    /// A URL without a path beyond "/" (query and fragment aside).
    /// A URL with no path beyond "/" (query and fragment aside): a site's home page.
    static func isHomePage(_ url: String) -> Bool {
        var bytes = url.utf8[...]
        // "scheme://host[/path][?query][#fragment]"
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > bytes.startIndex else { return false }
        bytes = bytes[bytes.index(after: colon)...]
        guard bytes.starts(with: "//".utf8) else { return false }
        bytes = bytes.dropFirst(2)
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return true }
        let path = bytes[slash...].prefix { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        return path.count == 1
    }

    static func isStudyYearOrDate(_ text: String) -> Bool {
        if CalendarDay(parsing: text) != nil { return true }
        // "2024-2025": two years, the second the next.
        let bytes = Array(text.utf8)
        guard bytes.count == 9, bytes[4] == UInt8(ascii: "-") else { return false }
        func year(_ r: Range<Int>) -> Int? {
            var v = 0
            for b in bytes[r] { let d = b &- UInt8(ascii: "0"); guard d < 10 else { return nil }; v = v * 10 + Int(d) }
            return v
        }
        guard let first = year(0..<4), let second = year(5..<9) else { return false }
        return second == first + 1
    }
}

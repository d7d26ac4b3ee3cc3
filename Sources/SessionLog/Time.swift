#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import RouteCatalog

/// A point in time with one-second precision, stored as seconds since 1970-01-01T00:00:00Z.
/// Its JSON form is UTC ISO-8601 (`2026-11-28T09:15:02Z`). Kept small and self-contained so the
/// log, the CSV writer and the report need neither `DateFormatter` nor a time-zone database.
public struct UTCTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public init(date: Date) { self.seconds = Int64(date.timeIntervalSince1970.rounded(.down)) }

    public static func now() -> UTCTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UTCTime(seconds: Int64(ts.tv_sec))
    }

    public static func < (a: UTCTime, b: UTCTime) -> Bool { a.seconds < b.seconds }

    public func adding(seconds s: Int64) -> UTCTime { UTCTime(seconds: seconds + s) }
    public func adding(days d: Int) -> UTCTime { UTCTime(seconds: seconds + Int64(d) * 86_400) }

    /// `yyyy-mm-ddThh:mm:ssZ`
    public var iso8601: String {
        let (days, secs) = Self.floorDivMod(seconds, 86_400)
        let c = CivilDate(daysSinceEpoch: days)
        return "\(c.ymd)T\(Self.two(secs / 3600)):\(Self.two(secs / 60 % 60)):\(Self.two(secs % 60))Z"
    }

    public var description: String { iso8601 }

    /// Parses `yyyy-mm-ddThh:mm[:ss[.fff]](Z|±hh:mm)`; fractions are dropped.
    public init?(iso8601 text: String) {
        let b = Array(text.utf8)
        guard b.count >= 17 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for i in from..<(from + len) {
                let d = Int(b[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
              b[10] == 84 || b[10] == 116 || b[10] == 32,
              let h = num(11, 2), b[13] == 58, let mi = num(14, 2) else { return nil }
        var i = 16
        var s = 0
        if i < b.count, b[i] == 58 {
            guard let ss = num(17, 2) else { return nil }
            s = ss
            i = 19
            if i < b.count, b[i] == 46 || b[i] == 44 {
                i += 1
                while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            }
        }
        guard (1...12).contains(mo), (1...CivilDate.daysIn(month: mo, year: y)).contains(d),
              h < 24, mi < 60, s < 61 else { return nil }
        var offset = 0
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            let minus = b[i] == 45
            guard let oh = num(i + 1, 2) else { return nil }
            var om = 0
            if i + 3 < b.count, b[i + 3] == 58 {
                guard let m = num(i + 4, 2) else { return nil }
                om = m
                i += 6
            } else if let m = num(i + 3, 2) {
                om = m
                i += 5
            } else {
                i += 3
            }
            offset = oh * 3600 + om * 60
            if minus { offset = -offset }
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = CivilDate(year: y, month: mo, day: d).daysSinceEpoch
        self.seconds = days * 86_400 + Int64(h * 3600 + mi * 60 + s) - Int64(offset)
    }

    static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var q = a / b
        var r = a % b
        if r < 0 { q -= 1; r += b }
        return (q, r)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso8601)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let t = UTCTime(iso8601: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a UTC ISO-8601 time: \(s)")
        }
        self = t
    }
}

/// A calendar date in the proleptic Gregorian calendar (H. Hinnant's civil-from-days algorithms).
public struct CivilDate: Sendable, Hashable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    public init(daysSinceEpoch z0: Int64) {
        let day = CalendarDay(daysSinceEpoch: Int(z0))
        self.init(year: day.year, month: day.month, day: day.day)
    }

    public var daysSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int {
        let (_, r) = UTCTime.floorDivMod(daysSinceEpoch + 4, 7)
        return Int(r)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var ymd: String {
        var y = String(year)
        while y.count < 4 { y = "0" + y }
        return "\(y)-\(UTCTime.two(month))-\(UTCTime.two(day))"
    }

    /// Parses `yyyy-mm-dd`.
    public init?(ymd text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...CivilDate.daysIn(month: m, year: y)).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// ISO 8601 week: (week-based year, week number 1…53).
    public var isoWeek: (year: Int, week: Int) {
        let days = daysSinceEpoch
        let mondayBased = (weekday + 6) % 7            // 0 = Monday … 6 = Sunday
        let thursday = CivilDate(daysSinceEpoch: days - Int64(mondayBased) + 3)
        let jan1 = CivilDate(year: thursday.year, month: 1, day: 1).daysSinceEpoch
        let ordinal = thursday.daysSinceEpoch - jan1
        return (thursday.year, Int(ordinal / 7) + 1)
    }

    /// `2026-W48`
    public var isoWeekLabel: String {
        let w = isoWeek
        return "\(w.year)-W\(UTCTime.two(w.week))"
    }
}

/// Local time in the Netherlands (Europe/Amsterdam) by the EU rule in force since 1996: summer time
/// (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC,
/// otherwise UTC+1. Implemented here so exports need no time-zone database.
public enum AmsterdamTime {
    /// Offset from UTC in seconds at the given instant.
    public static func offset(at t: UTCTime) -> Int64 {
        let (days, _) = UTCTime.floorDivMod(t.seconds, 86_400)
        let year = CivilDate(daysSinceEpoch: days).year
        let start = lastSunday(year: year, month: 3) * 86_400 + 3600
        let end = lastSunday(year: year, month: 10) * 86_400 + 3600
        return (t.seconds >= start && t.seconds < end) ? 7200 : 3600
    }

    static func lastSunday(year: Int, month: Int) -> Int64 {
        let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))
        return last.daysSinceEpoch - Int64(last.weekday)
    }

    /// The local calendar date and the seconds since local midnight.
    public static func local(_ t: UTCTime) -> (date: CivilDate, secondOfDay: Int64) {
        let local = t.seconds + offset(at: t)
        let (days, secs) = UTCTime.floorDivMod(local, 86_400)
        return (CivilDate(daysSinceEpoch: days), secs)
    }

    /// `yyyy-mm-dd hh:mm` in Dutch local time.
    public static func format(_ t: UTCTime) -> String {
        let (date, secs) = local(t)
        return "\(date.ymd) \(UTCTime.two(secs / 3600)):\(UTCTime.two(secs / 60 % 60))"
    }

    /// The UTC instant of local midnight starting the given date.
    public static func startOfDay(_ date: CivilDate) -> UTCTime {
        let midnightAsUTC = date.daysSinceEpoch * 86_400
        // The offset at local midnight is the offset one or two hours after UTC midnight minus it;
        // DST never switches between 22:00 and 02:00 UTC except at 01:00 UTC, after local midnight.
        let guess = UTCTime(seconds: midnightAsUTC - 3600)
        return UTCTime(seconds: midnightAsUTC - offset(at: guess))
    }
}

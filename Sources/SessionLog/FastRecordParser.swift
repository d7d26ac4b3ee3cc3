#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog
#if canImport(Glibc)
import Glibc
#endif

/// A direct byte-level parser for `OutcomeRecord` lines: the hot path of export and report.
/// It accepts only what it fully understands and returns nil for anything else (unusual numbers,
/// invalid UTF-8, a missing field, …); the caller then falls back to `JSONDecoder`, which gives the
/// precise error. So it can make reading faster, but never change what a line means.
struct FastRecordParser {
    let b: UnsafeRawBufferPointer
    var i = 0

    static func parse(_ line: UnsafeRawBufferPointer) -> OutcomeRecord? {
        var p = FastRecordParser(b: line)
        return p.record()
    }

    @inline(__always) mutating func ws() {
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 } else { break }
        }
    }

    @inline(__always) mutating func eat(_ c: UInt8) -> Bool {
        ws()
        if i < b.count && b[i] == c { i += 1; return true }
        return false
    }

    @inline(__always) mutating func peek() -> UInt8? {
        ws()
        return i < b.count ? b[i] : nil
    }

    /// A JSON string, unescaped; nil on anything invalid.
    mutating func string() -> String? {
        ws()
        guard i < b.count, b[i] == 0x22 else { return nil }
        i += 1
        let start = i
        var plain = true
        var ascii = true
        while i < b.count {
            let c = b[i]
            if c == 0x22 { break }
            if c < 0x20 { return nil }
            if c >= 0x80 { ascii = false }
            if c == 0x5C { plain = false; i += 2; continue }
            i += 1
        }
        guard i < b.count else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: b[start..<i])
        i += 1
        // ASCII is valid UTF-8: the specialised, non-validating path (most strings in a log).
        if plain && ascii { return String(decoding: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
        if plain { return String(validating: raw, as: UTF8.self) }
        return Self.unescape(raw)
    }

    /// An object key without escapes, as bytes (no String is made); nil for anything else, which
    /// makes the whole line go to the decoder.
    mutating func key() -> UnsafeRawBufferPointer? {
        ws()
        guard i < b.count, b[i] == 0x22 else { return nil }
        let start = i + 1
        var j = start
        while j < b.count, b[j] != 0x22 {
            if b[j] == 0x5C || b[j] < 0x20 { return nil }
            j += 1
        }
        guard j < b.count else { return nil }
        i = j + 1
        guard eat(0x3A) else { return nil }
        return UnsafeRawBufferPointer(rebasing: b[start..<j])
    }

    @inline(__always) static func equals(_ k: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        k.count == word.utf8CodeUnitCount && memcmp(k.baseAddress!, word.utf8Start, k.count) == 0
    }

    /// A JSON string holding a UUID, parsed from its bytes.
    mutating func uuid() -> UUID? {
        ws()
        guard i + 38 <= b.count, b[i] == 0x22, b[i + 37] == 0x22 else { return nil }
        let id = UUID.parse(UnsafeRawBufferPointer(rebasing: b[(i + 1)..<(i + 37)]))
        if id != nil { i += 38 }
        return id
    }

    static func unescape(_ raw: UnsafeRawBufferPointer) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var j = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            var v: UInt32 = 0
            for k in at..<(at + 4) {
                let c = raw[k]
                let d: UInt8
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: return nil
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while j < raw.count {
            let c = raw[j]
            if c != 0x5C { out.append(c); j += 1; continue }
            guard j + 1 < raw.count else { return nil }
            let e = raw[j + 1]
            j += 2
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var u = hex4(j) else { return nil }
                j += 4
                if u >= 0xD800 && u < 0xDC00 {
                    guard j + 6 <= raw.count, raw[j] == 0x5C, raw[j + 1] == 0x75, let lo = hex4(j + 2),
                          lo >= 0xDC00 && lo < 0xE000 else { return nil }
                    j += 6
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                } else if u >= 0xDC00 && u < 0xE000 {
                    return nil
                }
                guard let scalar = Unicode.Scalar(u) else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// An integer: optional '-', digits, nothing else.
    mutating func integer() -> Int? {
        ws()
        var neg = false
        if i < b.count && b[i] == 0x2D { neg = true; i += 1 }
        let start = i
        var v = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(b[i] - 0x30))
            if o1 || o2 { return nil }
            v = s
            i += 1
        }
        guard i > start else { return nil }
        if i < b.count, b[i] == 0x2E || b[i] == 0x65 || b[i] == 0x45 { return nil }
        return neg ? -v : v
    }

    mutating func double() -> Double? {
        ws()
        let start = i
        while i < b.count {
            let c = b[i]
            if (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 { i += 1 } else { break }
        }
        guard i > start else { return nil }
        let text = UnsafeRawBufferPointer(rebasing: b[start..<i])
        // Digits with at most one point: the exact integer of the digits divided by an exact power
        // of ten is correctly rounded, as strtod would give (Clinger's fast path).
        var mantissa: UInt64 = 0, digits = 0, fraction = -1, negative = false, simple = true
        for (k, c) in text.enumerated() {
            if c >= 0x30 && c <= 0x39 {
                mantissa = mantissa &* 10 &+ UInt64(c - 0x30); digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if c == 0x2E && fraction < 0 && digits > 0 {
                fraction = 0
            } else if c == 0x2D && k == 0 {
                negative = true
            } else {
                simple = false; break
            }
        }
        if simple, digits > 0, digits <= 15, fraction != 0 {
            let v = Double(mantissa) / Self.powersOfTen[max(0, fraction)]
            return negative ? -v : v
        }
        return Double(String(decoding: text, as: UTF8.self))
    }

    static let powersOfTen: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { a, _ in a * 10 } }

    mutating func literal(_ word: StaticString) -> Bool {
        ws()
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { return false }
        i += n
        return true
    }

    mutating func answer() -> AnswerValue? {
        switch peek() {
        case 0x22: return string().map { .option($0) }
        case 0x74: return literal("true") ? .boolean(true) : nil
        case 0x66: return literal("false") ? .boolean(false) : nil
        case 0x5B:
            i += 1
            var list: [String] = []
            if eat(0x5D) { return .options(list) }
            repeat {
                guard let s = string() else { return nil }
                list.append(s)
            } while eat(0x2C)
            return eat(0x5D) ? .options(list) : nil
        default:
            return integer().map { .number($0) }
        }
    }

    mutating func route() -> RankedRoute? {
        guard eat(0x7B) else { return nil }
        var id: String?, fit: Fit?, score: Double?
        if !eat(0x7D) {
            repeat {
                guard let key = key() else { return nil }
                if Self.equals(key, "id") {
                    id = string(); if id == nil { return nil }
                } else if Self.equals(key, "fit") {
                    if literal("\"eligible\"") { fit = .eligible } else if literal("\"near\"") { fit = .near }
                    else if literal("\"notEligible\"") { fit = .notEligible } else { return nil }
                } else if Self.equals(key, "score") {
                    score = double(); if score == nil { return nil }
                } else {
                    return nil
                }
            } while eat(0x2C)
            guard eat(0x7D) else { return nil }
        }
        guard let id, let fit, let score else { return nil }
        return RankedRoute(id: id, fit: fit, score: score)
    }

    mutating func record() -> OutcomeRecord? {
        guard eat(0x7B) else { return nil }
        var schema: Int?, id: UUID?, startedAt: UTCTime?, endedAt: UTCTime?, channel: Channel?
        var event: String?, catalogueVersion: String?, sha: String?, language: String?
        var answers: Answers?, routes: [RankedRoute]?, outcome: SessionOutcome?, contactLeft: Bool?
        repeat {
            guard let key = key() else { return nil }
            if Self.equals(key, "answers") {
                guard eat(0x7B) else { return nil }
                var a: Answers = [:]
                if !eat(0x7D) {
                    repeat {
                        guard let k = string(), eat(0x3A), let v = answer() else { return nil }
                        a[k] = v
                    } while eat(0x2C)
                    guard eat(0x7D) else { return nil }
                }
                answers = a
            } else if Self.equals(key, "catalogueSHA256") {
                sha = string(); if sha == nil { return nil }
            } else if Self.equals(key, "catalogueVersion") {
                catalogueVersion = string(); if catalogueVersion == nil { return nil }
            } else if Self.equals(key, "channel") {
                guard let s = string(), let c = Channel(rawValue: s) else { return nil }; channel = c
            } else if Self.equals(key, "contactLeft") {
                switch peek() {
                case 0x74: guard literal("true") else { return nil }; contactLeft = true
                case 0x66: guard literal("false") else { return nil }; contactLeft = false
                default: return nil
                }
            } else if Self.equals(key, "endedAt") {
                guard let s = string(), let t = UTCTime(iso8601: s) else { return nil }; endedAt = t
            } else if Self.equals(key, "event") {
                if peek() == 0x6E { guard literal("null") else { return nil }; event = nil } else {
                    event = string(); if event == nil { return nil }
                }
            } else if Self.equals(key, "id") {
                guard let u = uuid() else { return nil }; id = u
            } else if Self.equals(key, "language") {
                language = string(); if language == nil { return nil }
            } else if Self.equals(key, "outcome") {
                guard let s = string(), let o = SessionOutcome(rawValue: s) else { return nil }; outcome = o
            } else if Self.equals(key, "routes") {
                guard eat(0x5B) else { return nil }
                var list: [RankedRoute] = []
                if !eat(0x5D) {
                    repeat {
                        guard let r = route() else { return nil }
                        list.append(r)
                    } while eat(0x2C)
                    guard eat(0x5D) else { return nil }
                }
                routes = list
            } else if Self.equals(key, "schema") {
                schema = integer(); if schema == nil { return nil }
            } else if Self.equals(key, "startedAt") {
                guard let s = string(), let t = UTCTime(iso8601: s) else { return nil }; startedAt = t
            } else {
                return nil
            }
        } while eat(0x2C)
        guard eat(0x7D) else { return nil }
        ws()
        guard i == b.count else { return nil }
        guard let schema, let id, let startedAt, let endedAt, let channel, let catalogueVersion, let sha,
              let language, let answers, let routes, let outcome else { return nil }
        var r = OutcomeRecord(id: id, startedAt: startedAt, endedAt: endedAt, channel: channel, event: event,
                              catalogueVersion: catalogueVersion, catalogueSHA256: sha, language: language,
                              answers: answers, routes: routes, outcome: outcome, contactLeft: contactLeft)
        r.schema = schema
        return r
    }
}

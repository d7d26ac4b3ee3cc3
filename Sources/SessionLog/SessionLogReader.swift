#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SystemIO

/// A line of a log that could not be read as a record. Reported, never skipped silently.
public struct DamagedLine: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var offset: Int64
    public var reason: String

    public var description: String { "\(file):\(line) (byte \(offset)): \(reason)" }
}

/// Which records to include: started in [since, until), with an event label containing `event`.
public struct RecordFilter: Sendable {
    public var since: UTCTime?
    public var until: UTCTime?
    /// Case-insensitive substring of the event label.
    public var event: String?

    public init(since: UTCTime? = nil, until: UTCTime? = nil, event: String? = nil) {
        self.since = since; self.until = until; self.event = event
    }

    public func accepts(startedAt: UTCTime, event label: String?) -> Bool {
        if let since, startedAt < since { return false }
        if let until, !(startedAt < until) { return false }
        return accepts(event: label)
    }

    /// Whether a session with this event label (or none) passes `event`.
    public func accepts(event label: String?) -> Bool {
        guard let event else { return true }
        guard let label, label.lowercased().contains(event.lowercased()) else { return false }
        return true
    }
}

/// What a read found besides the records.
public struct ReadSummary: Sendable {
    public var files: [String] = []
    public var records = 0
    public var duplicates = 0
    public var damaged: [DamagedLine] = []
    /// Unfinished last lines (a write in progress, or a writer that died): ignored.
    public var unfinished: [DamagedLine] = []
}

/// Streams session records from one or more logs (files or directories), merging them and dropping
/// duplicates by session id, with memory that does not grow with the size of the logs:
///
/// pass 1 skims every line for its id (into a fixed-size Bloom filter; ids that may have been seen
/// before become "candidates") and for the answer keys (the CSV columns); pass 2 decodes every line
/// and emits a candidate id only the first time.
public final class SessionLogReader {
    public let files: [String]
    let fs: any FileSystemCalls
    let decoder = JSONDecoder()

    public init(inputs: [String], fs: any FileSystemCalls = SystemFileSystem()) throws(SessionLogError) {
        self.fs = fs
        self.files = try LogInputs.expand(inputs, fs: fs)
    }

    public init(files: [String], fs: any FileSystemCalls = SystemFileSystem()) {
        self.fs = fs
        self.files = files
    }

    /// Result of pass 1.
    public struct Plan {
        /// Every question id seen in the answers of records that pass the filter, sorted.
        public var questionIDs: [String]
        var candidates: Set<UUID>
    }

    /// Pass 1.
    public func plan(filter: RecordFilter = RecordFilter()) throws -> Plan {
        var bloom = BloomFilter()
        var candidates = Set<UUID>()
        var questions = Set<String>()
        let reader = LineReader(fs: fs)
        for file in files {
            _ = try reader.forEachLine(path: file) { line, _, _ in
                guard let skim = RecordSkim(line) else { return }
                if let id = skim.id {
                    if bloom.insert(id) { candidates.insert(id) }
                }
                if let started = skim.startedAt, filter.accepts(startedAt: started, event: skim.event) {
                    for q in skim.answerKeys { questions.insert(q) }
                }
            }
        }
        return Plan(questionIDs: questions.sorted(), candidates: candidates)
    }

    /// Pass 2: calls `body` once per distinct session id that passes the filter, in file order.
    @discardableResult
    public func forEachRecord(
        plan: Plan, filter: RecordFilter = RecordFilter(),
        _ body: (OutcomeRecord) throws -> Void
    ) throws -> ReadSummary {
        var summary = ReadSummary(files: files)
        var emitted = Set<UUID>()
        let reader = LineReader(fs: fs)
        for file in files {
            let tail = try reader.forEachLine(path: file) { line, number, offset in
                let record: OutcomeRecord
                do {
                    record = try decode(line)
                } catch let e as RecordProblem {
                    summary.damaged.append(DamagedLine(file: file, line: number, offset: offset, reason: e.reason))
                    return
                }
                if plan.candidates.contains(record.id) {
                    if !emitted.insert(record.id).inserted {
                        summary.duplicates += 1
                        return
                    }
                }
                guard filter.accepts(startedAt: record.startedAt, event: record.event) else { return }
                summary.records += 1
                try body(record)
            }
            if let tail {
                summary.unfinished.append(DamagedLine(
                    file: file, line: tail.lineNumber, offset: tail.offset,
                    reason: "unfinished last line (\(tail.length) bytes) ignored"))
            }
        }
        return summary
    }

    /// Both passes.
    @discardableResult
    public func read(filter: RecordFilter = RecordFilter(), _ body: (OutcomeRecord) throws -> Void) throws -> ReadSummary {
        try forEachRecord(plan: plan(filter: filter), filter: filter, body)
    }

    struct RecordProblem: Error { var reason: String }

    func decode(_ line: UnsafeRawBufferPointer) throws(RecordProblem) -> OutcomeRecord {
        try Self.decode(line, decoder: decoder)
    }

    /// A log line as a record, or why it is not one: the one definition of a readable line, for
    /// reading, exporting and purging alike.
    static func decode(_ line: UnsafeRawBufferPointer, decoder: JSONDecoder) throws(RecordProblem) -> OutcomeRecord {
        if line.isEmpty { throw RecordProblem(reason: "empty line") }
        if let fast = FastRecordParser.parse(line) {
            guard fast.schema == OutcomeRecord.currentSchema else {
                throw RecordProblem(reason: "unsupported schema \(fast.schema)")
            }
            return fast
        }
        let record: OutcomeRecord
        do {
            record = try decoder.decode(OutcomeRecord.self, from: Data(line))
        } catch let DecodingError.dataCorrupted(ctx) {
            throw RecordProblem(reason: "not valid JSON or a bad value: \(Self.describe(ctx))")
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw RecordProblem(reason: "field \(Self.path(ctx.codingPath + [key])) missing")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw RecordProblem(reason: "wrong type at \(Self.path(ctx.codingPath))")
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw RecordProblem(reason: "no value at \(Self.path(ctx.codingPath))")
        } catch {
            throw RecordProblem(reason: "not a record: \(error)")
        }
        guard record.schema == OutcomeRecord.currentSchema else {
            throw RecordProblem(reason: "unsupported schema \(record.schema)")
        }
        return record
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "$" : "$." + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    static func describe(_ ctx: DecodingError.Context) -> String {
        let p = path(ctx.codingPath)
        return p == "$" ? "invalid JSON" : "at \(p)"
    }
}

/// A fixed-size Bloom filter over session ids (4 MiB, 4 probes): about 0.01 % false positives at a
/// million ids; false positives only cost a Set entry in pass 2, never a wrong answer.
struct BloomFilter {
    static let bits = 1 << 25
    var words = [UInt64](repeating: 0, count: BloomFilter.bits / 64)

    /// Inserts; returns true if the id may have been inserted before.
    mutating func insert(_ id: UUID) -> Bool {
        let (a, b) = withUnsafeBytes(of: id.uuid) { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        let h1 = (a ^ (b &>> 29)) &* 0x9E37_79B9_7F4A_7C15
        let h2 = ((b ^ (a &>> 31)) &* 0xC2B2_AE3D_27D4_EB4F) | 1
        var present = true
        let mask = UInt64(Self.bits - 1)
        for k in 0..<4 {
            let bit = Int((h1 &+ UInt64(k) &* h2) & mask)
            let w = bit >> 6
            let m = UInt64(1) << UInt64(bit & 63)
            if words[w] & m == 0 { present = false; words[w] |= m }
        }
        return present
    }
}

/// A fast look at one log line without decoding it: the id, start time, event label and the
/// question ids of the answers. Returns nil if the line is not a JSON object.
struct RecordSkim {
    var id: UUID?
    var startedAt: UTCTime?
    var endedAt: UTCTime?
    var event: String?
    var answerKeys: [String] = []

    init?(_ b: UnsafeRawBufferPointer) {
        var s = JSONSkimmer(b)
        guard s.expect(0x7B) else { return nil }       // {
        if s.peekIs(0x7D) { return }
        repeat {
            guard let key = s.string() else { return nil }
            guard s.expect(0x3A) else { return nil }   // :
            if JSONSkimmer.equals(b, key, "id") {
                guard let v = s.string() else { return nil }
                id = v.count == 38 ? UUID.parse(UnsafeRawBufferPointer(rebasing: b[(v.lowerBound + 1)..<(v.upperBound - 1)]))
                                   : UUID(uuidString: s.text(v))
            } else if JSONSkimmer.equals(b, key, "startedAt") {
                guard let v = s.string() else { return nil }
                startedAt = UTCTime(iso8601: s.text(v))
            } else if JSONSkimmer.equals(b, key, "endedAt") {
                guard let v = s.string() else { return nil }
                endedAt = UTCTime(iso8601: s.text(v))
            } else if JSONSkimmer.equals(b, key, "event") {
                if s.peekIs(0x22) {
                    guard let v = s.string() else { return nil }
                    event = s.text(v)
                } else if !s.skipValue() { return nil }
            } else if JSONSkimmer.equals(b, key, "answers") {
                guard s.expect(0x7B) else { return nil }
                if !s.peekIs(0x7D) {
                    repeat {
                        guard let k = s.string(), s.expect(0x3A), s.skipValue() else { return nil }
                        answerKeys.append(s.text(k))
                    } while s.expect(0x2C)
                }
                guard s.expect(0x7D) else { return nil }
            } else {
                guard s.skipValue() else { return nil }
            }
        } while s.expect(0x2C)
        guard s.expect(0x7D) else { return nil }
    }
}

/// Minimal JSON tokenizer over bytes: strings (with escapes), and skipping of any value.
struct JSONSkimmer {
    let b: UnsafeRawBufferPointer
    var i = 0

    init(_ b: UnsafeRawBufferPointer) { self.b = b }

    mutating func ws() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 }
    }

    mutating func peekIs(_ c: UInt8) -> Bool {
        ws()
        return i < b.count && b[i] == c
    }

    mutating func expect(_ c: UInt8) -> Bool {
        ws()
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
    }

    /// Returns the range of the raw string contents including quotes.
    mutating func string() -> Range<Int>? {
        ws()
        guard i < b.count, b[i] == 0x22 else { return nil }
        let start = i
        i += 1
        while i < b.count {
            let c = b[i]
            if c == 0x5C { i += 2; continue }
            i += 1
            if c == 0x22 { return start..<i }
        }
        return nil
    }

    mutating func skipValue() -> Bool {
        ws()
        guard i < b.count else { return false }
        switch b[i] {
        case 0x22:
            return string() != nil
        case 0x7B, 0x5B:
            var depth = 0
            while i < b.count {
                let c = b[i]
                if c == 0x22 {
                    guard string() != nil else { return false }
                    continue
                }
                if c == 0x7B || c == 0x5B { depth += 1 }
                if c == 0x7D || c == 0x5D {
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                }
                i += 1
            }
            return false
        default:
            let start = i
            while i < b.count {
                let c = b[i]
                if c == 0x2C || c == 0x7D || c == 0x5D || c == 0x20 { break }
                i += 1
            }
            return i > start
        }
    }

    /// The text of a string token (range includes the quotes), unescaping when needed.
    func text(_ r: Range<Int>) -> String {
        let inner = UnsafeRawBufferPointer(rebasing: b[(r.lowerBound + 1)..<(r.upperBound - 1)])
        if inner.contains(0x5C) {
            let raw = UnsafeRawBufferPointer(rebasing: b[r])
            return (try? JSONDecoder().decode(String.self, from: Data(raw))) ?? ""
        }
        return String(decoding: inner, as: UTF8.self)
    }

    static func equals(_ b: UnsafeRawBufferPointer, _ r: Range<Int>, _ key: StaticString) -> Bool {
        let n = key.utf8CodeUnitCount
        guard r.count == n + 2 else { return false }
        return memcmp(b.baseAddress! + r.lowerBound + 1, key.utf8Start, n) == 0
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog

/// One log line at a time, for programs that read a log from a position of their own (shipping
/// to the central store): the same decoding as the readers, and the raw JSON of single fields.
public final class RecordLineDecoder {
    let reader = SessionLogReader(files: [])

    public init() {}

    /// The record on this line (without its `\n`), or why it is not one.
    public func decode(_ line: UnsafeRawBufferPointer) -> Result<OutcomeRecord, RecordLineProblem> {
        do {
            return .success(try reader.decode(line))
        } catch {
            return .failure(RecordLineProblem(reason: error.reason))
        }
    }

    /// One answer's value from its JSON text (`"mbo-4"`, `8`, `true`, `["bwi", "pie"]`), read as
    /// the readers read it inside a record; nil when a record with it would not be readable.
    public static func answer(json text: String) -> AnswerValue? {
        var text = text
        let fast: AnswerValue?? = text.withUTF8 { u in
            var p = FastRecordParser(b: UnsafeRawBufferPointer(u))
            guard let value = p.answer(), p.peek() == nil else { return nil }
            return value
        }
        if let fast { return fast }
        return try? JSONDecoder().decode([AnswerValue].self, from: Data(("[" + text + "]").utf8)).first
    }

    /// The bytes of the values of top-level `keys` in a JSON object line, exactly as written;
    /// nil when the line is not a JSON object.
    public static func rawValues(_ line: UnsafeRawBufferPointer, keys: [StaticString]) -> [Range<Int>?]? {
        var found = [Range<Int>?](repeating: nil, count: keys.count)
        var s = JSONSkimmer(line)
        guard s.expect(0x7B) else { return nil }
        if s.peekIs(0x7D) { return found }
        repeat {
            guard let key = s.string(), s.expect(0x3A) else { return nil }
            s.ws()
            let start = s.i
            guard s.skipValue() else { return nil }
            for (n, k) in keys.enumerated() where JSONSkimmer.equals(line, key, k) { found[n] = start..<s.i }
        } while s.expect(0x2C)
        guard s.expect(0x7D) else { return nil }
        return found
    }
}

public struct RecordLineProblem: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

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

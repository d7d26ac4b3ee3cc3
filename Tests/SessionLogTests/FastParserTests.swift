import Foundation
import Testing
import TestSupport
import RouteCatalog
@testable import SessionLog

@Suite struct FastParserTests {
    func fast(_ line: String) -> OutcomeRecord? {
        var s = line
        return s.withUTF8 { FastRecordParser.parse(UnsafeRawBufferPointer($0)) }
    }

    @Test func agreesWithJSONDecoderOnWhatWeWrite() throws {
        let texts = ["", "Zoë's café", "tab\there", "new\nline", "quote \" and \\ backslash", "emoji 🧑‍🏫", "\u{1}", "/slash/", "€ 7,50"]
        for t in texts {
            let r = sampleRecord(event: t, answers: ["sector": .option(t), "n": .number(-42), "b": .boolean(false),
                                                    "list": .options([t, "x"]), "empty": .options([])],
                                 routes: [RankedRoute(id: t, fit: .notEligible, score: 33.333333333333336), RankedRoute(id: "z", fit: .near, score: 0)])
            let line = try r.jsonLine().dropLast()
            let viaFast = line.withUnsafeBytes { FastRecordParser.parse($0) }
            #expect(viaFast == r, "text \(t.debugDescription)")
            #expect(try JSONDecoder().decode(OutcomeRecord.self, from: Data(line)) == r)
        }
        #expect(try fast(String(decoding: sampleRecord(event: nil).jsonLine().dropLast(), as: UTF8.self))?.event == nil)
    }

    @Test func escapesAreUnescaped() {
        #expect(fast(#"{"answers":{"a":"caf\u00e9 \ud83d\ude00 \n\/"},"catalogueSHA256":"x","catalogueVersion":"1","channel":"ssh","endedAt":"2026-01-01T00:00:00Z","id":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","language":"nl","outcome":"abandoned","routes":[],"schema":1,"startedAt":"2026-01-01T00:00:00Z"}"#)?
            .answers["a"] == .option("café 😀 \n/"))
    }

    @Test func unusualButValidLinesFallBackToJSONDecoder() throws {
        // Whitespace, a float-looking integer, an unknown key: the fast path declines, the reader still reads them.
        let odd = #"{ "schema": 1, "id": "E621E1F8-C36C-495A-93FC-0C247A3E6E5F", "startedAt": "2026-01-01T00:00:00Z", "endedAt": "2026-01-01T00:10:00Z", "channel": "cli", "catalogueVersion": "1", "catalogueSHA256": "x", "language": "en", "answers": {"years": 8.0}, "routes": [{"id": "pdg", "fit": "near", "score": 5e1, "note": "x"}], "outcome": "completed", "extra": true }"#
        #expect(fast(odd) == nil)
        let dir = TempDir(); defer { dir.remove() }
        writeBytes(dir.file("sessions.jsonl"), Array((odd + "\n").utf8))
        let (records, summary) = try readAll([dir.path])
        #expect(summary.damaged.isEmpty)
        #expect(records.first?.routes.first?.score == 50)
        // Invalid UTF-8 is declined by the fast path and reported as damage by the decoder.
        var bad = try Array(sampleRecord(event: "ab").jsonLine())
        let at = bad.firstIndex(of: UInt8(ascii: "b"))!
        bad[at] = 0xFF
        writeBytes(dir.file("sessions.jsonl"), bad)
        #expect(bad.dropLast().withUnsafeBytes { FastRecordParser.parse($0) } == nil)
        #expect(try readAll([dir.path]).summary.damaged.count == 1)
    }
}

@Suite struct ContactLeftFieldTests {
    @Test func contactLeftIsWrittenOnlyWhenTrueAndReadByBothParsers() throws {
        var r = sampleRecord()
        #expect(!String(decoding: try r.jsonLine(), as: UTF8.self).contains("contactLeft"))
        r.contactLeft = true
        let line = try r.jsonLine().dropLast()
        #expect(String(decoding: line, as: UTF8.self).contains("\"contactLeft\":true"))
        #expect(line.withUnsafeBytes { FastRecordParser.parse($0) } == r)
        #expect(try JSONDecoder().decode(OutcomeRecord.self, from: Data(line)) == r)
    }
}

@Suite struct FastParserNumberTests {
    /// Scores as the engine writes them (any double) and as generated logs have them (one decimal):
    /// the fast path reads back exactly the double that was written, as JSONDecoder does.
    @Test func scoresReadBackExactly() throws {
        var g = SplitMix64(seed: 9)
        var scores: [Double] = [0, 100, 87.5, 61.25, 33.333333333333336, 66.66666666666667, 1e-7, 12345678901234.5, -0.3]
        for _ in 0..<3000 {
            let v = Double.random(in: 0...100, using: &g)
            scores += [v, (v * 10).rounded() / 10, (v * 100).rounded() / 100, v.rounded()]
        }
        for score in scores {
            let r = sampleRecord(routes: [RankedRoute(id: "pdg", fit: .near, score: score)])
            let line = try r.jsonLine().dropLast()
            #expect(line.withUnsafeBytes { FastRecordParser.parse($0) }?.routes.first?.score == score, "score \(score)")
        }
    }

    @Test func uuidsInEitherCase() {
        for _ in 0..<500 {
            let id = UUID()
            for text in [id.uuidString, id.uuidString.lowercased()] {
                var t = text
                #expect(t.withUTF8 { UUID.parse(UnsafeRawBufferPointer($0)) } == id)
            }
        }
        for bad in ["", "E621E1F8-C36C-495A-93FC-0C247A3E6E5", "E621E1F8-C36C-495A-93FC-0C247A3E6E5G", "E621E1F8xC36C-495A-93FC-0C247A3E6E5F"] {
            var t = bad
            #expect(t.withUTF8 { UUID.parse(UnsafeRawBufferPointer($0)) } == nil, "\(bad)")
        }
    }
}

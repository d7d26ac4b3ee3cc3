#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog

/// Where a questionnaire was filled in.
public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
    case kiosk, ssh, cli
}


/// One route in the ranked advice: its id, fit and score (0–100).
public struct RankedRoute: Sendable, Hashable, Codable {
    public var id: String
    public var fit: Fit
    public var score: Double

    public init(id: String, fit: Fit, score: Double) {
        self.id = id; self.fit = fit; self.score = score
    }
}

/// One finished or abandoned questionnaire: one line of the session log.
///
/// It holds no name, e-mail address, user name, host name or IP address. Contact details, when
/// someone opts in, go to the separate `ContactStore`, keyed by `id`.
public struct OutcomeRecord: Sendable, Hashable, Codable {
    public static let currentSchema = 1

    /// Schema version of this record (`1`).
    public var schema: Int
    /// Random session id (UUID v4); the idempotency key when logs are merged.
    public var id: UUID
    public var startedAt: UTCTime
    public var endedAt: UTCTime
    public var channel: Channel
    /// Optional label of an event, e.g. "Open dag ROC Midden Nederland 2026-11-28".
    public var event: String?
    /// `catalogueVersion` of the routes.json that produced the advice.
    public var catalogueVersion: String
    /// SHA-256 (hex) of that routes.json file.
    public var catalogueSHA256: String
    /// Language the questionnaire was shown in (`nl`, `en`).
    public var language: String
    public var answers: Answers
    /// Routes in ranked order, best first.
    public var routes: [RankedRoute]
    public var outcome: SessionOutcome
    /// `true` when the visitor left contact details (stored apart, in the contacts store);
    /// absent otherwise, and in records written before this field existed.
    public var contactLeft: Bool?

    public init(
        id: UUID = UUID(), startedAt: UTCTime, endedAt: UTCTime, channel: Channel, event: String? = nil,
        catalogueVersion: String, catalogueSHA256: String, language: String, answers: Answers,
        routes: [RankedRoute], outcome: SessionOutcome, contactLeft: Bool? = nil
    ) {
        self.schema = Self.currentSchema
        self.id = id
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.channel = channel
        self.event = event
        self.catalogueVersion = catalogueVersion
        self.catalogueSHA256 = catalogueSHA256
        self.language = language
        self.answers = answers
        self.routes = routes
        self.outcome = outcome
        self.contactLeft = contactLeft
    }

    /// The compact one-line JSON form (sorted keys), followed by `\n`.
    public func jsonLine() throws -> [UInt8] {
        var bytes = Array(try RecordCoding.encoder.encode(self))
        bytes.append(0x0A)
        return bytes
    }
}

extension OutcomeRecord {
    /// The answers as the log keeps them: as given, except the age (the answer to `ageQuestion`,
    /// the question with the meaning "age"), which is kept as a ten-year band ("30-39"; "16-19"
    /// below 20; "60+" from 60). The routes were ranked with the exact age before it is stored;
    /// the log, exports and reports need no more than the band, and an exact age next to
    /// province, sector and years of experience says more about a person than coordinators need.
    public static func stored(_ answers: Answers, ageQuestion: String?) -> Answers {
        guard let ageQuestion, case .number(let age)? = answers[ageQuestion] else { return answers }
        var stored = answers
        stored[ageQuestion] = .option(ageBand(age))
        return stored
    }

    /// "16-19", "20-29", …, "50-59", "60+" (below 16: "<16").
    public static func ageBand(_ age: Int) -> String {
        switch age {
        case ..<16: return "<16"
        case 16...19: return "16-19"
        case 60...: return "60+"
        default:
            let low = age / 10 * 10
            return "\(low)-\(low + 9)"
        }
    }
}

enum RecordCoding {
    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

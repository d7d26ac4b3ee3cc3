#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Matching
import Questionnaire
import RouteCatalog
import SessionLog

/// Writes finished and abandoned sessions (and contacts given with consent). Returns nil when it
/// worked, or a short message for the visitor.
public protocol SessionRecorder: AnyObject {
    func record(_ record: SessionRecord) -> String?
    /// A new visitor starts (the session id and start time are renewed).
    func startSession()
    /// The short code of the last session written (nil when none or not kept).
    var lastSessionCode: String? { get }
}

extension SessionRecorder {
    public var lastSessionCode: String? { nil }
}

/// The recorder that writes to the data directory with `SessionLog`.
public final class LogRecorder: SessionRecorder {
    let directory: DataDirectory
    let log: AppendOnlyLog
    let contacts: ContactStore
    let engine: Engine
    let channel: Channel
    let catalogueVersion: String
    private var sessionID = UUID()
    private var startedAt = UTCTime.now()
    public private(set) var lastSessionID: UUID?
    /// The first 8 characters of the session id: enough for `routewijzer forget` to find it.
    public var lastSessionCode: String? { lastSessionID.map { String($0.uuidString.prefix(8)) } }
    /// The event label stored with every session (kiosks at an open day).
    let event: String?

    public init(dataDirectory: String, engine: Engine, channel: Channel, event: String? = nil) throws {
        self.event = event
        directory = DataDirectory(path: dataDirectory)
        try directory.create()
        log = AppendOnlyLog(directory: directory)
        contacts = ContactStore(directory: directory)
        self.engine = engine
        self.channel = channel
        catalogueVersion = engine.catalogue.catalogueVersion
    }

    public func startSession() {
        sessionID = UUID()
        startedAt = .now()
    }

    public func record(_ record: SessionRecord) -> String? {
        let routes = engine.rank(record.answers).map { r -> RankedRoute in
            let fit: RouteFit = switch r.fit {
            case .eligible: .eligible
            case .near: .near
            case .notEligible: .notEligible
            }
            return RankedRoute(id: engine.catalogue.routes[r.routeIndex].id, fit: fit, score: r.score)
        }
        let outcome = OutcomeRecord(
            id: sessionID, startedAt: startedAt, endedAt: .now(), channel: channel, event: event,
            catalogueVersion: catalogueVersion, catalogueSHA256: engine.sha256,
            language: record.language.rawValue, answers: record.answers, routes: routes,
            outcome: record.outcome == .completed ? .completed : record.outcome == .timedOut ? .timedOut : .abandoned,
            contactLeft: record.contact != nil ? true : nil)
        do {
            if let contact = record.contact {
                var age = ContactRecord.minimumAge
                if case .number(let n)? = record.answers["age"] { age = n }
                let purpose = record.language == .nl
                    ? "Een adviseur van een lerarenopleiding neemt één keer contact op over de routes, en ziet naam, e-mail, taal, provincie en passende routes."
                    : "An advisor from a teacher training institute contacts you once about the routes, and sees name, e-mail, language, province and fitting routes."
                let details = ContactRecord(
                    sessionID: sessionID, name: contact.name, email: contact.email, purpose: purpose,
                    consentTextVersion: contact.consentVersion, consentGiven: true, age: age)
                try details.validate()
                try log.append(outcome)
                try contacts.save(details)
            } else {
                try log.append(outcome)
            }
        } catch {
            return "\(error)"
        }
        lastSessionID = sessionID
        return nil
    }
}

/// A recorder that keeps records in memory (tests, or when no data directory can be used).
public final class MemoryRecorder: SessionRecorder {
    public private(set) var records: [SessionRecord] = []
    public var failWith: String?
    public init() {}
    public func startSession() {}
    public func record(_ record: SessionRecord) -> String? {
        if let failWith { return failWith }
        records.append(record)
        return nil
    }
}

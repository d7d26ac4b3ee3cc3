#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Matching
import Questionnaire
import RouteCatalog
import SessionLog
#if canImport(Glibc)
import Glibc
#endif

/// Writes finished and abandoned sessions (and contacts given with consent). Returns nil when it
/// worked, or why not.
public protocol SessionRecorder: AnyObject {
    func record(_ record: SessionRecord) -> SaveFailure?
    /// Kiosk: the visitor left and the kiosk starts again (nothing is shown about it).
    func recordLeft(_ record: SessionRecord)
    /// A new visitor starts (the session id and start time are renewed).
    func startSession()
    /// Kiosk: called while the loop waits, to write what `recordLeft` held back once it is due.
    func tick()
    /// The program ends: write anything still held back.
    func finish()
    /// The short code of the last session written (nil when none or not kept).
    var lastSessionCode: String? { get }
}

extension SessionRecorder {
    public var lastSessionCode: String? { nil }
    public func recordLeft(_ record: SessionRecord) { _ = self.record(record) }
    public func tick() {}
    public func finish() {}
}

/// The recorder that writes to the data directory with `SessionLog`.
///
/// One visitor is one record:
/// - a session is written once: when saving the contact details fails after the outcome was
///   written, trying again (or going on without them) writes only what is missing;
/// - in a kiosk, a visitor who starts again within `sameVisitorSeconds` of leaving (or keys that
///   keep coming: a child on the keyboard, a flood of keys) is the same visitor: the sessions
///   they leave behind become one record, of their last state, with the first session's id and
///   start. It is written once that time has passed without a new start (`tick`), when a
///   session is completed, or when the program ends.
public final class LogRecorder: SessionRecorder {
    let directory: DataDirectory
    let log: AppendOnlyLog
    let contacts: ContactStore
    let engine: Engine
    let channel: Channel
    let catalogueVersion: String
    private var sessionID = UUID()
    private var startedAt = UTCTime.now()
    /// Whether the outcome of `sessionID` is in the log (a contact may still be missing).
    private var outcomeWritten = false
    public private(set) var lastSessionID: UUID?
    /// The first 8 characters of the session id: enough for `routewijzer forget` to find it.
    public var lastSessionCode: String? { lastSessionID.map { String($0.uuidString.prefix(8)) } }
    /// The event label stored with every session (kiosks at an open day).
    let event: String?
    /// The id of the question with the meaning "age", if any.
    let ageQuestion: String?
    /// Kiosk: how long after leaving a visitor who starts again is still the same one.
    public var sameVisitorSeconds: Double = 10
    /// Seconds on a monotonic clock (tests set their own).
    public var clock: () -> Double = LogRecorder.monotonicSeconds
    /// A left session not written yet: the record, its id, start and end, and when it was left.
    private var held: (record: SessionRecord, id: UUID, startedAt: UTCTime, endedAt: UTCTime, leftAt: Double)?

    public init(dataDirectory: String, engine: Engine, channel: Channel, event: String? = nil) throws {
        self.event = event
        directory = DataDirectory(path: dataDirectory)
        try directory.create()
        log = AppendOnlyLog(directory: directory)
        contacts = ContactStore(directory: directory)
        self.engine = engine
        self.channel = channel
        catalogueVersion = engine.catalogue.catalogueVersion
        ageQuestion = engine.catalogue.question(meaning: .age)?.id
    }

    deinit { finish() }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public func startSession() {
        sessionID = UUID()
        startedAt = .now()
        outcomeWritten = false
    }

    public func record(_ record: SessionRecord) -> SaveFailure? {
        // A session that ends properly (results seen, saved) supersedes what the same visitor
        // left behind a moment ago; an older held session is written first.
        if let held {
            if clock() - held.leftAt < sameVisitorSeconds { self.held = nil } else { tick(force: true) }
        }
        if let error = write(record, id: sessionID, startedAt: startedAt, endedAt: .now()) { return error }
        lastSessionID = sessionID
        return nil
    }

    public func recordLeft(_ record: SessionRecord) {
        let now = clock()
        if let held, now - held.leftAt < sameVisitorSeconds {
            self.held = (record, held.id, held.startedAt, .now(), now)
        } else {
            tick(force: true)
            held = (record, sessionID, startedAt, .now(), now)
        }
    }

    public func tick() { tick(force: false) }

    private func tick(force: Bool) {
        guard let held, force || clock() - held.leftAt >= sameVisitorSeconds else { return }
        self.held = nil
        // Nobody is left to tell; a failure shows in the next save, which meets the same disk.
        _ = write(held.record, id: held.id, startedAt: held.startedAt, endedAt: held.endedAt, once: false)
    }

    public func finish() { tick(force: true) }

    /// Writes the outcome (once per session, `once`) and the contact, if any.
    private func write(_ record: SessionRecord, id: UUID, startedAt: UTCTime, endedAt: UTCTime, once: Bool = true) -> SaveFailure? {
        let routes = engine.rank(record.answers).map { r in
            RankedRoute(id: engine.catalogue.routes[r.routeIndex].id, fit: r.fit, score: r.score)
        }
        let outcome = OutcomeRecord(
            id: id, startedAt: startedAt, endedAt: endedAt, channel: channel, event: event,
            catalogueVersion: catalogueVersion, catalogueSHA256: engine.sha256,
            language: record.language.rawValue, answers: OutcomeRecord.stored(record.answers, ageQuestion: ageQuestion), routes: routes,
            outcome: record.outcome,
            contactLeft: record.contact != nil ? true : nil)
        do {
            var details: ContactRecord?
            if let contact = record.contact {
                var age = ContactRecord.minimumAge
                if let ageQuestion, case .number(let n)? = record.answers[ageQuestion] { age = n }
                // The consent record keeps the very text the visitor agreed to, as both fronts show it.
                let purpose = Words(language: record.language)[.contactPurpose]
                details = ContactRecord(
                    sessionID: id, name: contact.name, email: contact.email, purpose: purpose,
                    consentTextVersion: contact.consentVersion, consentGiven: true, age: age)
                try details!.validate()
            }
            if !(once && outcomeWritten) {
                try log.append(outcome)
                if once { outcomeWritten = true }
            }
            if let details { try contacts.save(details) }
        } catch {
            return Self.failure(error)
        }
        return nil
    }

    /// What the visitor is told about a store error.
    static func failure(_ e: SessionLogError) -> SaveFailure {
        switch e.kind {
        case .diskFull: return SaveFailure(.diskFull, path: e.path)
        case .permissionDenied: return SaveFailure(.noPermission, path: e.path)
        case .symlinkRefused, .notARegularFile, .unsafePermissions: return SaveFailure(.refusedFile, path: e.path)
        case .directoryMissing, .noDataDirectory: return SaveFailure(.noDataFolder, path: e.path)
        case .ioError, .syncFailed: return SaveFailure(.diskError, path: e.path)
        case .invalidContact, .consentMissing, .tooYoung, .notFound, .invalidArgument: return SaveFailure(.contactRefused)
        }
    }
}

/// A recorder that keeps records in memory (tests, or when no data directory can be used).
public final class MemoryRecorder: SessionRecorder {
    public private(set) var records: [SessionRecord] = []
    public var failWith: SaveFailure?
    public init() {}
    public func startSession() {}
    public func record(_ record: SessionRecord) -> SaveFailure? {
        if let failWith { return failWith }
        records.append(record)
        return nil
    }
}

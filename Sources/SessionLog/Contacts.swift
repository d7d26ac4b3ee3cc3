#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import RouteCatalog
import SystemIO

/// Contact details someone chose to leave, for one stated purpose, with explicit consent, from
/// age 16. Kept in their own file (`contacts.jsonl`), keyed by the session id; never in the
/// session log, never in a session export.
public struct ContactRecord: Sendable, Hashable, Codable {
    public var sessionID: UUID
    public var name: String
    public var email: String
    /// What the details will be used for, as shown to the person ("Een adviseur neemt contact op …").
    public var purpose: String
    /// Version of the consent text the person agreed to.
    public var consentTextVersion: String
    /// True only after an explicit opt-in (an unticked box the person ticked).
    public var consentGiven: Bool
    /// The age the person gave; checked (16 or older) but not stored.
    public var age: Int
    public var consentedAt: UTCTime
    /// After this moment the record is deleted by `routewijzer purge`.
    public var retainUntil: UTCTime

    public static let minimumAge = 16
    /// Default retention: one year.
    public static let defaultRetentionDays = 365

    public init(
        sessionID: UUID, name: String, email: String, purpose: String, consentTextVersion: String,
        consentGiven: Bool, age: Int, consentedAt: UTCTime = .now(), retentionDays: Int = ContactRecord.defaultRetentionDays
    ) {
        self.sessionID = sessionID
        self.name = ContactRules.trimmed(name)
        self.email = ContactRules.trimmed(email)
        self.purpose = purpose
        self.consentTextVersion = consentTextVersion
        self.consentGiven = consentGiven
        self.age = age
        self.consentedAt = consentedAt
        self.retainUntil = consentedAt.adding(days: retentionDays)
    }

    enum CodingKeys: String, CodingKey {
        case sessionID = "session", name, email, purpose, consentTextVersion, consentGiven
        case age16OrOlder, consentedAt, retainUntil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sessionID, forKey: .sessionID)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(purpose, forKey: .purpose)
        try c.encode(consentTextVersion, forKey: .consentTextVersion)
        try c.encode(consentGiven, forKey: .consentGiven)
        try c.encode(age >= Self.minimumAge, forKey: .age16OrOlder)
        try c.encode(consentedAt, forKey: .consentedAt)
        try c.encode(retainUntil, forKey: .retainUntil)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try c.decode(UUID.self, forKey: .sessionID)
        name = try c.decode(String.self, forKey: .name)
        email = try c.decode(String.self, forKey: .email)
        purpose = try c.decode(String.self, forKey: .purpose)
        consentTextVersion = try c.decode(String.self, forKey: .consentTextVersion)
        consentGiven = try c.decode(Bool.self, forKey: .consentGiven)
        age = try c.decode(Bool.self, forKey: .age16OrOlder) ? Self.minimumAge : 0
        consentedAt = try c.decode(UTCTime.self, forKey: .consentedAt)
        retainUntil = try c.decode(UTCTime.self, forKey: .retainUntil)
    }

    /// The compact one-line JSON form, followed by `\n`.
    public func jsonLine() throws -> [UInt8] {
        Array(try RecordCoding.encoder.encode(self)) + [0x0A]
    }

    /// Checks consent, age, name and e-mail; throws the first problem as a plain sentence.
    public func validate() throws(SessionLogError) {
        guard consentGiven else { throw SessionLogError(.consentMissing) }
        guard age >= Self.minimumAge else { throw SessionLogError(.tooYoung) }
        guard ContactRules.nameProblem(name) == nil else { throw SessionLogError(.invalidContact, detail: "naam / name") }
        guard ContactRules.isValidEmail(email) else { throw SessionLogError(.invalidContact, detail: "e-mailadres / e-mail address") }
        guard !ContactRules.trimmed(purpose).isEmpty, !consentTextVersion.isEmpty else {
            throw SessionLogError(.invalidArgument, detail: "purpose and consent text version are required")
        }
        guard consentedAt < retainUntil else { throw SessionLogError(.invalidArgument, detail: "retention date before consent") }
    }
}

/// The contacts store: `contacts.jsonl` in the data directory, appended with the same crash-safe
/// algorithm as the session log.
public final class ContactStore {
    public let directory: DataDirectory
    let log: AppendOnlyLog

    public init(directory: DataDirectory) {
        self.directory = directory
        self.log = AppendOnlyLog(directory: directory, name: DataDirectory.contactsFile)
    }

    /// Validates and saves. Returns only once the record is on disk and the lock is released.
    public func save(_ record: ContactRecord) throws(SessionLogError) {
        try record.validate()
        let data: Data
        do { data = try RecordCoding.encoder.encode(record) } catch {
            throw SessionLogError(.invalidArgument, detail: "contact cannot be encoded")
        }
        try log.append(line: Array(data) + [0x0A])
    }

    /// All readable contact records (streamed), with damaged lines reported.
    @discardableResult
    public func forEach(_ body: (ContactRecord) throws -> Void) throws -> [DamagedLine] {
        let path = directory.contactsPath
        var st = stat()
        guard directory.fs.lstat(path, &st) == 0 else { return [] }
        var damaged: [DamagedLine] = []
        let decoder = JSONDecoder()
        _ = try LineReader(fs: directory.fs).forEachLine(path: path) { line, n, offset in
            guard let r = try? decoder.decode(ContactRecord.self, from: Data(line)) else {
                damaged.append(DamagedLine(file: path, line: n, offset: offset, reason: "not a contact record"))
                return
            }
            try body(r)
        }
        return damaged
    }

    /// Whether a contact is handed out by an export at `now`: consent, 16 or older, within its
    /// retention date.
    static func isExportable(_ c: ContactRecord, at now: UTCTime) -> Bool {
        c.consentGiven && c.age >= ContactRecord.minimumAge && now < c.retainUntil
    }

    /// Records one export of contacts in `contacts-audit.jsonl`: when, how many, in which format.
    public func recordExport(count: Int, format: String, at time: UTCTime = .now()) throws(SessionLogError) {
        struct Entry: Encodable { var exportedAt: UTCTime; var count: Int; var format: String }
        let data: Data
        do { data = try RecordCoding.encoder.encode(Entry(exportedAt: time, count: count, format: format)) } catch {
            throw SessionLogError(.invalidArgument, detail: "audit entry")
        }
        try AppendOnlyLog(directory: directory, name: DataDirectory.contactsAuditFile).append(line: Array(data) + [0x0A])
    }
}


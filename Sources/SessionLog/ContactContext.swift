#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog
#if canImport(Glibc)
import Glibc
#endif

extension ContactStore {
    /// The session ids that have contact details in a `contacts.jsonl` beside any of these logs:
    /// the report counts them as "left contact" also for sessions written before the session
    /// record carried `contactLeft`. Only ids are kept; an unreadable store counts nothing.
    public static func sessionIDs(besideLogs files: [String]) -> Set<UUID> {
        var directories: [String] = []
        for file in files {
            guard let slash = file.lastIndex(of: "/") else { directories.append("."); continue }
            directories.append(slash == file.startIndex ? "/" : String(file[..<slash]))
        }
        var ids = Set<UUID>()
        for dir in Set(directories) {
            _ = try? ContactStore(directory: DataDirectory(path: dir)).forEach { ids.insert($0.sessionID) }
        }
        return ids
    }
}

/// The contacts export for the advisor who calls back: each consented contact with what the visitor
/// agreed the advisor may see, taken from the visitor's session record (joined by session id):
/// the language they used, their province, their best routes and how well those fit, the date and
/// the event. What is shared depends on the consent text the visitor agreed to (`shared`); a
/// contact whose session is no longer in the log gets the contact columns only.
public struct ContactExport {
    public enum Format: String, Sendable, CaseIterable { case csv, jsonl }

    /// What each version of the consent text told the visitor the advisor would see.
    public enum Shared: Sendable { case routes, languageAndProvince, dateAndEvent }
    public static let shared: [String: Set<Shared>] = [
        "2026-11-1": [.routes],                                      // "contacts you once about your routes"
        "2026-12-1": [.routes, .languageAndProvince, .dateAndEvent], // names language, province and routes
    ]
    /// How many routes (those that fit or nearly fit, best first) go with a contact.
    public static let topRoutes = 3
    public var format: Format
    /// Words for CSV heads and cells; nil writes ids.
    public var vocabulary: Vocabulary?
    /// The question whose answer is the province: the catalogue's question that means it.
    public var provinceQuestion: String

    public init(format: Format, vocabulary: Vocabulary?, provinceQuestion: String = "province") {
        self.format = format; self.vocabulary = vocabulary; self.provinceQuestion = provinceQuestion
    }

    /// The consented contacts within their retention date, with the sessions found in `sessions`
    /// (the data directory's log, or nil when there is none). **Audit first**: the export is
    /// recorded in `contacts-audit.jsonl` before a single contact is written; when that fails,
    /// nothing is exported. Returns how many were written and the damaged lines of the contacts
    /// store.
    public func export(store: ContactStore, sessions: SessionLogReader?, to sink: ByteSink, now: UTCTime = .now())
        throws -> (count: Int, damaged: [DamagedLine]) {
        var contacts: [ContactRecord] = []
        let damaged = try store.forEach { c in
            if ContactStore.isExportable(c, at: now) { contacts.append(c) }
        }
        try store.recordExport(count: contacts.count, format: format.rawValue, at: now)
        var records: [UUID: OutcomeRecord] = [:]
        let wanted = Set(contacts.map(\.sessionID))
        if let sessions, !wanted.isEmpty {
            try sessions.read { r in if wanted.contains(r.id) { records[r.id] = r } }
        }
        switch format {
        case .csv: try csv(contacts, records, sink)
        case .jsonl: try jsonl(contacts, records, sink)
        }
        try sink.finish()
        return (contacts.count, damaged)
    }

    func csv(_ contacts: [ContactRecord], _ records: [UUID: OutcomeRecord], _ sink: ByteSink) throws {
        let v = vocabulary
        /// A column head in the coordinator's words, or its id without a vocabulary.
        func column(_ key: TextKey, _ id: String, _ args: any CustomStringConvertible...) -> String {
            v.map { $0.language.text(key, arguments: args) } ?? id
        }
        var w = CSVWriter(sink: sink, format: .excel)
        var head = [column(.exportSession, "session"), column(.exportName, "name"), column(.exportEmail, "email"),
                    column(.exportLanguage, "language"), column(.exportProvince, "province")]
        for i in 1...Self.topRoutes { head += [column(.exportRoute, "route\(i)", i), column(.exportFit, "fit\(i)", i)] }
        head += [column(.exportSessionAt, "sessionAt"), column(.exportEvent, "event"), column(.exportPurpose, "purpose"),
                 column(.exportConsentText, "consentTextVersion"), column(.exportConsentedAt, "consentedAt"),
                 column(.exportKeepUntil, "retainUntil")]
        w.row(head)
        for c in contacts {
            let share = Self.shared[c.consentTextVersion] ?? []
            let r = records[c.sessionID]
            w.text(c.sessionID.uuidString.lowercased()); w.text(c.name); w.text(c.email)
            if let r, share.contains(.languageAndProvince) {
                w.text(v?.languageName(r.language) ?? r.language)
                if case .option(let p)? = r.answers[provinceQuestion] { w.text(v?.option(provinceQuestion, p) ?? p) } else { w.empty() }
            } else {
                w.empty(); w.empty()
            }
            let routes = share.contains(.routes) ? Self.best(r) : []
            for i in 0..<Self.topRoutes {
                if i < routes.count {
                    w.text(v?.route(routes[i].id) ?? routes[i].id); w.text(v?.fit(routes[i].fit) ?? routes[i].fit.rawValue)
                } else {
                    w.empty(); w.empty()
                }
            }
            if let r, share.contains(.dateAndEvent) { w.text(AmsterdamTime.format(r.startedAt)); w.text(r.event ?? "") } else { w.empty(); w.empty() }
            w.text(c.purpose); w.text(c.consentTextVersion)
            w.text(AmsterdamTime.format(c.consentedAt)); w.text(AmsterdamTime.format(c.retainUntil))
            w.endRow()
        }
    }

    struct Line: Encodable {
        struct Route: Encodable { var id: String; var fit: Fit }
        var session: String, name: String, email: String, purpose: String, consentTextVersion: String
        var consentedAt: UTCTime, retainUntil: UTCTime
        var language: String?, province: String?, routes: [Route]?, sessionStartedAt: UTCTime?, event: String?
    }

    func jsonl(_ contacts: [ContactRecord], _ records: [UUID: OutcomeRecord], _ sink: ByteSink) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for c in contacts {
            let share = Self.shared[c.consentTextVersion] ?? []
            let r = records[c.sessionID]
            var line = Line(session: c.sessionID.uuidString.lowercased(), name: c.name, email: c.email, purpose: c.purpose,
                            consentTextVersion: c.consentTextVersion, consentedAt: c.consentedAt, retainUntil: c.retainUntil)
            if let r {
                if share.contains(.languageAndProvince) {
                    line.language = r.language
                    if case .option(let p)? = r.answers[provinceQuestion] { line.province = p }
                }
                if share.contains(.routes) { line.routes = Self.best(r).map { Line.Route(id: $0.id, fit: $0.fit) } }
                if share.contains(.dateAndEvent) { line.sessionStartedAt = r.startedAt; line.event = r.event }
            }
            sink.write(bytes: TerminalText.escapingControlsInJSON(Array(try encoder.encode(line))) + [0x0A])
        }
    }

    /// The best routes that fit or nearly fit, in the session's ranked order.
    static func best(_ r: OutcomeRecord?) -> [RankedRoute] {
        Array((r?.routes ?? []).filter { $0.fit != .notEligible }.prefix(topRoutes))
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog

public enum KioskError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A new PIN that does not meet the rule (6+ digits, or a passphrase of 10+ letters and digits).
    case pinRule(String)
    case pinMismatch
    case pinHash(String)
    /// The config file could not be read or written (`errno` text).
    case file(path: String, String)
    /// The config file is not valid JSON, or a field has the wrong type; line/column or JSON path.
    case invalid(path: String, line: Int?, column: Int?, jsonPath: String?, String)

    public var description: String {
        switch self {
        case .pinRule(let m): return Language.nl[.kioskPinRefused, m]
        case .pinMismatch: return Language.nl[.kioskPinsDiffer]
        case .pinHash(let m): return Language.nl[.kioskPinHash, m]
        case .file(let path, let m): return "\(path): \(m)"
        case .invalid(let path, let line, let column, let jsonPath, let m):
            var location = path
            if let line { location += ":\(line)" }
            if let column { location += ":\(column)" }
            if let jsonPath { location += " " + Language.nl[.kioskAtJSONPath, jsonPath] }
            return "\(location): \(m)"
        }
    }
}

/// One kiosk's settings: what `routewijzer kiosk set-pin` writes and `routewijzer kiosk` reads.
///
/// Stored as JSON (keys sorted, pretty-printed) at `KioskConfig.defaultPath`, mode 0600. Flags
/// given to `routewijzer kiosk` override the file for that run.
public struct KioskConfig: Sendable, Hashable, Codable {
    public static let currentSchema = 1

    public var schema: Int
    /// A label for the event (e.g. "Open dag ROC Midden Nederland 2026-11-28"), stored with every
    /// session so coordinators can select it in exports; nil for none.
    public var event: String?
    /// Where the kiosk writes its sessions; nil for the default data directory.
    public var dataDirectory: String?
    /// Seconds without a key on a question (or review, or the contact form) before the kiosk resets.
    public var questionIdleSeconds: Int
    /// Seconds without a key on the results before the kiosk resets.
    public var resultsIdleSeconds: Int
    /// How long before the reset the countdown is visible.
    public var countdownSeconds: Int
    /// The advisor's PIN, hashed; nil until `set-pin` ran (the kiosk then refuses to start).
    public var pin: PinHash?

    public static let defaultQuestionIdleSeconds = 90
    public static let defaultResultsIdleSeconds = 180
    public static let defaultCountdownSeconds = 15

    public init(event: String? = nil, dataDirectory: String? = nil,
                questionIdleSeconds: Int = defaultQuestionIdleSeconds,
                resultsIdleSeconds: Int = defaultResultsIdleSeconds,
                countdownSeconds: Int = defaultCountdownSeconds, pin: PinHash? = nil) {
        self.schema = KioskConfig.currentSchema
        self.event = event
        self.dataDirectory = dataDirectory
        self.questionIdleSeconds = questionIdleSeconds
        self.resultsIdleSeconds = resultsIdleSeconds
        self.countdownSeconds = countdownSeconds
        self.pin = pin
    }

    enum CodingKeys: String, CodingKey {
        case schema, event, dataDirectory, questionIdleSeconds, resultsIdleSeconds, countdownSeconds, pin
    }

    /// Missing fields take their defaults, so a hand-written file may hold only what it changes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decodeIfPresent(Int.self, forKey: .schema) ?? KioskConfig.currentSchema
        event = try c.decodeIfPresent(String.self, forKey: .event)
        dataDirectory = try c.decodeIfPresent(String.self, forKey: .dataDirectory)
        questionIdleSeconds = try c.decodeIfPresent(Int.self, forKey: .questionIdleSeconds) ?? KioskConfig.defaultQuestionIdleSeconds
        resultsIdleSeconds = try c.decodeIfPresent(Int.self, forKey: .resultsIdleSeconds) ?? KioskConfig.defaultResultsIdleSeconds
        countdownSeconds = try c.decodeIfPresent(Int.self, forKey: .countdownSeconds) ?? KioskConfig.defaultCountdownSeconds
        pin = try c.decodeIfPresent(PinHash.self, forKey: .pin)
    }

    /// The problems that make this config unusable (empty when fine). Field names as in the file.
    public var problems: [String] { problems(shortestIdleSeconds: KioskConfig.shortestIdleSeconds) }

    /// The shortest idle time a config file may hold.
    public static let shortestIdleSeconds = 10
    /// The shortest idle time `--idle-seconds` / `--results-idle-seconds` may ask for one run:
    /// for trying a kiosk out and for tests, never stored.
    public static let shortestIdleSecondsByFlag = 2

    /// The problems, with idle times allowed down to `shortest` seconds.
    public func problems(shortestIdleSeconds shortest: Int) -> [String] {
        let nl = Language.nl
        var p: [String] = []
        if schema != KioskConfig.currentSchema { p.append("schema: " + nl[.kioskSchemaUnsupported, schema, KioskConfig.currentSchema]) }
        if !(shortest...3600).contains(questionIdleSeconds) { p.append("questionIdleSeconds: " + nl[.kioskIdleOutOfRange, shortest, questionIdleSeconds]) }
        if !(shortest...3600).contains(resultsIdleSeconds) { p.append("resultsIdleSeconds: " + nl[.kioskIdleOutOfRange, shortest, resultsIdleSeconds]) }
        if countdownSeconds < 0 || countdownSeconds >= min(questionIdleSeconds, resultsIdleSeconds) {
            p.append("countdownSeconds: " + nl[.kioskCountdownOutOfRange, countdownSeconds])
        }
        if let e = event, e.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) || e.count > 200 {
            p.append("event: " + nl[.kioskEventRule])
        }
        if let d = dataDirectory, d.isEmpty { p.append("dataDirectory: " + nl[.kioskEmpty]) }
        if let pin, let problem = pin.problem { p.append("pin: \(problem)") }
        return p
    }

    /// The idle settings for `IdleTimer`.
    public var idleSettings: IdleTimer.Settings {
        IdleTimer.Settings(questionSeconds: questionIdleSeconds, resultsSeconds: resultsIdleSeconds,
                           countdownSeconds: countdownSeconds)
    }

    /// `$XDG_CONFIG_HOME/routewijzer/kiosk.json`, else `$HOME/.config/routewijzer/kiosk.json`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let x = environment["XDG_CONFIG_HOME"], x.hasPrefix("/") { return x + "/routewijzer/kiosk.json" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        return (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.config/routewijzer/kiosk.json"
    }

    /// The config as stored: pretty JSON with sorted keys and a final newline.
    public func encoded() throws(KioskError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self)) + [0x0A]
        } catch {
            throw .invalid(path: "", line: nil, column: nil, jsonPath: nil, "cannot encode: \(error)")
        }
    }

    /// Decodes a config; errors name `path` and the line and column (syntax) or JSON path (types).
    public static func decode(_ bytes: [UInt8], path: String) throws(KioskError) -> KioskConfig {
        let data = Data(bytes)
        if let syntax = JSONSyntax.firstError(in: data) {
            throw .invalid(path: path, line: syntax.line, column: syntax.column, jsonPath: nil,
                           Language.nl[.kioskJSONSyntaxError, syntax.message])
        }
        let config: KioskConfig
        do {
            config = try JSONDecoder().decode(KioskConfig.self, from: data)
        } catch let error as DecodingError {
            let (codingPath, message): ([any CodingKey], String) = switch error {
            case .typeMismatch(let type, let c): (c.codingPath, Language.nl[.kioskExpectedType, "\(type)"])
            case .valueNotFound(let type, let c): (c.codingPath, Language.nl[.kioskExpectedTypeFoundNull, "\(type)"])
            case .keyNotFound(let key, let c): (c.codingPath + [key], Language.nl[.kioskRequiredFieldMissing, key.stringValue])
            case .dataCorrupted(let c): (c.codingPath, c.debugDescription)
            @unknown default: ([], "\(error)")
            }
            throw .invalid(path: path, line: nil, column: nil, jsonPath: CatalogueLoader.jsonPath(codingPath), message)
        } catch {
            throw .invalid(path: path, line: nil, column: nil, jsonPath: nil, "\(error)")
        }
        if let first = config.problems.first {
            let field = first.prefix { $0 != ":" }
            throw .invalid(path: path, line: nil, column: nil, jsonPath: "$." + field,
                           String(first.dropFirst(field.count + 2)))
        }
        return config
    }
}

/// Settings given on the command line for one run; they win over the config file.
public struct KioskOverrides: Sendable, Hashable {
    public var event: String?
    public var dataDirectory: String?
    public var questionIdleSeconds: Int?
    public var resultsIdleSeconds: Int?

    public init(event: String? = nil, dataDirectory: String? = nil, questionIdleSeconds: Int? = nil, resultsIdleSeconds: Int? = nil) {
        self.event = event
        self.dataDirectory = dataDirectory
        self.questionIdleSeconds = questionIdleSeconds
        self.resultsIdleSeconds = resultsIdleSeconds
    }
}

extension KioskConfig {
    /// This config with the command line's settings on top. An empty event (`--event ""`)
    /// clears the label.
    public func applying(_ o: KioskOverrides) -> KioskConfig {
        var c = self
        if let e = o.event { c.event = e.isEmpty ? nil : e }
        if let d = o.dataDirectory { c.dataDirectory = d }
        if let q = o.questionIdleSeconds { c.questionIdleSeconds = q }
        if let r = o.resultsIdleSeconds { c.resultsIdleSeconds = r }
        let shortest = min(c.questionIdleSeconds, c.resultsIdleSeconds)
        if c.countdownSeconds >= shortest {
            // A sixth of the shorter idle time, and at least one second when there is room for it.
            c.countdownSeconds = max(0, max(min(1, shortest - 1), shortest / 6))
        }
        return c
    }

    /// Why a kiosk cannot start with this config (empty when it can): the problems of the
    /// fields, and a missing PIN (without one nobody could end the kiosk).
    public var startProblems: [String] { startProblems(shortestIdleSeconds: KioskConfig.shortestIdleSeconds) }

    /// `startProblems`, with idle times allowed down to `shortest` seconds (flags for one run).
    public func startProblems(shortestIdleSeconds shortest: Int) -> [String] {
        var p = problems(shortestIdleSeconds: shortest)
        if pin == nil { p.append(Language.nl[.kioskNoAdvisorPin]) }
        return p
    }
}

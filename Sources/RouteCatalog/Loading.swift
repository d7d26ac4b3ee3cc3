#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Crypto
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One problem found in a catalogue, located as precisely as we can: a line and column for
/// JSON syntax, a JSON path (`$.routes[3].durationMonths.min`) for everything else.
public struct CatalogueProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// An error makes the catalogue unusable; a warning is something an editor should look at
    /// (`validate --strict` fails on warnings too).
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var file: String
    public var path: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    public var severity: Severity

    public init(file: String, path: String? = nil, line: Int? = nil, column: Int? = nil, message: String,
                severity: Severity = .error) {
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    public var isWarning: Bool { severity == .warning }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        if let path { location += ": \(path)" }
        return "\(location): " + (isWarning ? "warning: " : "") + message
    }
}

/// A catalogue failed to load; every problem found is listed.
public struct CatalogueLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [CatalogueProblem]
    public init(problems: [CatalogueProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A decoded catalogue together with where it came from and the SHA-256 of its exact bytes.
public struct LoadedCatalogue: Sendable {
    public var catalogue: Catalogue
    public var file: String
    public var digest: CatalogueDigest
    /// Problems of the file itself that did not stop decoding: control characters in strings,
    /// with their line and column. Reported with the structural problems.
    public var inputProblems: [CatalogueProblem] = []
    /// The SHA-256 of the file, in lower-case hex (computed on first use).
    public var sha256: String { digest.hex }

    public init(catalogue: Catalogue, file: String, sha256: String) {
        self.init(catalogue: catalogue, file: file, digest: CatalogueDigest(hex: sha256))
    }

    public init(catalogue: Catalogue, file: String, digest: CatalogueDigest) {
        self.catalogue = catalogue
        self.file = file
        self.digest = digest
    }
}

/// The SHA-256 of a catalogue's bytes, computed the first time it is asked for. The questionnaire
/// needs it only when it stores a session, so its first screen does not wait for the hash (nor
/// keep the hashing code in memory before then).
public final class CatalogueDigest: Sendable {
    private let state: Mutex<State>

    private enum State: Sendable {
        case pending(Data)
        case done(String)
    }

    /// The digest of `data`, computed later.
    public init(of data: Data) { state = Mutex(.pending(data)) }

    /// A digest known already.
    public init(hex: String) { state = Mutex(.done(hex)) }

    public var hex: String {
        state.withLock { state in
            switch state {
            case .done(let hex): return hex
            case .pending(let data):
                let hex = CatalogueLoader.sha256Hex(data)
                state = .done(hex)
                return hex
            }
        }
    }
}

public enum CatalogueLoader {
    /// The largest catalogue file read: 128 MiB. The bundled one is about 150 KB; the benchmark's
    /// 50,000 generated routes of ten conditions each (about 130 MB) fit, and decoding that takes
    /// well under a gigabyte of memory.
    public static let maximumBytes = 128 << 20

    /// Reads and decodes a catalogue file. Throws `CatalogueLoadError` listing every syntax or
    /// type problem; structural checks (ids, references) are `Catalogue.structuralProblems`, and
    /// `CheckedCatalogue` (Matching) is the loader every command uses: this and all checks.
    public static func load(path: String) throws(CatalogueLoadError) -> LoadedCatalogue {
        let data: Data
        do {
            data = try BoundedInput.read(path: path, limit: maximumBytes, what: "catalogue file")
        } catch {
            throw CatalogueLoadError(problems: [CatalogueProblem(file: path, message: error.description)])
        }
        return try decode(data, file: path)
    }

    public static func decode(_ data: Data, file: String) throws(CatalogueLoadError) -> LoadedCatalogue {
        let syntax = JSONSyntax.check(data)
        if let failure = syntax.failure {
            throw CatalogueLoadError(problems: [CatalogueProblem(
                file: file, line: failure.line, column: failure.column, message: "JSON syntax error: \(failure.message)")])
        }
        let decoder = JSONDecoder()
        do {
            // The fast decoder first; whatever it does not take, JSONDecoder decides (and words).
            let catalogue = try (try? FastJSONDecoder().decode(Catalogue.self, from: data)) ?? decoder.decode(Catalogue.self, from: data)
            var loaded = LoadedCatalogue(catalogue: catalogue, file: file, digest: CatalogueDigest(of: data))
            loaded.inputProblems = syntax.controls.map { p in
                CatalogueProblem(file: file, line: p.line, column: p.column,
                                 message: "control character \(TerminalText.name(p.scalar)) in a string: texts reach terminals, which act on it; remove it")
            }
            return loaded
        } catch let error as DecodingError {
            // Only for a catalogue that does not decode: collect every type problem, element by
            // element, so an editor sees them all at once (the decoder stops at the first).
            let probe = try? decoder.decode(CatalogueProbe.self, from: data)
            let problems = (probe?.errors ?? []).map { problem(from: $0, file: file) }
            throw CatalogueLoadError(problems: problems.isEmpty ? [problem(from: error, file: file)] : problems)
        } catch {
            throw CatalogueLoadError(problems: [CatalogueProblem(file: file, message: "\(error)")])
        }
    }

    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    static func problem(from error: DecodingError, file: String) -> CatalogueProblem {
        switch error {
        case .typeMismatch(let type, let context):
            return CatalogueProblem(file: file, path: jsonPath(context.codingPath),
                                    message: "expected \(describe(type))\(detail(context))")
        case .valueNotFound(let type, let context):
            return CatalogueProblem(file: file, path: jsonPath(context.codingPath),
                                    message: "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return CatalogueProblem(file: file, path: jsonPath(context.codingPath),
                                    message: "missing required field \"\(key.stringValue)\"")
        case .dataCorrupted(let context):
            return CatalogueProblem(file: file, path: jsonPath(context.codingPath), message: TerminalText.excerpt(context.debugDescription, limit: 300))
        @unknown default:
            return CatalogueProblem(file: file, message: "\(error)")
        }
    }

    private static func detail(_ context: DecodingError.Context) -> String {
        // The decoder's own text repeats the type; only keep ours unless it adds a hint.
        context.debugDescription.hasPrefix("Expected to decode") ? "" : " (\(TerminalText.excerpt(context.debugDescription, limit: 300)))"
    }

    /// `$`, `.name` for keys and `[i]` for list positions.
    public static func jsonPath(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("$") { path, key in
            if let index = key.intValue { return path + "[\(index)]" }
            return path + "." + TerminalText.excerpt(key.stringValue)
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") || name.hasPrefix("Keyed") { return "an object" }
            return "a value of type \(name)"
        }
    }
}

/// Decodes each element of each top-level list on its own so that one broken route does not hide
/// the problems of the next.
struct CatalogueProbe: Decodable {
    var errors: [DecodingError] = []

    private struct Attempt<T: Decodable>: Decodable {
        var error: DecodingError?
        init(from decoder: any Decoder) throws {
            do { _ = try T(from: decoder) } catch let e as DecodingError { error = e }
        }
    }

    private enum Keys: String, CodingKey, CaseIterable {
        case schemaVersion, catalogueVersion, checkedOn, questions, regions, providers, routes, sharedSteps,
             initiatives, helpDesks, examples
    }

    init(from decoder: any Decoder) throws {
        let c: KeyedDecodingContainer<Keys>
        do { c = try decoder.container(keyedBy: Keys.self) } catch let e as DecodingError {
            errors.append(e)
            return
        }
        func scalar<T: Decodable>(_ type: T.Type, _ key: Keys) {
            do { _ = try c.decode(T.self, forKey: key) } catch let e as DecodingError { errors.append(e) } catch {}
        }
        func list<T: Decodable>(_ type: T.Type, _ key: Keys) {
            do {
                let attempts = try c.decode([Attempt<T>].self, forKey: key)
                errors.append(contentsOf: attempts.compactMap(\.error))
            } catch let e as DecodingError { errors.append(e) } catch {}
        }
        scalar(Int.self, .schemaVersion)
        scalar(String.self, .catalogueVersion)
        scalar(String.self, .checkedOn)
        list(Question.self, .questions)
        list(Region.self, .regions)
        list(Provider.self, .providers)
        list(Route.self, .routes)
        list(SharedStep.self, .sharedSteps)
        list(Initiative.self, .initiatives)
        if c.contains(.helpDesks) { list(HelpDesk.self, .helpDesks) }
        list(Example.self, .examples)
    }
}

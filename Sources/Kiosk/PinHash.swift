#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Crypto
import CryptoExtras
import RouteCatalog

/// The advisor's PIN as it is stored: never the PIN itself, only a salted scrypt hash of it.
///
/// scrypt (RFC 7914) from swift-crypto's `CryptoExtras` (BoringSSL underneath). The standard
/// parameters, N = 2^15, r = 8, p = 1, take 32 MiB and about a tenth of a second per try, which
/// makes guessing a short PIN from a stolen config file slow; the lockout of `PinGate` makes
/// guessing at the keyboard slow. Each hash has its own random 16-byte salt.
public struct PinHash: Sendable, Hashable, Codable {
    public struct Parameters: Sendable, Hashable, Codable {
        /// CPU/memory cost; a power of two.
        public var N: Int
        /// Block size.
        public var r: Int
        /// Parallelism.
        public var p: Int

        public init(N: Int, r: Int, p: Int) {
            self.N = N
            self.r = r
            self.p = p
        }

        /// What `set-pin` uses: 32 MiB, about 0.1 s on a laptop.
        public static let standard = Parameters(N: 1 << 15, r: 8, p: 1)
        /// Cheap parameters for tests only.
        public static let fastForTests = Parameters(N: 1 << 10, r: 8, p: 1)

        var isValid: Bool {
            N >= 2 && N & (N - 1) == 0 && N <= 1 << 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16
        }
    }

    /// Always `"scrypt"` for now; another value is refused when the config is read.
    public var algorithm: String
    public var parameters: Parameters
    /// The salt, base64.
    public var salt: String
    /// The derived key, base64 (32 bytes).
    public var hash: String

    public static let algorithmName = "scrypt"
    public static let saltBytes = 16
    public static let hashBytes = 32
    /// A PIN of digits only needs at least this many: a million tries at about a tenth of a
    /// second each is more than a day of one core's time against a copied config file.
    public static let minimumDigits = 6
    /// A passphrase (letters, with digits if you like) needs at least this many characters.
    public static let minimumPassphrase = 10
    /// The kiosk's PIN prompt takes at most this many characters, letters and digits only.
    public static let maximumLength = 32

    /// Why a new PIN is refused, or nil: 6 or more digits, or a passphrase of 10 or more
    /// letters and digits; only ASCII letters and digits (all the kiosk's prompt can take), at
    /// most 32.
    public static func problem(withNewPIN pin: String) -> KioskError? {
        guard pin.count <= maximumLength, pin.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return .pinRule(Language.nl[.kioskPinCharacters, maximumLength])
        }
        if pin.allSatisfy(\.isNumber) {
            return pin.count >= minimumDigits ? nil : .pinRule(Language.nl[.kioskPinTooFewDigits, minimumDigits, minimumPassphrase])
        }
        return pin.count >= minimumPassphrase ? nil : .pinRule(Language.nl[.kioskPassphraseTooShort, minimumPassphrase, minimumDigits])
    }

    public init(algorithm: String, parameters: Parameters, salt: String, hash: String) {
        self.algorithm = algorithm
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    /// Hashes a new PIN with a fresh random salt.
    public static func make(pin: String, parameters: Parameters = .standard) throws(KioskError) -> PinHash {
        if let problem = problem(withNewPIN: pin) { throw problem }
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return try make(pin: pin, salt: salt, parameters: parameters)
    }

    /// Hashes a PIN with a given salt (tests use a fixed one).
    public static func make(pin: String, salt: [UInt8], parameters: Parameters) throws(KioskError) -> PinHash {
        let key = try derive(pin: pin, salt: salt, parameters: parameters)
        return PinHash(algorithm: algorithmName, parameters: parameters,
                       salt: Data(salt).base64EncodedString(), hash: Data(key).base64EncodedString())
    }

    /// Whether `pin` is the PIN this hash was made from. The comparison takes the same time
    /// whichever byte differs. A malformed record never verifies.
    public func verify(_ pin: String) -> Bool {
        guard problem == nil,
              let salt = Data(base64Encoded: salt), let expected = Data(base64Encoded: hash),
              let derived = try? PinHash.derive(pin: pin, salt: Array(salt), parameters: parameters, length: expected.count)
        else { return false }
        return PinHash.constantTimeEqual(derived, Array(expected))
    }

    /// What can be wrong with a stored record.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        case unknownAlgorithm(String)
        case parametersOutOfRange
        case shortSalt
        case shortHash

        public var description: String {
            switch self {
            case .unknownAlgorithm(let name): return Language.en[.pinHashUnknownAlgorithm, name]
            case .parametersOutOfRange: return Language.en[.pinHashParametersOutOfRange]
            case .shortSalt: return Language.en[.pinHashShortSalt]
            case .shortHash: return Language.en[.pinHashShortHash]
            }
        }
    }

    /// What is wrong with a stored record, or nil when it can be used.
    public var problem: Problem? {
        if algorithm != PinHash.algorithmName { return .unknownAlgorithm(algorithm) }
        if !parameters.isValid { return .parametersOutOfRange }
        guard let s = Data(base64Encoded: salt), s.count >= 8 else { return .shortSalt }
        guard let h = Data(base64Encoded: hash), h.count >= 16 else { return .shortHash }
        return nil
    }

    static func derive(pin: String, salt: [UInt8], parameters: Parameters, length: Int = hashBytes) throws(KioskError) -> [UInt8] {
        guard parameters.isValid else { throw .pinHash("scrypt parameters out of range") }
        do {
            let key = try KDF.Scrypt.deriveKey(from: Array(pin.utf8), salt: salt, outputByteCount: length,
                                               rounds: parameters.N, blockSize: parameters.r, parallelism: parameters.p)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw .pinHash("scrypt failed: \(error)")
        }
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RouteCatalog
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// How to reach the central store, and with which credentials.
///
/// Settings come from, in this order: an address given with `--from postgres://USER@HOST:PORT/DB`
/// (never with a password in it), a settings file of mode 0600 (`--db-config FILE`,
/// `$ROUTEWIJZER_DB_CONFIG`, else `/etc/routewijzer/central.conf` when it exists), and the standard
/// `PG*` variables of libpq (`PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`, `PGPASSWORD`, `PGPASSFILE`,
/// `PGSSLMODE`, `PGSSLROOTCERT`). A password comes only from the file, `PGPASSWORD` or a password
/// file (`PGPASSFILE`, else `~/.pgpass`, mode 0600), never from the command line.
public struct CentralSettings: Sendable, Equatable {
    public enum SSLMode: String, Sendable, CaseIterable {
        /// No TLS: only for loopback and Unix sockets.
        case disable
        /// TLS without checking the certificate: only for loopback.
        case require
        /// TLS, the certificate checked against the trusted roots and the host name.
        case verifyFull = "verify-full"
    }

    /// A host name, an IP address, or a directory holding the server's Unix socket (starts with `/`).
    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    public var password: String?
    public var sslMode: SSLMode
    /// PEM file of the certificate authority to trust, instead of the system's.
    public var sslRootCert: String?
    /// Ship contact details too (`contacts = yes` in the settings file).
    public var shipContacts: Bool

    public init(host: String, port: Int, database: String, user: String, password: String?, sslMode: SSLMode,
                sslRootCert: String?, shipContacts: Bool) {
        self.host = host; self.port = port; self.database = database; self.user = user; self.password = password
        self.sslMode = sslMode; self.sslRootCert = sslRootCert; self.shipContacts = shipContacts
    }

    public static let defaultConfigPath = "/etc/routewijzer/central.conf"
    public static let configKeys = ["host", "port", "dbname", "user", "password", "sslmode", "sslrootcert", "contacts"]

    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// A Unix socket, `localhost`, 127.0.0.0/8 or ::1.
    public var isLoopback: Bool { Self.isLoopback(host) }

    public static func isLoopback(_ host: String) -> Bool {
        if host.hasPrefix("/") || host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }

    /// The server as people name it, without credentials: `host:port/database`.
    public var displayName: String {
        isUnixSocket ? "\(host)/.s.PGSQL.\(port) database \(database)" : "\(host):\(port)/\(database)"
    }

    /// The Unix socket file, for a socket directory.
    public var socketPath: String { host + "/.s.PGSQL.\(port)" }

    /// Checks the TLS rule: anything but loopback needs `verify-full`.
    public func checkTransport() throws(CentralError) {
        if !isLoopback && sslMode != .verifyFull {
            throw CentralError.settings(Language.en[.centralTLSRequired, host, sslMode.rawValue])
        }
        if isUnixSocket && sslMode != .disable {
            throw CentralError.settings(Language.en[.centralTLSOverUnixSocket, sslMode.rawValue, host])
        }
        if let sslRootCert, access(sslRootCert, R_OK) != 0 {
            throw CentralError.settings(Language.en[.centralRootCertUnreadable, sslRootCert, String(cString: strerror(errno))])
        }
    }

    // MARK: Reading the settings

    /// Where the settings were found, for messages.
    public enum Source: Sendable, Equatable { case address, file(String), environment }

    /// Resolves the settings: `address` (from `--from`) wins, then `configFile` (or the default
    /// file when it exists), then the environment.
    public static func resolve(
        address: String?, configFile: String?, environment: [String: String]
    ) throws(CentralError) -> CentralSettings {
        var values: [String: String] = [:]
        // The environment first; the file and the address override it.
        let envKeys = ["PGHOST": "host", "PGPORT": "port", "PGDATABASE": "dbname", "PGUSER": "user",
                       "PGPASSWORD": "password", "PGSSLMODE": "sslmode", "PGSSLROOTCERT": "sslrootcert"]
        for (variable, key) in envKeys { if let v = environment[variable], !v.isEmpty { values[key] = v } }
        if environment["ROUTEWIJZER_SYNC_CONTACTS"] == "yes" { values["contacts"] = "yes" }

        let file = configFile ?? environment["ROUTEWIJZER_DB_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (access(defaultConfigPath, F_OK) == 0 ? defaultConfigPath : nil)
        if let file {
            for (k, v) in try readConfigFile(file) { values[k] = v }
        }
        if let address {
            for (k, v) in try parseAddress(address) { values[k] = v }
        }

        let user = values["user"] ?? environment["USER"] ?? loginName() ?? "postgres"
        let host = values["host"] ?? "/var/run/postgresql"
        var port = 5432
        if let p = values["port"] {
            guard let n = Int(p), (1...65535).contains(n) else { throw CentralError.settings(Language.en[.centralPortNotANumber, p]) }
            port = n
        }
        let database = values["dbname"] ?? user
        let loopback = isLoopback(host)
        let sslMode: SSLMode
        if let m = values["sslmode"] {
            switch m {
            case "disable", "allow", "prefer": sslMode = .disable
            case "require", "verify-ca": sslMode = loopback ? .require : .verifyFull
            case "verify-full": sslMode = .verifyFull
            default: throw CentralError.settings(Language.en[.centralUnknownSSLMode, m])
            }
            if !loopback && m != "verify-full" {
                throw CentralError.settings(Language.en[.centralTLSRequired, host, m])
            }
        } else {
            sslMode = loopback ? .disable : .verifyFull
        }
        var contacts = false
        if let c = values["contacts"] {
            switch c.lowercased() {
            case "yes", "true", "1", "on": contacts = true
            case "no", "false", "0", "off": contacts = false
            default: throw CentralError.settings(Language.en[.centralContactsYesOrNo, c])
            }
        }
        var settings = CentralSettings(
            host: host, port: port, database: database, user: user, password: values["password"],
            sslMode: sslMode, sslRootCert: values["sslrootcert"], shipContacts: contacts)
        if settings.password == nil {
            settings.password = try passwordFromFile(settings, environment: environment)
        }
        try settings.checkTransport()
        return settings
    }

    /// `postgres://USER@HOST:PORT/DB?sslmode=…&sslrootcert=…`; a password in it is refused.
    public static func parseAddress(_ text: String) throws(CentralError) -> [String: String] {
        var rest: Substring
        if text.hasPrefix("postgres://") { rest = text.dropFirst("postgres://".count) }
        else if text.hasPrefix("postgresql://") { rest = text.dropFirst("postgresql://".count) }
        else { throw CentralError.settings(Language.en[.centralNotAnAddress, text]) }
        var values: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { throw CentralError.settings(Language.en[.centralAddressPairNotKeyValue, pair]) }
                let key = String(kv[0]), value = percentDecoded(kv[1])
                guard ["sslmode", "sslrootcert", "host", "port", "dbname", "user"].contains(key) else {
                    if key == "password" { throw passwordOnCommandLine }
                    throw CentralError.settings(Language.en[.centralAddressSettingNotAllowed, key])
                }
                values[key] = value
            }
            rest = rest[..<q]
        }
        if let slash = rest.firstIndex(of: "/") {
            let db = percentDecoded(rest[rest.index(after: slash)...])
            if !db.isEmpty { values["dbname"] = db }
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            if userinfo.contains(":") { throw passwordOnCommandLine }
            if !userinfo.isEmpty { values["user"] = percentDecoded(userinfo) }
            rest = rest[rest.index(after: at)...]
        }
        var host = rest
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw CentralError.settings(Language.en[.centralAddressUnclosedBracket, text]) }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { values["port"] = String(after.dropFirst()) }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            values["port"] = String(host[host.index(after: colon)...])
            host = host[..<colon]
        }
        if !host.isEmpty { values["host"] = percentDecoded(host) }
        return values
    }

    static let passwordOnCommandLine = CentralError.settings(Language.en[.centralPasswordInAddress])

    static func percentDecoded<S: StringProtocol>(_ s: S) -> String {
        var out: [UInt8] = []
        var bytes = Array(s.utf8)[...]
        while let c = bytes.first {
            bytes = bytes.dropFirst()
            if c == UInt8(ascii: "%"), bytes.count >= 2,
               let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v); bytes = bytes.dropFirst(2)
            } else { out.append(c) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A settings file: `key = value` lines, `#` comments. It may hold a password, so it must be
    /// a regular file of this user (or root), readable by its owner only.
    public static func readConfigFile(_ path: String) throws(CentralError) -> [String: String] {
        let text = try readPrivateFile(path, what: .centralSettingsFile)
        var values: [String: String] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw CentralError.settings(Language.en[.centralConfigLineNotKeyValue, path, n + 1, line])
            }
            let key = line[..<eq].trimmingSpaces, value = line[line.index(after: eq)...].trimmingSpaces
            guard configKeys.contains(key) else {
                throw CentralError.settings(Language.en[.centralConfigUnknownSetting, path, n + 1, key, configKeys.joined(separator: ", ")])
            }
            values[key] = value
        }
        return values
    }

    /// The contents of a file that holds a secret: refused when others may read or change it.
    static func readPrivateFile(_ path: String, what: TextKey) throws(CentralError) -> String {
        func refused(_ problem: PrivateFile.Problem) -> CentralError {
            let file = Language.en[what]
            switch problem {
            case .cannotOpen(let e):
                return .settings(Language.en[.centralPrivateFileCannotBeOpened, file, path, String(cString: strerror(e))])
            case .notARegularFile: return .settings(Language.en[.centralPrivateFileNotRegular, file, path])
            case .ownedByAnother(let owner, _): return .settings(Language.en[.centralPrivateFileOwnedByOther, file, path, owner])
            case .openToOthers(let mode):
                return .settings(Language.en[.centralPrivateFileOpenToOthers, file, path, PrivateFile.Problem.octal(mode)])
            case .tooLarge: return .settings(Language.en[.centralPrivateFileTooLarge, file, path])
            case .readFailed(let e):
                return .settings(Language.en[.centralPrivateFileCannotBeRead, file, path, String(cString: strerror(e))])
            }
        }
        let bytes: [UInt8]?
        do { bytes = try PrivateFile.read(path, limit: 1 << 20, followLinks: false) } catch { throw refused(error) }
        guard let bytes else { throw refused(.cannotOpen(errno: ENOENT)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// libpq's password file (`hostname:port:database:username:password`, `*` matches anything).
    static func passwordFromFile(_ s: CentralSettings, environment: [String: String]) throws(CentralError) -> String? {
        let path: String
        if let p = environment["PGPASSFILE"], !p.isEmpty {
            // As in libpq, a password file that is not there is no error.
            guard access(p, F_OK) == 0 else { return nil }
            path = p
        } else if let home = environment["HOME"], access(home + "/.pgpass", F_OK) == 0 {
            path = home + "/.pgpass"
        } else {
            return nil
        }
        let text = try readPrivateFile(path, what: .centralPasswordFile)
        let hostField = s.isUnixSocket ? "localhost" : s.host
        for raw in text.split(separator: "\n") {
            if raw.hasPrefix("#") { continue }
            var fields: [String] = [], current = "", escaped = false
            for c in raw {
                if escaped { current.append(c); escaped = false } else if c == "\\" { escaped = true }
                else if c == ":" && fields.count < 4 { fields.append(current); current = "" } else { current.append(c) }
            }
            fields.append(current)
            guard fields.count == 5 else { continue }
            func match(_ f: String, _ v: String) -> Bool { f == "*" || f == v }
            if match(fields[0], hostField) && match(fields[1], String(s.port)) && match(fields[2], s.database) && match(fields[3], s.user) {
                return fields[4]
            }
        }
        return nil
    }

    static func loginName() -> String? {
        guard let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// A problem with the central store, said plainly.
public enum CentralError: Error, CustomStringConvertible, Sendable {
    /// Wrong or unsafe settings: fix and run again.
    case settings(String)
    /// The server cannot be reached (or went away): try again later.
    case unreachable(String)
    /// The server refused or failed a statement.
    case server(String)
    /// A local file (the high-water mark, the lock) could not be used.
    case local(String)

    public var description: String {
        switch self {
        case .settings(let s): return Language.en[.centralErrorSettings, s]
        case .unreachable(let s): return Language.en[.centralErrorUnreachable, s]
        case .server(let s): return Language.en[.centralErrorServer, s]
        case .local(let s): return s
        }
    }

    /// Worth trying again after a pause.
    public var isTransient: Bool {
        if case .unreachable = self { return true }
        return false
    }
}

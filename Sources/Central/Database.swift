#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to the central store, with errors turned into plain sentences.
public final class CentralDatabase: @unchecked Sendable {
    public let settings: CentralSettings
    let connection: PostgresConnection
    let logger: Logger

    init(settings: CentralSettings, connection: PostgresConnection, logger: Logger) {
        self.settings = settings; self.connection = connection; self.logger = logger
    }

    /// Connects, with TLS as the settings say (checked first: see `CentralSettings.checkTransport`).
    public static func connect(_ settings: CentralSettings, timeoutSeconds: Int64 = 10) async throws(CentralError) -> CentralDatabase {
        try settings.checkTransport()
        var logger = Logger(label: "routewijzer.central")
        logger.logLevel = .critical
        var configuration: PostgresConnection.Configuration
        if settings.isUnixSocket {
            configuration = .init(unixSocketPath: settings.socketPath, username: settings.user,
                                  password: settings.password, database: settings.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch settings.sslMode {
            case .disable:
                tls = .disable
            case .require, .verifyFull:
                var t = TLSConfiguration.makeClientConfiguration()
                t.minimumTLSVersion = .tlsv12
                if settings.sslMode == .require {
                    t.certificateVerification = .none
                } else {
                    t.certificateVerification = .fullVerification
                    if let root = settings.sslRootCert { t.trustRoots = .file(root) }
                }
                do {
                    tls = .require(try NIOSSLContext(configuration: t))
                } catch {
                    throw CentralError.settings("TLS could not be set up (sslrootcert \(settings.sslRootCert ?? "system")): \(error)")
                }
            }
            let host = settings.host.hasPrefix("[") ? String(settings.host.dropFirst().dropLast()) : settings.host
            configuration = .init(host: host, port: settings.port, username: settings.user,
                                  password: settings.password, database: settings.database, tls: tls)
            if settings.sslMode == .verifyFull { configuration.options.tlsServerName = host }
        }
        configuration.options.connectTimeout = .seconds(timeoutSeconds)
        do {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger)
            return CentralDatabase(settings: settings, connection: connection, logger: logger)
        } catch {
            throw Self.describe(error, settings: settings)
        }
    }

    public func close() async {
        try? await connection.close()
    }

    /// Runs a statement; returns the number of rows it affected (from the command tag), if any.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws(CentralError) -> Int? {
        do {
            let future: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
            return try await future.get().metadata.rows
        } catch {
            throw Self.describe(error, settings: settings)
        }
    }

    /// Runs a query and hands every row to `body`.
    public func rows(_ query: PostgresQuery, _ body: (PostgresRow) throws -> Void) async throws(CentralError) {
        do {
            let rows = try await connection.query(query, logger: logger)
            for try await row in rows { try body(row) }
        } catch let e as CentralError {
            throw e
        } catch {
            throw Self.describe(error, settings: settings)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: (CentralDatabase) async throws(CentralError) -> T) async throws(CentralError) -> T {
        try await execute("BEGIN")
        do throws(CentralError) {
            let value = try await body(self)
            try await execute("COMMIT")
            return value
        } catch {
            if !error.isTransient { _ = try? await execute("ROLLBACK") }
            throw error
        }
    }

    /// Streams rows into `table` with COPY (text format) in one statement.
    func copy(into table: String, columns: [String], _ produce: (inout ByteBuffer) -> Bool) async throws(CentralError) {
        do {
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                var more = true
                while more {
                    var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
                    while more && buffer.readableBytes < 1 << 20 { more = produce(&buffer) }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                }
            }
        } catch {
            throw Self.describe(error, settings: settings)
        }
    }

    // MARK: Errors

    /// SQLSTATE classes and codes after which trying again may work.
    static func transient(sqlState: String) -> Bool {
        sqlState.hasPrefix("08") || sqlState.hasPrefix("53") || sqlState.hasPrefix("57P")
            || sqlState == "40001" || sqlState == "40P01"
    }

    /// A plain sentence for any error of the client or the server, never with the password.
    public static func describe(_ error: any Error, settings: CentralSettings) -> CentralError {
        if let e = error as? CentralError { return e }
        let target = settings.displayName
        if let e = error as? PSQLError {
            if let info = e.serverInfo {
                let state = info[.sqlState] ?? "?"
                var text = "\(info[.message] ?? "error") (SQLSTATE \(state))"
                if let detail = info[.detail] { text += ": \(detail)" }
                if let hint = info[.hint] { text += " Hint: \(hint)" }
                switch state {
                case "42P01", "3F000":
                    return .server(text + ". Has the schema been created? Run `routewijzer db migrate` as the owner of the database.")
                case "42501":
                    return .server(text + ". The role \(settings.user) lacks this permission (see docs/deployment.md, roles).")
                case "28P01", "28000":
                    return .server("\(target) refused the login of \(settings.user): \(text)")
                default:
                    return transient(sqlState: state) ? .unreachable("\(target): \(text)") : .server(text)
                }
            }
            switch e.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
                let why = e.underlying.map { Self.plain($0) } ?? "the connection was closed"
                return .unreachable("\(target): \(why)")
            case .sslUnsupported:
                return .server("\(target) does not offer TLS, and TLS is required here (sslmode=\(settings.sslMode.rawValue)).")
            case .authMechanismRequiresPassword:
                return .settings("\(target) asks a password for \(settings.user); give it in the settings file (mode 0600), PGPASSWORD or ~/.pgpass.")
            case .failedToAddSSLHandler:
                return .settings("TLS could not be started with \(target).")
            default:
                if let u = e.underlying { return .unreachable("\(target): \(Self.plain(u))") }
                return .server("\(target): \(e.code)")
            }
        }
        if let e = error as? NIOSSLError { return .server("TLS with \(target) failed: \(e)") }
        if error is CancellationError { return .unreachable("\(target): cancelled") }
        return .unreachable("\(target): \(Self.plain(error))")
    }

    static func plain(_ error: any Error) -> String {
        if let e = error as? IOError { return e.description }
        if let e = error as? NIOSSLError { return "TLS: \(e)" }
        if let e = error as? BoringSSLError { return "TLS: \(e)" }
        if error is ChannelError { return "\(error)" }
        return String(describing: error)
    }
}

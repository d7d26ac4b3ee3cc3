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
import RouteCatalog
import Synchronization

/// One connection to the central store, with errors turned into plain sentences.
public final class CentralDatabase: @unchecked Sendable {
    public let settings: CentralSettings
    let connection: PostgresConnection
    let logger: Logger
    /// The longest a statement (or a COPY) may go without an answer before the connection is
    /// dropped and the call fails as temporary, so that a retry starts afresh; nil: no limit.
    /// Without it, a connection that dies in the middle of a COPY can leave the caller waiting
    /// for ever with no socket left to wake it.
    public var deadline: Double?

    init(settings: CentralSettings, connection: PostgresConnection, logger: Logger) {
        self.settings = settings; self.connection = connection; self.logger = logger
    }

    /// Connects, with TLS as the settings say (checked first: see `CentralSettings.checkTransport`).
    public static func connect(_ settings: CentralSettings, timeoutSeconds: Int64 = 10, deadline: Double? = nil) async throws(CentralError) -> CentralDatabase {
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
                    throw CentralError.settings(Language.en[.centralTLSSetupFailed, settings.sslRootCert ?? Language.en[.centralSystemTrustRoots], "\(error)"])
                }
            }
            let host = settings.host.hasPrefix("[") ? String(settings.host.dropFirst().dropLast()) : settings.host
            configuration = .init(host: host, port: settings.port, username: settings.user,
                                  password: settings.password, database: settings.database, tls: tls)
            if settings.sslMode == .verifyFull { configuration.options.tlsServerName = host }
        }
        configuration.options.connectTimeout = .seconds(timeoutSeconds)
        let start = configuration
        let connectLogger = logger
        do {
            // The TCP connect has its own timeout; the start-up and authentication after it get
            // the same deadline as the connect plus the statements' deadline.
            let connection = try await Self.within(deadline.map { $0 + Double(timeoutSeconds) }, settings: settings, onTimeout: {}) {
                try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: start, id: 1, logger: connectLogger)
            }
            let db = CentralDatabase(settings: settings, connection: connection, logger: logger)
            db.deadline = deadline
            return db
        } catch {
            throw Self.describe(error, settings: settings)
        }
    }

    /// Closes the connection; a connection that does not answer the goodbye within a few seconds
    /// is left to the kernel.
    /// Connects, runs `body`, and closes the connection whether `body` succeeds or throws.
    public static func using<T>(_ settings: CentralSettings,
                                _ body: (CentralDatabase) async throws(CentralError) -> T) async throws(CentralError) -> T {
        let db = try await connect(settings)
        do throws(CentralError) {
            let result = try await body(db)
            await db.close()
            return result
        } catch {
            await db.close()
            throw error
        }
    }

    public func close() async {
        let connection = self.connection
        _ = try? await Self.within(deadline.map { min($0, 5) }, settings: settings, onTimeout: {}) {
            try await connection.close()
        }
    }

    /// Runs `body`; after `seconds` without its answer, calls `onTimeout` (which drops the
    /// connection) and throws a temporary error instead. `body` runs in a task of its own, so that
    /// a continuation the client never resumes cannot hold the caller.
    static func within<T: Sendable>(
        _ seconds: Double?, settings: CentralSettings, onTimeout: @escaping @Sendable () -> Void,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let seconds else { return try await body() }
        let race = DeadlineRace<T>()
        let name = settings.displayName
        return try await withCheckedThrowingContinuation { continuation in
            race.waiting.withLock { $0 = continuation }
            let timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                guard !Task.isCancelled else { return }
                if race.finish(.failure(CentralError.unreachable(Language.en[.centralNoAnswerInTime, name, Int(seconds)]))) {
                    onTimeout()
                }
            }
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                timer.cancel()
                _ = race.finish(result)
            }
        }
    }

    /// `body` within the deadline; on a timeout the connection is closed without waiting.
    func bounded<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let connection = self.connection
        return try await Self.within(deadline, settings: settings, onTimeout: { connection.close().whenComplete { _ in } }) {
            try await body(connection)
        }
    }

    /// Runs a statement; returns the number of rows it affected (from the command tag), if any.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws(CentralError) -> Int? {
        do {
            let logger = self.logger
            return try await bounded { connection in
                let future: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
                return try await future.get().metadata.rows
            }
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

    /// Streams rows (COPY text format) into `table` in one statement, in pieces of 1 MiB.
    func copy(into table: String, columns: [String], _ rows: [UInt8]) async throws(CentralError) {
        do {
            let logger = self.logger
            try await bounded { connection in
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    var offset = 0
                    while offset < rows.count {
                        let n = min(rows.count - offset, 1 << 20)
                        var buffer = ByteBufferAllocator().buffer(capacity: n)
                        rows.withUnsafeBytes { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
                        try await writer.write(buffer)
                        offset += n
                    }
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
                var text = "\(info[.message] ?? Language.en[.centralServerErrorUnnamed]) (SQLSTATE \(state))"
                if let detail = info[.detail] { text += ": \(detail)" }
                if let hint = info[.hint] { text = Language.en[.centralServerHint, text, hint] }
                switch state {
                case "42P01", "3F000":
                    return .server(Language.en[.centralSchemaNotCreated, text])
                case "42501":
                    return .server(Language.en[.centralRoleLacksPermission, text, settings.user])
                case "28P01", "28000":
                    return .server(Language.en[.centralLoginRefused, target, settings.user, text])
                default:
                    return transient(sqlState: state) ? .unreachable("\(target): \(text)") : .server(text)
                }
            }
            switch e.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
                let why = e.underlying.map { Self.plain($0) } ?? Language.en[.centralConnectionClosed]
                return .unreachable("\(target): \(why)")
            case .sslUnsupported:
                return .server(Language.en[.centralNoTLSOffered, target, settings.sslMode.rawValue])
            case .authMechanismRequiresPassword:
                return .settings(Language.en[.centralPasswordAsked, target, settings.user])
            case .failedToAddSSLHandler:
                return .settings(Language.en[.centralTLSNotStarted, target])
            default:
                if let u = e.underlying { return .unreachable("\(target): \(Self.plain(u))") }
                return .server("\(target): \(e.code)")
            }
        }
        if let e = error as? NIOSSLError { return .server(Language.en[.centralTLSFailed, target, "\(e)"]) }
        if error is CancellationError { return .unreachable("\(target): \(Language.en[.centralCancelled])") }
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

/// Whichever finishes first, the call or its timer, resumes the caller; the other is ignored.
final class DeadlineRace<T: Sendable>: Sendable {
    let waiting = Mutex<CheckedContinuation<T, any Error>?>(nil)
    /// True for the first to finish.
    func finish(_ result: Result<T, any Error>) -> Bool {
        guard let c = waiting.withLock({ w -> CheckedContinuation<T, any Error>? in defer { w = nil }; return w }) else { return false }
        c.resume(with: result)
        return true
    }
}

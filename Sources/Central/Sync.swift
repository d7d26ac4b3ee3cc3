#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import PostgresNIO
import RouteCatalog
import SessionLog

/// Ships what the central store lacks from one data directory: at-least-once delivery (a high-water
/// mark per log file, advanced only after the database committed) into an idempotent store (the
/// session id is the key; `INSERT … ON CONFLICT DO NOTHING`), so every acknowledged record ends
/// up there exactly once, whatever is killed when.
///
/// The kiosk is never held up: the log's lock is taken shared only for the moment it takes to see
/// how long the log is (so a record that a writer is still writing, or will cut off again after a
/// failed fsync, is never shipped), never while talking to the network.
public struct Shipper {
    public struct Options: Sendable {
        /// Records per transaction.
        public var batchSize = 5_000
        /// Attempts after the first when the server cannot be reached.
        public var retries = 6
        /// First pause before trying again (doubles each time, up to `maxBackoff`), seconds.
        public var backoff = 0.5
        public var maxBackoff = 30.0
        /// Seconds a statement or a batch's COPY may take before the connection is dropped and
        /// the batch tried again (`CentralDatabase.deadline`).
        public var statementTimeout = 60.0
        public var shipContacts = false
        public init() {}
    }

    /// What one run shipped.
    public struct Report: Sendable, Equatable {
        public var sessionsSent = 0
        /// New in the central store (the rest were there already, or were erased or purged there).
        public var sessionsAdded = 0
        public var contactsSent = 0
        public var contactsAdded = 0
        public var damaged: [String] = []
        public var warnings: [String] = []
        public var retries = 0
    }

    public let directory: DataDirectory
    public let settings: CentralSettings
    public var options: Options
    /// Progress and retry messages (stderr in the command).
    public var say: @Sendable (String) -> Void = { _ in }

    public init(directory: DataDirectory, settings: CentralSettings, options: Options = Options()) {
        self.directory = directory; self.settings = settings; self.options = options
    }

    enum Log: String, CaseIterable {
        case sessions, contacts
        var fileName: String { self == .sessions ? DataDirectory.sessionsFile : DataDirectory.contactsFile }
    }

    /// One run: everything the logs hold now. Throws `.unreachable` when the server stayed away
    /// through all retries (nothing is lost: the next run continues from the mark).
    public func run() async throws(CentralError) -> Report? {
        guard let lock = try SyncLock(directory: directory) else { return nil }
        defer { withExtendedLifetime(lock) {} }
        var (state, warning) = SyncState.load(from: directory)
        var report = Report()
        if let warning { report.warnings.append(warning); say(warning) }
        var attempt = 0
        while true {
            do throws(CentralError) {
                let db = try await CentralDatabase.connect(settings, deadline: options.statementTimeout)
                do throws(CentralError) {
                    try await prepare(db)
                    for log in Log.allCases where log == .sessions || options.shipContacts {
                        try await ship(log, db: db, state: &state, report: &report, progress: { attempt = 0 })
                    }
                } catch {
                    await db.close()
                    throw error
                }
                await db.close()
                return report
            } catch where error.isTransient && attempt < options.retries {
                let pause = min(options.maxBackoff, options.backoff * Double(1 << min(attempt, 20))) * Double.random(in: 0.8...1.2)
                attempt += 1
                report.retries += 1
                say(Language.nl[.syncRetry, error.description, Self.seconds(pause), attempt + 1, options.retries + 1])
                try? await Task.sleep(nanoseconds: UInt64(pause * 1e9))
            }
        }
    }

    static func seconds(_ s: Double) -> String {
        s < 10 ? "\(Double(Int(s * 10)) / 10) s" : "\(Int(s)) s"
    }

    /// Temporary tables the batches are copied into (this connection only; emptied at each commit).
    func prepare(_ db: CentralDatabase) async throws(CentralError) {
        try await db.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS rw_ship_sessions (
              id uuid, started_at timestamptz, ended_at timestamptz, channel text, event text,
              catalogue_version text, catalogue_sha256 text, language text, outcome text, contact_left boolean,
              answers jsonb, routes jsonb, record_schema smallint, line int) ON COMMIT DELETE ROWS
            """)
        if options.shipContacts {
            try await db.execute("""
                CREATE TEMPORARY TABLE IF NOT EXISTS rw_ship_contacts (
                  session uuid, consented_at timestamptz, retain_until timestamptz, record jsonb) ON COMMIT DELETE ROWS
                """)
        }
    }

    /// The log as writers have acknowledged it: opened and measured under the writers' lock
    /// (shared, for a moment), so the length is at a record boundary.
    struct Snapshot { var fd: Int32; var device: UInt64; var inode: UInt64; var size: Int64 }

    func snapshot(_ name: String) throws(CentralError) -> Snapshot? {
        let lockFD = open(directory.lockPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if lockFD >= 0 {
            while flock(lockFD, LOCK_SH) != 0 {
                if errno != EINTR { let e = errno; close(lockFD); throw CentralError.local(Language.en[.centralCannotBeLocked, directory.lockPath, String(cString: strerror(e))]) }
            }
        }
        defer { if lockFD >= 0 { close(lockFD) } }   // closing releases the lock
        let path = directory.file(name)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw CentralError.local(Language.en[.centralCannotBeRead, path, String(cString: strerror(errno))])
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { close(fd); throw CentralError.local("\(path): \(String(cString: strerror(errno))).") }
        return Snapshot(fd: fd, device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size))
    }

    func ship(_ log: Log, db: CentralDatabase, state: inout SyncState, report: inout Report, progress: () -> Void) async throws(CentralError) {
        guard let snap = try snapshot(log.fileName) else { return }
        defer { close(snap.fd) }
        var start: Int64 = 0
        if let mark = state.files[log.fileName], mark.device == snap.device, mark.inode == snap.inode, mark.offset <= snap.size {
            start = mark.offset
        } else if state.files[log.fileName] != nil {
            say("\(log.fileName) is rewritten (purge or forget) since the last sync: shipping it from the start; sessions already there are kept once.")
        }
        var reader = SegmentReader(fd: snap.fd, from: start, to: snap.size)
        let decoder = RecordLineDecoder()
        while true {
            var batch = BatchBuffer()
            var end = reader.position
            var count = 0
            while count < options.batchSize, let (line, offset) = try reader.next() {
                end = reader.position
                let ok = line.withUnsafeBytes { line in
                    switch log {
                    case .sessions: return batch.addSession(line, decoder: decoder)
                    case .contacts: return batch.addContact(line)
                    }
                }
                if ok { count += 1 } else {
                    let why = batch.lastProblem ?? "unreadable"
                    let text = "\(directory.file(log.fileName)) (byte \(offset)): \(why); not shipped"
                    report.damaged.append(text)
                    say(bothLanguages(.readDamagedLine) + ": " + text)
                }
            }
            if count == 0 && end == start { break }
            if count > 0 {
                let added = try await db.transaction { db throws(CentralError) -> Int in
                    switch log {
                    case .sessions:
                        try await db.copy(into: "rw_ship_sessions", columns: BatchBuffer.sessionColumns, batch.bytes)
                        return try await db.execute("""
                            INSERT INTO routewijzer.sessions (id, started_at, ended_at, channel, event, catalogue_version,
                              catalogue_sha256, language, outcome, contact_left, answers, routes, record_schema)
                            SELECT id, started_at, ended_at, channel, event, catalogue_version, catalogue_sha256, language,
                              outcome, contact_left, answers, routes, record_schema FROM rw_ship_sessions ORDER BY line ON CONFLICT DO NOTHING
                            """) ?? 0
                    case .contacts:
                        try await db.copy(into: "rw_ship_contacts", columns: BatchBuffer.contactColumns, batch.bytes)
                        return try await db.execute("""
                            INSERT INTO routewijzer.contacts (session, consented_at, retain_until, record)
                            SELECT session, consented_at, retain_until, record FROM rw_ship_contacts ON CONFLICT DO NOTHING
                            """) ?? 0
                    }
                }
                switch log {
                case .sessions: report.sessionsSent += count; report.sessionsAdded += added
                case .contacts: report.contactsSent += count; report.contactsAdded += added
                }
            }
            // Committed (or only damaged lines): the mark moves past these lines.
            if end != start {
                state.files[log.fileName] = SyncState.Mark(device: snap.device, inode: snap.inode, offset: end)
                try state.save(to: directory)
                progress()
                start = end
            }
            if reader.atEnd { break }
        }
        if state.files[log.fileName]?.inode != snap.inode || state.files[log.fileName]?.device != snap.device {
            // An empty (or only unfinished) log: remember the file, so a rewrite is seen next time.
            state.files[log.fileName] = SyncState.Mark(device: snap.device, inode: snap.inode, offset: start)
            try state.save(to: directory)
        }
    }
}

/// Complete lines of a file between two offsets, read in large chunks with pread.
struct SegmentReader {
    let fd: Int32
    let limit: Int64
    /// File offset of the next line.
    private(set) var position: Int64
    private var buffer: [UInt8] = []
    private var bufferStart: Int64
    private var cursor = 0
    private var eof = false

    init(fd: Int32, from: Int64, to limit: Int64) {
        self.fd = fd; self.position = from; self.bufferStart = from; self.limit = limit
    }

    var atEnd: Bool { eof && cursor >= buffer.count || position >= limit }

    /// The next complete line (without `\n`) and its offset; nil at the end (an unfinished last
    /// line is left for a later run).
    mutating func next() throws(CentralError) -> (ArraySlice<UInt8>, Int64)? {
        while true {
            let start = cursor
            let nl: Int? = buffer.withUnsafeBytes { raw in
                guard start < raw.count, let hit = memchr(raw.baseAddress! + start, 0x0A, raw.count - start) else { return nil }
                return raw.baseAddress!.distance(to: UnsafeRawPointer(hit))
            }
            if let nl {
                let offset = bufferStart + Int64(cursor)
                let line = buffer[cursor..<nl]
                cursor = nl + 1
                position = bufferStart + Int64(cursor)
                return (line, offset)
            }
            if eof { return nil }
            // Keep the partial line, read more.
            buffer.removeSubrange(0..<cursor)
            bufferStart += Int64(cursor)
            cursor = 0
            let want = Int(min(Int64(1 << 20), limit - (bufferStart + Int64(buffer.count))))
            if want <= 0 { eof = true; continue }
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: want))
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress! + old, want, off_t(bufferStart + Int64(old)))
            }
            if n < 0 {
                if errno == EINTR { buffer.removeSubrange(old...); continue }
                throw CentralError.local(Language.en[.centralReadingLogFailed, String(cString: strerror(errno))])
            }
            buffer.removeSubrange((old + n)...)
            if n == 0 { eof = true }
        }
    }
}

/// Rows for COPY … FROM STDIN (text format), built straight from the log lines: the raw JSON of
/// `answers` and `routes` goes in as it is (the database parses it into jsonb).
struct BatchBuffer {
    static let sessionColumns = ["id", "started_at", "ended_at", "channel", "event", "catalogue_version",
                                 "catalogue_sha256", "language", "outcome", "contact_left", "answers", "routes", "record_schema", "line"]
    static let contactColumns = ["session", "consented_at", "retain_until", "record"]

    var bytes: [UInt8] = []
    var lines = 0
    var lastProblem: String?

    mutating func addSession(_ line: UnsafeRawBufferPointer, decoder: RecordLineDecoder) -> Bool {
        let record: OutcomeRecord
        switch decoder.decode(line) {
        case .success(let r): record = r
        case .failure(let p): lastProblem = p.reason; return false
        }
        guard let raw = RecordLineDecoder.rawValues(line, keys: ["answers", "routes"]), let a = raw[0], let r = raw[1] else {
            lastProblem = "answers or routes missing"; return false
        }
        text(record.id.uuidString.lowercased()); tab()
        text(record.startedAt.iso8601); tab()
        text(record.endedAt.iso8601); tab()
        text(record.channel.rawValue); tab()
        if let e = record.event { text(e) } else { bytes += [0x5C, 0x4E] }; tab()
        text(record.catalogueVersion); tab()
        text(record.catalogueSHA256); tab()
        text(record.language); tab()
        text(record.outcome.rawValue); tab()
        switch record.contactLeft {
        case true?: text("t")
        case false?: text("f")
        case nil: bytes += [0x5C, 0x4E]
        }
        tab()
        escaped(UnsafeRawBufferPointer(rebasing: line[a])); tab()
        escaped(UnsafeRawBufferPointer(rebasing: line[r])); tab()
        text(String(record.schema)); tab()
        // Its place in the batch: the store numbers sessions (seq) in the order of the log.
        text(String(lines))
        lines += 1
        bytes.append(0x0A)
        return true
    }

    struct ContactKey: Decodable {
        var session: UUID
        var consentedAt: UTCTime
        var retainUntil: UTCTime
    }

    mutating func addContact(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let key = try? JSONDecoder().decode(ContactKey.self, from: Data(line)) else {
            lastProblem = "not a contact record (session, consentedAt, retainUntil)"; return false
        }
        text(key.session.uuidString.lowercased()); tab()
        text(key.consentedAt.iso8601); tab()
        text(key.retainUntil.iso8601); tab()
        escaped(line)
        bytes.append(0x0A)
        return true
    }

    @inline(__always) mutating func tab() { bytes.append(0x09) }

    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { escaped(UnsafeRawBufferPointer($0)) }
    }

    /// COPY text format: backslash, newline, carriage return and tab escaped.
    mutating func escaped(_ raw: UnsafeRawBufferPointer) {
        for c in raw {
            switch c {
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            default: bytes.append(c)
            }
        }
    }
}

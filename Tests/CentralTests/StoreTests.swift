import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
import Central
import SessionLog

// The central store on a real PostgreSQL: the schema, the roles' privileges, shipping, erasure
// and retention reaching it, and export/report from it matching the files.
@Suite(.enabled(if: PostgresInstall.available, PostgresInstall.skipReason))
struct StoreTests {
    @Test func migrateCreatesTheSchemaOnceAndSaysSo() async throws {
        let server = try SharedPostgres.get()
        let name = "m\(UInt32.random(in: 0...UInt32.max))"
        #expect(server.psql("CREATE DATABASE \(name)").status == 0)
        let env = server.environment(database: name)
        let first = run([routewijzer, "db", "migrate"], environment: env, withErrors: true)
        #expect(first.status == 0 && first.output.contains("versie 0 → 2"), "\(first.output)")
        let again = run([routewijzer, "db", "migrate"], environment: env, withErrors: true)
        #expect(again.status == 0 && again.output.contains("al versie 2"), "\(again.output)")
        #expect(server.value("SELECT count(*) FROM routewijzer.schema_version", database: name) == "2")
        let status = run([routewijzer, "db", "status"], environment: env, withErrors: true)
        #expect(status.status == 0 && status.output.contains("schema versie 2"), "\(status.output)")
        // The columns the report's queries use are indexed.
        let indexes = server.psql("SELECT indexname FROM pg_indexes WHERE schemaname = 'routewijzer' ORDER BY 1", database: name).output
        #expect(indexes.contains("sessions_started_at") && indexes.contains("sessions_ended_at") && indexes.contains("contacts_retain_until"))
        // answers and routes are jsonb.
        let types = server.value("SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_schema='routewijzer' AND table_name='sessions' AND data_type='jsonb'", database: name)
        #expect(types == "answers:jsonb,routes:jsonb")
    }

    @Test func aKioskRoleCanAddSessionsAndNothingElse() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dir = scratchDirectory("kiosk")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ids = appendRecords(dir, count: 5)
        let sync = run([routewijzer, "sync", "--data-dir", dir], environment: server.environment(database: name, user: "kiosk_login"), withErrors: true)
        #expect(sync.status == 0 && sync.output.contains("5 sessie(s) toegevoegd"), "\(sync.output)")
        #expect(centralIDs(server, name) == ids.sorted())

        func asRole(_ role: String, _ sql: String) -> (status: Int32, output: String) {
            run([server.bin + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "\(server.port)",
                 "-U", role, "-d", name, "-c", sql], environment: server.environment(database: name, user: role), withErrors: true)
        }
        for sql in ["SELECT count(*) FROM routewijzer.sessions",
                    "UPDATE routewijzer.sessions SET event = 'x'",
                    "DELETE FROM routewijzer.sessions",
                    "SELECT count(*) FROM routewijzer.contacts",
                    "SELECT count(*) FROM routewijzer.erased",
                    "INSERT INTO routewijzer.erased (id) VALUES (gen_random_uuid())"] {
            let r = asRole("kiosk_login", sql)
            #expect(r.status != 0 && r.output.contains("permission denied"), "kiosk: \(sql): \(r.output)")
        }
        // Coordinators read sessions but not contacts, and change nothing.
        #expect(asRole("coordinator_login", "SELECT count(*) FROM routewijzer.sessions").output.hasPrefix("5"))
        #expect(asRole("coordinator_login", "SELECT count(*) FROM routewijzer.contacts").output.contains("permission denied"))
        #expect(asRole("coordinator_login", "DELETE FROM routewijzer.sessions").output.contains("permission denied"))
        // Only advisors read contacts; the steward sees session ids and dates, never names.
        #expect(asRole("advisor_login", "SELECT count(*) FROM routewijzer.contacts").status == 0)
        #expect(asRole("advisor_login", "SELECT count(*) FROM routewijzer.sessions").output.contains("permission denied"))
        #expect(asRole("steward_login", "SELECT record FROM routewijzer.contacts").output.contains("permission denied"))
        #expect(asRole("steward_login", "SELECT answers FROM routewijzer.sessions").output.contains("permission denied"))
        #expect(asRole("steward_login", "SELECT session, retain_until FROM routewijzer.contacts").status == 0)
    }

    @Test func syncShipsWhatIsMissingOnlyAndRemembersWhere() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dir = scratchDirectory("sync")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = server.environment(database: name, user: "kiosk_login")
        var ids = appendRecords(dir, count: 30)
        let first = run([central, "sync", "--data-dir", dir, "--batch-size", "7"], environment: env, withErrors: true)
        #expect(first.status == 0 && first.output.contains("30 sessie(s) toegevoegd"), "\(first.output)")
        let again = run([central, "sync", "--data-dir", dir], environment: env, withErrors: true)
        #expect(again.status == 0 && again.output.contains("0 sessie(s) toegevoegd") && !again.output.contains("waren er al"), "\(again.output)")
        ids += appendRecords(dir, count: 4)
        let more = run([central, "sync", "--data-dir", dir], environment: env, withErrors: true)
        #expect(more.output.contains(": 4 sessie(s) toegevoegd"), "\(more.output)")
        #expect(centralIDs(server, name) == ids.sorted())
        // The mark is at the end of the log, for this very file.
        let state = try JSONDecoder().decode(SyncState.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/sync-state.json")))
        var st = stat()
        stat(dir + "/sessions.jsonl", &st)
        #expect(state.files["sessions.jsonl"] == SyncState.Mark(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), offset: Int64(st.st_size)))
        // Without the mark everything goes again, and the store keeps each session once.
        unlink(dir + "/sync-state.json")
        let over = run([central, "sync", "--data-dir", dir], environment: env, withErrors: true)
        #expect(over.output.contains("0 sessie(s) toegevoegd, 34 waren er al"), "\(over.output)")
        #expect(centralIDs(server, name) == ids.sorted())
        // What arrived is what was written: every field.
        let local = try SessionLogReader(inputs: [dir]).collect()
        let stored = server.psql("""
            SELECT id, started_at AT TIME ZONE 'UTC', channel, coalesce(event, '-'), outcome, answers->>'sector', routes->0->>'id', (routes->0->>'score')
            FROM routewijzer.sessions ORDER BY seq
            """, database: name).output.split(separator: "\n").map(String.init)
        #expect(stored.count == local.count)
        for (row, r) in zip(stored, local) {
            let f = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(f[0] == r.id.uuidString.lowercased())
            #expect(f[1].replacingOccurrences(of: " ", with: "T") + "Z" == r.startedAt.iso8601)
            #expect(f[2] == r.channel.rawValue && f[3] == (r.event ?? "-") && f[4] == r.outcome.rawValue)
            #expect(f[5] == r.answers["sector"]?.description && f[6] == r.routes[0].id && Double(f[7]) == r.routes[0].score)
        }
    }

    @Test func aDamagedLineIsReportedWithItsPlaceAndTheRestIsShipped() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dir = scratchDirectory("damaged")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var ids = appendRecords(dir, count: 2)
        let size = (try FileManager.default.attributesOfItem(atPath: dir + "/sessions.jsonl")[.size] as? Int) ?? 0
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/sessions.jsonl"))
        handle.seekToEndOfFile(); handle.write("{\"id\": \"not a record\"}\n".data(using: .utf8)!); try handle.close()
        ids += appendRecords(dir, count: 2)
        let env = server.environment(database: name, user: "kiosk_login")
        let r = run([central, "sync", "--data-dir", dir], environment: env, withErrors: true)
        #expect(r.status == 0 && r.output.contains("sessions.jsonl (byte \(size))") && r.output.contains("1 beschadigde regel(s) niet verzonden"), "\(r.output)")
        #expect(centralIDs(server, name) == ids.sorted())
        // Said once: the mark is past it.
        let again = run([central, "sync", "--data-dir", dir], environment: env, withErrors: true)
        #expect(!again.output.contains("beschadigde"), "\(again.output)")
    }

    @Test func besideTheKioskItShipsNewSessionsAsTheyCome() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dir = scratchDirectory("every")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sync = spawnBackground([central, "sync", "--data-dir", dir, "--every", "1", "--quiet"],
                                   environment: server.environment(database: name, user: "kiosk_login"), log: dir + "/sync.log")
        defer { kill(sync, SIGTERM); waitFor(sync) }
        var ids: [String] = []
        for _ in 0..<3 {
            ids += appendRecords(dir, count: 2)
            var seen: [String] = []
            for _ in 0..<100 {
                seen = centralIDs(server, name)
                if seen.count == ids.count { break }
                usleep(100_000)
            }
            #expect(seen == ids.sorted())
        }
    }

    @Test func contactsGoOnlyWhenAskedToTheirOwnTable() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dir = scratchDirectory("contacts")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ids = appendRecords(dir, count: 3)
        let store = ContactStore(directory: DataDirectory(path: dir))
        try store.save(ContactRecord(sessionID: UUID(uuidString: ids[0])!, name: "Anna de Vries", email: "anna@example.nl",
                                     purpose: "Een adviseur neemt contact op", consentTextVersion: "1", consentGiven: true, age: 40))
        let env = server.environment(database: name, user: "kiosk_login")
        let plain = run([central, "sync", "--data-dir", dir], environment: env, withErrors: true)
        #expect(plain.status == 0, "\(plain.output)")
        #expect(server.value("SELECT count(*) FROM routewijzer.contacts", database: name) == "0")
        let with = run([central, "sync", "--data-dir", dir, "--contacts"], environment: env, withErrors: true)
        #expect(with.status == 0 && with.output.contains("1 contact(en) toegevoegd"), "\(with.output)")
        #expect(server.value("SELECT record->>'email' FROM routewijzer.contacts", database: name) == "anna@example.nl")
        // Contacts never go into the sessions table.
        #expect(server.value("SELECT count(*) FROM routewijzer.sessions WHERE answers::text LIKE '%anna%'", database: name) == "0")
    }

    @Test func forgetReachesTheStoreAndTheFilesAndTheSessionDoesNotComeBack() async throws {
        let (server, name) = try await SharedPostgres.database()
        let kioskA = scratchDirectory("forget-a"), kioskB = scratchDirectory("forget-b")
        defer { try? FileManager.default.removeItem(atPath: kioskA); try? FileManager.default.removeItem(atPath: kioskB) }
        let ids = appendRecords(kioskA, count: 4)
        let target = ids[2]
        // Kiosk B holds a copy of the same log (as after copying files by hand), not yet shipped.
        try FileManager.default.copyItem(atPath: kioskA + "/sessions.jsonl", toPath: kioskB + "/sessions.jsonl")
        let kiosk = server.environment(database: name, user: "kiosk_login")
        #expect(run([central, "sync", "--data-dir", kioskA, "--contacts"], environment: kiosk).status == 0)
        let code = String(target.prefix(8)).uppercased()
        let forget = run([routewijzer, "forget", code, "--db", "--data-dir", kioskA],
                         environment: server.environment(database: name, user: "steward_login"), withErrors: true)
        #expect(forget.status == 0, "\(forget.output)")
        #expect(forget.output.contains("Centraal (127.0.0.1:\(server.port)/\(name)): 1 sessie(s), 0 contact(en) gewist"), "\(forget.output)")
        #expect(forget.output.contains("Lokaal (\(kioskA))") && forget.output.contains("Gewist: 1 sessie-regel(s)"), "\(forget.output)")
        #expect(!centralIDs(server, name).contains(target))
        #expect(!localIDs(kioskA).contains(target))
        // Kiosk B ships its copy: the erased session stays out.
        let b = run([central, "sync", "--data-dir", kioskB], environment: kiosk, withErrors: true)
        #expect(b.status == 0 && b.output.contains("0 sessie(s) toegevoegd, 4 waren er al"), "\(b.output)")
        #expect(centralIDs(server, name) == ids.filter { $0 != target }.sorted())
        // The rewritten local log is shipped from the start again without bringing anything back.
        let a = run([central, "sync", "--data-dir", kioskA], environment: kiosk, withErrors: true)
        #expect(a.output.contains("rewritten") && a.output.contains("0 sessie(s) toegevoegd, 3 waren er al"), "\(a.output)")
        // An unknown code says where it looked.
        let none = run([routewijzer, "forget", "ABCDEF12", "--db", "--data-dir", kioskA],
                       environment: server.environment(database: name, user: "steward_login"), withErrors: true)
        #expect(none.status == 1 && none.output.contains("No session with code ABCDEF12 in \(kioskA) or in 127.0.0.1"), "\(none.output)")
    }

    @Test func purgeReachesTheStoreAndOldSessionsDoNotComeBack() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dir = scratchDirectory("purge"), other = scratchDirectory("purge-other")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: other) }
        _ = appendRecords(dir, count: 40)
        try FileManager.default.copyItem(atPath: dir + "/sessions.jsonl", toPath: other + "/sessions.jsonl")
        let kiosk = server.environment(database: name, user: "kiosk_login")
        #expect(run([central, "sync", "--data-dir", dir], environment: kiosk).status == 0)
        // Records end between 2026-01-01 and early 2027: keep those that ended in the last `days` days.
        let cutoffDays = Int((Date().timeIntervalSince1970 - 1_767_225_600 - 200 * 86_400) / 86_400)
        let cutoff = Date().timeIntervalSince1970 - Double(cutoffDays) * 86_400
        let old = Int(server.value("SELECT count(*) FROM routewijzer.sessions WHERE extract(epoch FROM ended_at) < \(cutoff)", database: name))!
        #expect(old > 0 && old < 40)
        let steward = server.environment(database: name, user: "steward_login")
        let args = [routewijzer, "purge", "--older-than", "\(cutoffDays)", "--db", "--data-dir", dir]
        // A trial removes nothing anywhere; without a terminal to confirm, --yes is needed.
        let trial = run(args + ["--dry-run"], environment: steward, withErrors: true)
        #expect(trial.status == 0 && trial.output.contains(": \(old) sessie(s) zouden worden verwijderd"), "\(trial.output)")
        let unconfirmed = run(args, environment: steward, withErrors: true)
        #expect(unconfirmed.status == 1 && unconfirmed.output.contains("is --yes nodig") && unconfirmed.output.contains("Niets verwijderd"), "\(unconfirmed.output)")
        #expect(centralIDs(server, name).count == 40 && localIDs(dir).count == 40)
        let purge = run(args + ["--yes"], environment: steward, withErrors: true)
        #expect(purge.status == 0, "\(purge.output)")
        #expect(purge.output.contains("Centraal (127.0.0.1:\(server.port)/\(name)): \(old) sessie(s) verwijderd"), "\(purge.output)")
        #expect(purge.output.contains("Lokaal:") && purge.output.contains("Verwijderd: \(old) sessie(s)"), "\(purge.output)")
        #expect(centralIDs(server, name).count == 40 - old && localIDs(dir).count == 40 - old)
        // Another kiosk's old copies stay out.
        let again = run([central, "sync", "--data-dir", other], environment: kiosk, withErrors: true)
        #expect(again.output.contains("0 sessie(s) toegevoegd, 40 waren er al"), "\(again.output)")
        #expect(centralIDs(server, name).count == 40 - old)
    }

    @Test func exportAndReportFromTheStoreEqualThoseFromTheFiles() async throws {
        let (server, name) = try await SharedPostgres.database()
        let dir = scratchDirectory("readback")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = appendRecords(dir, count: 300)
        #expect(run([central, "sync", "--data-dir", dir], environment: server.environment(database: name, user: "kiosk_login")).status == 0)
        let coordinator = server.environment(database: name, user: "coordinator_login")
        let variants: [[String]] = [
            ["export", "--keep-ids"], ["export", "--format", "json", "--keep-ids"], ["export", "--format", "jsonl", "--keep-ids"],
            ["export", "--keep-ids", "--delimiter", ",", "--no-bom", "--since", "2026-03-01", "--until", "2026-08-31", "--event", "open dag"],
            ["report"], ["report", "--format", "json"], ["report", "--format", "csv"], ["report", "--since", "2026-05-01"],
        ]
        for v in variants {
            let files = run([routewijzer] + v + ["--data-dir", dir])
            let db = run([routewijzer] + v + ["--db"], environment: coordinator)
            #expect(files.status == 0 && db.status == 0)
            #expect(files.output.count > 100)
            #expect(files.output == db.output, "\(v): differ")
        }
        // Written with -o, byte for byte.
        let a = dir + "/a.csv", b = dir + "/b.csv"
        #expect(run([routewijzer, "export", "--keep-ids", "--data-dir", dir, "-o", a]).status == 0)
        #expect(run([routewijzer, "export", "--keep-ids", "--db", "-o", b], environment: coordinator).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
        // The HTML page too.
        let pageFiles = dir + "/files.html", pageDB = dir + "/db.html"
        #expect(run([routewijzer, "report", "--html", pageFiles, "--data-dir", dir]).status == 0)
        #expect(run([routewijzer, "report", "--html", pageDB, "--db"], environment: coordinator).status == 0)
        let page = try Data(contentsOf: URL(fileURLWithPath: pageFiles))
        let pageFromStore = try Data(contentsOf: URL(fileURLWithPath: pageDB))
        #expect(page.count > 1000 && page == pageFromStore)
        // A kiosk's role cannot read the store back.
        let kiosk = run([routewijzer, "export", "--db"], environment: server.environment(database: name, user: "kiosk_login"), withErrors: true)
        #expect(kiosk.status == 1 && kiosk.output.contains("permission denied"), "\(kiosk.output)")
    }

    @Test func aPasswordOnTheCommandLineIsRefusedBeforeAnythingHappens() async throws {
        let r = run([routewijzer, "sync", "--from", "postgres://kiosk1:geheim@127.0.0.1:1/rw"], withErrors: true)
        #expect(r.status == 1 && r.output.contains("does not belong in the address"), "\(r.output)")
        let remote = run([routewijzer, "sync", "--from", "postgres://kiosk1@db.example.nl/rw?sslmode=disable"], withErrors: true)
        #expect(remote.status == 1 && remote.output.contains("sslmode=verify-full"), "\(remote.output)")
    }

    @Test func tlsWithTheServersCertificateCheckedAndAWrongOneRefused() async throws {
        let (server, name) = try await SharedPostgres.database()
        try #require(server.hasTLS, "openssl could not make a certificate")
        let dir = scratchDirectory("tls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = appendRecords(dir, count: 3)
        var env = server.environment(database: name, user: "kiosk_login")
        env["PGHOST"] = "localhost"; env["PGSSLMODE"] = "verify-full"; env["PGSSLROOTCERT"] = server.certificate
        let ok = run([central, "sync", "--data-dir", dir], environment: env, withErrors: true)
        #expect(ok.status == 0 && ok.output.contains("3 sessie(s) toegevoegd"), "\(ok.output)")
        // A certificate from someone else: refused, nothing shipped.
        let other = dir + "/other.crt"
        _ = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                 "-keyout", dir + "/other.key", "-out", other], withErrors: true)
        _ = appendRecords(dir, count: 1)
        env["PGSSLROOTCERT"] = other
        let bad = run([central, "sync", "--data-dir", dir, "--retries", "0"], environment: env, withErrors: true)
        #expect(bad.status != 0 && bad.output.contains("TLS"), "\(bad.output)")
        #expect(server.value("SELECT count(*) FROM routewijzer.sessions", database: name) == "3")
    }

    /// A statement that gets no answer in time fails as temporary (so sync tries again on a new
    /// connection) instead of waiting for ever; the connection is dropped.
    @Test func aStatementWithoutAnAnswerInTimeIsDroppedAsTemporary() async throws {
        let (server, name) = try await SharedPostgres.database()
        let db = try await CentralDatabase.connect(server.settings(database: name), deadline: 1)
        let started = Date()
        do {
            try await db.execute("SELECT pg_sleep(90)")
            Issue.record("a 90 s statement came back within a 1 s deadline")
        } catch {
            #expect(error.isTransient, "\(error)")
            #expect(error.description.contains("no answer in 1 s"), "\(error)")
        }
        // Not a timing test: only that the caller did not wait for the statement's end (a busy
        // machine may take a while to run the timer).
        #expect(Date().timeIntervalSince(started) < 80, "the caller waited for the statement")
        await db.close()
        // Within its deadline a statement is answered as usual.
        let fresh = try await CentralDatabase.connect(server.settings(database: name), deadline: 30)
        #expect(try await fresh.execute("SELECT 1") == 1)
        await fresh.close()
    }

    @Test func aServerThatIsAwayIsRetriedThenReportedAsTemporary() async throws {
        let dir = scratchDirectory("away")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = appendRecords(dir, count: 2)
        var env = ProcessInfo.processInfo.environment
        env["PGPASSWORD"] = "x"; env["PGPASSFILE"] = "/nonexistent"
        let port = try freeLoopbackPort()
        let r = run([central, "sync", "--data-dir", dir, "--from", "postgres://k@127.0.0.1:\(port)/rw", "--retries", "2"], environment: env, withErrors: true)
        #expect(r.status == 75, "\(r.output)")
        #expect(r.output.contains("opnieuw over") && r.output.contains("poging 3 van 3"), "\(r.output)")
        #expect(r.output.contains("Central store unreachable: 127.0.0.1:\(port)/rw"), "\(r.output)")
        #expect(access(dir + "/sync-state.json", F_OK) != 0, "no mark without a commit")
    }
}

extension SessionLogReader {
    func collect() throws -> [OutcomeRecord] {
        var out: [OutcomeRecord] = []
        try read { out.append($0) }
        return out
    }
}

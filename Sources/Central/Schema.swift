import PostgresNIO
import RouteCatalog

/// The central store's schema, in numbered steps. `routewijzer db migrate` applies the steps a
/// database lacks, in one transaction, under an advisory lock (two migrations at once wait for
/// each other); `routewijzer_schema.version` says which are there. A step is never edited once
/// released: a change is a new step.
public enum CentralSchema {
    public static let name = "routewijzer"

    /// The group roles the schema grants to; login roles are made members of them (docs/deployment.md).
    public enum Role: String, CaseIterable, Sendable {
        /// Kiosks and SSH hosts: add sessions (and contacts), nothing else.
        case kiosk = "routewijzer_kiosk"
        /// Coordinators: read sessions.
        case coordinator = "routewijzer_coordinator"
        /// Advisors: read contacts.
        case advisor = "routewijzer_advisor"
        /// Whoever runs forget and purge: find sessions by id and age, and delete them.
        case steward = "routewijzer_steward"
    }

    public struct Step: Sendable {
        public var version: Int
        public var summary: String
        public var statements: [String]
    }

    public static let steps: [Step] = [
        Step(version: 1, summary: "sessions, contacts, erasure and retention, roles", statements: [
            // Group roles, made only when missing. Role names belong to the whole server, and the
            // advisory lock holds only within one database: two databases migrated at once can
            // both find a role missing, so the loser of that race takes the winner's role.
            """
            DO $$
            DECLARE r text;
            BEGIN
              FOREACH r IN ARRAY ARRAY['routewijzer_kiosk','routewijzer_coordinator','routewijzer_advisor','routewijzer_steward'] LOOP
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
                  BEGIN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', r);
                  EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    NULL;
                  END;
                END IF;
              END LOOP;
            END $$
            """,
            """
            CREATE TABLE routewijzer.sessions (
              seq               bigint GENERATED ALWAYS AS IDENTITY,
              id                uuid PRIMARY KEY,
              started_at        timestamptz NOT NULL,
              ended_at          timestamptz NOT NULL,
              channel           text NOT NULL CHECK (channel IN ('kiosk', 'ssh', 'cli')),
              event             text,
              catalogue_version text NOT NULL,
              catalogue_sha256  text NOT NULL,
              language          text NOT NULL,
              outcome           text NOT NULL CHECK (outcome IN ('completed', 'abandoned', 'timedOut')),
              contact_left      boolean,
              answers           jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
              routes            jsonb NOT NULL CHECK (jsonb_typeof(routes) = 'array'),
              record_schema     smallint NOT NULL,
              received_at       timestamptz NOT NULL DEFAULT now()
            )
            """,
            // The report and export select by start time (--since/--until); purge by end time;
            // reading back in the order records arrived.
            "CREATE INDEX sessions_started_at ON routewijzer.sessions (started_at)",
            "CREATE INDEX sessions_ended_at ON routewijzer.sessions (ended_at)",
            "CREATE UNIQUE INDEX sessions_seq ON routewijzer.sessions (seq)",
            """
            CREATE TABLE routewijzer.contacts (
              session      uuid PRIMARY KEY,
              consented_at timestamptz NOT NULL,
              retain_until timestamptz NOT NULL,
              record       jsonb NOT NULL CHECK (jsonb_typeof(record) = 'object'),
              received_at  timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX contacts_retain_until ON routewijzer.contacts (retain_until)",
            // Erased sessions: their random ids only, so a copy still on some kiosk is not taken in again.
            "CREATE TABLE routewijzer.erased (id uuid PRIMARY KEY, erased_at timestamptz NOT NULL DEFAULT now())",
            // Retention: sessions that ended before `before` have been purged and are not taken in again.
            """
            CREATE TABLE routewijzer.retention (
              what   text PRIMARY KEY CHECK (what IN ('sessions')),
              before timestamptz NOT NULL
            )
            """,
            // The guard on every insert, run with the owner's rights (kiosks cannot read these tables).
            """
            CREATE FUNCTION routewijzer.admit_session() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
              IF EXISTS (SELECT 1 FROM routewijzer.erased e WHERE e.id = NEW.id) THEN RETURN NULL; END IF;
              IF EXISTS (SELECT 1 FROM routewijzer.retention r WHERE r.what = 'sessions' AND NEW.ended_at < r.before) THEN
                RETURN NULL;
              END IF;
              RETURN NEW;
            END $$
            """,
            """
            CREATE FUNCTION routewijzer.admit_contact() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
              IF EXISTS (SELECT 1 FROM routewijzer.erased e WHERE e.id = NEW.session) THEN RETURN NULL; END IF;
              IF NEW.retain_until <= now() THEN RETURN NULL; END IF;
              RETURN NEW;
            END $$
            """,
            "REVOKE ALL ON FUNCTION routewijzer.admit_session(), routewijzer.admit_contact() FROM PUBLIC",
            "CREATE TRIGGER sessions_admit BEFORE INSERT ON routewijzer.sessions FOR EACH ROW EXECUTE FUNCTION routewijzer.admit_session()",
            "CREATE TRIGGER contacts_admit BEFORE INSERT ON routewijzer.contacts FOR EACH ROW EXECUTE FUNCTION routewijzer.admit_contact()",
            // Privileges: nothing for PUBLIC; each group role what it needs.
            "REVOKE ALL ON SCHEMA routewijzer FROM PUBLIC",
            "REVOKE ALL ON ALL TABLES IN SCHEMA routewijzer FROM PUBLIC",
            "GRANT USAGE ON SCHEMA routewijzer TO routewijzer_kiosk, routewijzer_coordinator, routewijzer_advisor, routewijzer_steward",
            "GRANT INSERT ON routewijzer.sessions, routewijzer.contacts TO routewijzer_kiosk",
            // Shipping copies into a temporary table first.
            "DO $$ BEGIN EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO routewijzer_kiosk', current_database()); END $$",
            "GRANT SELECT ON routewijzer.sessions TO routewijzer_coordinator",
            "GRANT SELECT ON routewijzer.contacts TO routewijzer_advisor",
            "GRANT SELECT (id, ended_at), DELETE ON routewijzer.sessions TO routewijzer_steward",
            "GRANT SELECT (session, retain_until), DELETE ON routewijzer.contacts TO routewijzer_steward",
            "GRANT SELECT, INSERT, UPDATE ON routewijzer.erased, routewijzer.retention TO routewijzer_steward",
        ]),
        Step(version: 2, summary: "what the report groups sessions by, worked out as they come in", statements: [
            // The report's counts are made by the server, grouping sessions by a few of their
            // values (`StoredTally`). Two of those would take most of its time if every report
            // worked them out from the jsonb again, so the server keeps them beside each session,
            // computed once when it is stored (an existing store is rewritten once, here):
            // the questions answered and the kind of each answer, keys then kinds in one array
            // (["age", "sector", "number", "string"]), and the routes the session fits or nearly
            // fits, best first, ids then fits (["pdg", "kopopleiding", "eligible", "near"]).
            """
            ALTER TABLE routewijzer.sessions
              ADD COLUMN answer_kinds text GENERATED ALWAYS AS (
                (jsonb_path_query_array(answers, '$.keyvalue().key') || jsonb_path_query_array(answers, '$.*.type()'))::text) STORED,
              ADD COLUMN route_fits text GENERATED ALWAYS AS (
                (jsonb_path_query_array(routes, '$[*] ? (@.fit != "notEligible").id')
                 || jsonb_path_query_array(routes, '$[*] ? (@.fit != "notEligible").fit'))::text) STORED
            """,
        ]),
    ]

    public static var latestVersion: Int { steps.last!.version }

    /// What a migration did.
    public struct MigrationResult: Sendable {
        public var from: Int
        public var to: Int
        public var applied: [Step]
    }

    /// Applies every missing step in one transaction.
    public static func migrate(_ db: CentralDatabase) async throws(CentralError) -> MigrationResult {
        try await db.transaction { db throws(CentralError) in
            try await db.execute("SELECT pg_advisory_xact_lock(7232315460123)")
            try await db.execute("CREATE SCHEMA IF NOT EXISTS routewijzer")
            try await db.execute("""
                CREATE TABLE IF NOT EXISTS routewijzer.schema_version (
                  version int PRIMARY KEY, summary text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let current = try await version(db) ?? 0
            if current > latestVersion {
                throw CentralError.server(Language.en[.centralSchemaTooNew, current, latestVersion])
            }
            var applied: [Step] = []
            for step in steps where step.version > current {
                for statement in step.statements {
                    try await db.execute(PostgresQuery(unsafeSQL: statement))
                }
                try await db.execute("INSERT INTO routewijzer.schema_version (version, summary) VALUES (\(step.version), \(step.summary))")
                applied.append(step)
            }
            return MigrationResult(from: current, to: max(current, applied.last?.version ?? current), applied: applied)
        }
    }

    /// The schema version of the database, or nil when there is none.
    public static func version(_ db: CentralDatabase) async throws(CentralError) -> Int? {
        var exists = false
        try await db.rows("SELECT to_regclass('routewijzer.schema_version') IS NOT NULL") { row in
            exists = try row.decode(Bool.self)
        }
        guard exists else { return nil }
        var v: Int?
        try await db.rows("SELECT max(version) FROM routewijzer.schema_version") { row in
            v = try row.decode(Int?.self)
        }
        return v
    }
}

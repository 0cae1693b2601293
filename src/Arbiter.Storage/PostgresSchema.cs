namespace Arbiter.Storage;

/// <summary>
/// The PostgreSQL schema as numbered migrations: version N is <c>Migrations[N - 1]</c>. Never
/// edit a shipped migration; append a new one. Ids sort with the "C" collation so keyset paging
/// and FIFO tie-breaks order bytes exactly as SQLite does.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Key for pg_advisory_xact_lock: one migrator per database at a time ("ARBITER!" in ASCII).</summary>
    public const long MigrationLockKey = 0x4152_4249_5445_5221;

    public const string VersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)";

    public static IReadOnlyList<string[]> Migrations { get; } =
    [
        [
            """
            CREATE TABLE submissions (
                id text COLLATE "C" PRIMARY KEY,
                ticket text NOT NULL,
                kind text NOT NULL,
                language text NOT NULL,
                problem_id text,
                request_json text NOT NULL,
                callback_url text,
                priority integer NOT NULL,
                owner text,
                created_at timestamptz NOT NULL,
                status text NOT NULL CHECK (status IN ('queued','compiling','running','judged','failed')),
                updated_at timestamptz NOT NULL,
                result_json text,
                attempts integer NOT NULL DEFAULT 0,
                lease_owner text,
                lease_expires_at timestamptz
            )
            """,
            "CREATE UNIQUE INDEX ux_submissions_ticket ON submissions (lower(ticket))",
            "CREATE INDEX ix_submissions_queue ON submissions (priority DESC, created_at, id) WHERE status IN ('queued','compiling','running')",
            "CREATE INDEX ix_submissions_created ON submissions (created_at DESC, id DESC)",
            "CREATE INDEX ix_submissions_owner ON submissions (owner, created_at DESC, id DESC)",
            "CREATE INDEX ix_submissions_problem ON submissions (problem_id, created_at DESC, id DESC)",
            """
            CREATE TABLE submission_history (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                submission_id text COLLATE "C" NOT NULL REFERENCES submissions (id),
                status text NOT NULL,
                at timestamptz NOT NULL,
                worker_id text,
                detail text
            )
            """,
            "CREATE INDEX ix_history_submission ON submission_history (submission_id, seq)",
            """
            CREATE TABLE workers (
                id text COLLATE "C" PRIMARY KEY,
                host text NOT NULL,
                process_id integer NOT NULL,
                started_at timestamptz NOT NULL,
                heartbeat_at timestamptz NOT NULL,
                capabilities_json text NOT NULL,
                load double precision NOT NULL,
                disk_free_bytes bigint NOT NULL,
                running_jobs integer NOT NULL,
                draining boolean NOT NULL DEFAULT false,
                stop_requested boolean NOT NULL DEFAULT false
            )
            """,
            """
            CREATE TABLE callbacks (
                submission_id text COLLATE "C" NOT NULL REFERENCES submissions (id),
                attempt integer NOT NULL,
                at timestamptz NOT NULL,
                http_status integer,
                error text,
                delivered boolean NOT NULL,
                PRIMARY KEY (submission_id, attempt)
            )
            """,
            """
            CREATE TABLE problems (
                id text COLLATE "C" PRIMARY KEY,
                name text NOT NULL,
                type text NOT NULL,
                imported_at timestamptz NOT NULL,
                owner text,
                package_zip bytea NOT NULL
            )
            """,
        ],

        // 2: users and their API keys. name_key is the name folded by StoreGuard.NameKey (in
        // .NET, so both backends fold alike whatever the database's locale): the unique,
        // case-insensitive name.
        [
            """
            CREATE TABLE users (
                id text COLLATE "C" PRIMARY KEY,
                name text NOT NULL,
                name_key text COLLATE "C" NOT NULL,
                password_hash text NOT NULL,
                role text NOT NULL CHECK (role IN ('student','staff','admin')),
                created_at timestamptz NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX ux_users_name ON users (name_key)",
            "CREATE INDEX ix_users_created ON users (created_at, id)",
            """
            CREATE TABLE api_keys (
                id text COLLATE "C" PRIMARY KEY,
                user_id text COLLATE "C" NOT NULL REFERENCES users (id),
                name text NOT NULL,
                hash text COLLATE "C" NOT NULL,
                prefix text NOT NULL,
                created_at timestamptz NOT NULL,
                revoked_at timestamptz
            )
            """,
            "CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (hash)",
            "CREATE INDEX ix_api_keys_user ON api_keys (user_id, created_at DESC, id DESC)",
        ],
        // 3: courses, their members and assignments, saved drafts, shared playground programs;
        // submissions learn their assignment, the API key that sent them, and their verdict and
        // score (copied from the result when it is stored, so grades need no JSON parsing);
        // an API key may carry a daily submission quota.
        [
            "ALTER TABLE submissions ADD COLUMN assignment_id text COLLATE \"C\"",
            "ALTER TABLE submissions ADD COLUMN key_id text COLLATE \"C\"",
            "ALTER TABLE submissions ADD COLUMN verdict text",
            "ALTER TABLE submissions ADD COLUMN score double precision",
            "CREATE INDEX ix_submissions_assignment ON submissions (assignment_id, owner, created_at DESC) WHERE assignment_id IS NOT NULL",
            "CREATE INDEX ix_submissions_key ON submissions (key_id, created_at) WHERE key_id IS NOT NULL",
            "ALTER TABLE api_keys ADD COLUMN daily_quota integer",
            """
            CREATE TABLE courses (
                id text COLLATE "C" PRIMARY KEY,
                title text NOT NULL,
                join_code text NOT NULL,
                created_by text COLLATE "C" NOT NULL REFERENCES users (id),
                created_at timestamptz NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX ux_courses_join_code ON courses (join_code)",
            """
            CREATE TABLE course_members (
                course_id text COLLATE "C" NOT NULL REFERENCES courses (id),
                user_id text COLLATE "C" NOT NULL REFERENCES users (id),
                role text NOT NULL CHECK (role IN ('student','staff')),
                joined_at timestamptz NOT NULL,
                PRIMARY KEY (course_id, user_id)
            )
            """,
            "CREATE INDEX ix_course_members_user ON course_members (user_id)",
            """
            CREATE TABLE assignments (
                id text COLLATE "C" PRIMARY KEY,
                course_id text COLLATE "C" NOT NULL REFERENCES courses (id),
                problem_id text COLLATE "C" NOT NULL REFERENCES problems (id),
                title text NOT NULL,
                due_at timestamptz,
                created_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX ix_assignments_course ON assignments (course_id, created_at, id)",
            """
            CREATE TABLE drafts (
                user_id text COLLATE "C" NOT NULL REFERENCES users (id),
                assignment_id text COLLATE "C" NOT NULL REFERENCES assignments (id),
                language text NOT NULL,
                source text NOT NULL,
                saved_at timestamptz NOT NULL,
                PRIMARY KEY (user_id, assignment_id)
            )
            """,
            """
            CREATE TABLE shares (
                id text COLLATE "C" PRIMARY KEY,
                language text NOT NULL,
                source text NOT NULL,
                stdin text NOT NULL,
                owner text,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX ix_shares_expires ON shares (expires_at)",
        ],
        [
            // Version 4: finished submissions whose callback may still be owed are found by a
            // recent-window scan; this keeps it off the rest of the table.
            "CREATE INDEX ix_submissions_callbacks ON submissions (updated_at) WHERE callback_url IS NOT NULL",
        ],
        [
            // Version 5: Idempotency-Key: the submissions a request made, under its caller-scoped
            // key, written in the transaction that stores them. And fair leasing counts each
            // owner's leased jobs: this keeps that count off the waiting rows.
            """
            CREATE TABLE idempotency_keys (
                key text COLLATE "C" PRIMARY KEY,
                request_hash text NOT NULL,
                submission_ids text NOT NULL,
                created_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX ix_submissions_leased ON submissions (owner) WHERE status IN ('queued','compiling','running') AND lease_owner IS NOT NULL",
        ],
        [
            // Version 6: the W3C traceparent a submission was accepted under (null when tracing
            // is off), so a worker in another process continues the same trace.
            "ALTER TABLE submissions ADD COLUMN trace_parent text",
        ],
        [
            // Version 7: files PUT through Jobe's files/{id}, kept by content (SHA-256) for every
            // API process on this database (ArbiterStore.Files).
            """
            CREATE TABLE cached_files (
                hash text COLLATE "C" PRIMARY KEY,
                content bytea NOT NULL,
                size bigint NOT NULL,
                used_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE cached_file_ids (
                id text COLLATE "C" PRIMARY KEY,
                hash text COLLATE "C" NOT NULL
            )
            """,
            "CREATE INDEX ix_cached_file_ids_hash ON cached_file_ids (hash)",
        ],
    ];
}

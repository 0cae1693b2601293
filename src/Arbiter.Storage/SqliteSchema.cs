namespace Arbiter.Storage;

/// <summary>
/// The SQLite schema as numbered migrations: version N is <c>Migrations[N - 1]</c>. Never edit
/// a shipped migration; append a new one. Instants are unix milliseconds (INTEGER, UTC).
/// </summary>
internal static class SqliteSchema
{
    public const string VersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

    public static IReadOnlyList<string[]> Migrations { get; } =
    [
        [
            """
            CREATE TABLE submissions (
                id TEXT PRIMARY KEY NOT NULL,
                ticket TEXT NOT NULL,
                kind TEXT NOT NULL,
                language TEXT NOT NULL,
                problem_id TEXT,
                request_json TEXT NOT NULL,
                callback_url TEXT,
                priority INTEGER NOT NULL,
                owner TEXT,
                created_at INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('queued','compiling','running','judged','failed')),
                updated_at INTEGER NOT NULL,
                result_json TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT,
                lease_expires_at INTEGER
            )
            """,
            "CREATE UNIQUE INDEX ux_submissions_ticket ON submissions (lower(ticket))",
            "CREATE INDEX ix_submissions_queue ON submissions (priority DESC, created_at, id) WHERE status IN ('queued','compiling','running')",
            "CREATE INDEX ix_submissions_created ON submissions (created_at DESC, id DESC)",
            "CREATE INDEX ix_submissions_owner ON submissions (owner, created_at DESC, id DESC)",
            "CREATE INDEX ix_submissions_problem ON submissions (problem_id, created_at DESC, id DESC)",
            """
            CREATE TABLE submission_history (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                submission_id TEXT NOT NULL REFERENCES submissions (id),
                status TEXT NOT NULL,
                at INTEGER NOT NULL,
                worker_id TEXT,
                detail TEXT
            )
            """,
            "CREATE INDEX ix_history_submission ON submission_history (submission_id, seq)",
            """
            CREATE TABLE workers (
                id TEXT PRIMARY KEY NOT NULL,
                host TEXT NOT NULL,
                process_id INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                heartbeat_at INTEGER NOT NULL,
                capabilities_json TEXT NOT NULL,
                load REAL NOT NULL,
                disk_free_bytes INTEGER NOT NULL,
                running_jobs INTEGER NOT NULL,
                draining INTEGER NOT NULL DEFAULT 0,
                stop_requested INTEGER NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE callbacks (
                submission_id TEXT NOT NULL REFERENCES submissions (id),
                attempt INTEGER NOT NULL,
                at INTEGER NOT NULL,
                http_status INTEGER,
                error TEXT,
                delivered INTEGER NOT NULL,
                PRIMARY KEY (submission_id, attempt)
            )
            """,
            """
            CREATE TABLE problems (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                imported_at INTEGER NOT NULL,
                owner TEXT,
                package_zip BLOB NOT NULL
            )
            """,
        ],

        // 2: users and their API keys. name_key is the name folded by StoreGuard.NameKey (in
        // .NET, so both backends fold alike, beyond ASCII too): the unique, case-insensitive name.
        [
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('student','staff','admin')),
                created_at INTEGER NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX ux_users_name ON users (name_key)",
            "CREATE INDEX ix_users_created ON users (created_at, id)",
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY NOT NULL,
                user_id TEXT NOT NULL REFERENCES users (id),
                name TEXT NOT NULL,
                hash TEXT NOT NULL,
                prefix TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
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
            "ALTER TABLE submissions ADD COLUMN assignment_id TEXT",
            "ALTER TABLE submissions ADD COLUMN key_id TEXT",
            "ALTER TABLE submissions ADD COLUMN verdict TEXT",
            "ALTER TABLE submissions ADD COLUMN score REAL",
            "CREATE INDEX ix_submissions_assignment ON submissions (assignment_id, owner, created_at DESC) WHERE assignment_id IS NOT NULL",
            "CREATE INDEX ix_submissions_key ON submissions (key_id, created_at) WHERE key_id IS NOT NULL",
            "ALTER TABLE api_keys ADD COLUMN daily_quota INTEGER",
            """
            CREATE TABLE courses (
                id TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL,
                join_code TEXT NOT NULL,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at INTEGER NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX ux_courses_join_code ON courses (join_code)",
            """
            CREATE TABLE course_members (
                course_id TEXT NOT NULL REFERENCES courses (id),
                user_id TEXT NOT NULL REFERENCES users (id),
                role TEXT NOT NULL CHECK (role IN ('student','staff')),
                joined_at INTEGER NOT NULL,
                PRIMARY KEY (course_id, user_id)
            )
            """,
            "CREATE INDEX ix_course_members_user ON course_members (user_id)",
            """
            CREATE TABLE assignments (
                id TEXT PRIMARY KEY NOT NULL,
                course_id TEXT NOT NULL REFERENCES courses (id),
                problem_id TEXT NOT NULL REFERENCES problems (id),
                title TEXT NOT NULL,
                due_at INTEGER,
                created_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX ix_assignments_course ON assignments (course_id, created_at, id)",
            """
            CREATE TABLE drafts (
                user_id TEXT NOT NULL REFERENCES users (id),
                assignment_id TEXT NOT NULL REFERENCES assignments (id),
                language TEXT NOT NULL,
                source TEXT NOT NULL,
                saved_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, assignment_id)
            )
            """,
            """
            CREATE TABLE shares (
                id TEXT PRIMARY KEY NOT NULL,
                language TEXT NOT NULL,
                source TEXT NOT NULL,
                stdin TEXT NOT NULL,
                owner TEXT,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
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
                key TEXT PRIMARY KEY NOT NULL,
                request_hash TEXT NOT NULL,
                submission_ids TEXT NOT NULL,
                created_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX ix_submissions_leased ON submissions (owner) WHERE status IN ('queued','compiling','running') AND lease_owner IS NOT NULL",
        ],
        [
            // Version 6: the W3C traceparent a submission was accepted under (null when tracing
            // is off), so a worker in another process continues the same trace.
            "ALTER TABLE submissions ADD COLUMN trace_parent TEXT",
        ],
        [
            // Version 7: files PUT through Jobe's files/{id}, kept by content (SHA-256) for every
            // API process on this database (ArbiterStore.Files).
            """
            CREATE TABLE cached_files (
                hash TEXT PRIMARY KEY NOT NULL,
                content BLOB NOT NULL,
                size INTEGER NOT NULL,
                used_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE cached_file_ids (
                id TEXT PRIMARY KEY NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX ix_cached_file_ids_hash ON cached_file_ids (hash)",
        ],
    ];
}

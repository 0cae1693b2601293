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
    ];
}

using Arbiter.Storage.Sql;
using Npgsql;
using NpgsqlTypes;
using static Arbiter.Storage.PostgresDatabase;

namespace Arbiter.Storage;

/// <summary>
/// The store in a PostgreSQL database, for several API and worker processes. Leases use
/// <c>FOR UPDATE SKIP LOCKED</c>, so concurrent workers pass over each other's rows instead of
/// waiting; each state change and its history row are one statement (a data-modifying CTE), so
/// they commit together, with the <see cref="PostgresNotifications"/> that wake other processes.
/// Instants are timestamptz, truncated to the millisecond like SQLite's. Everything but the
/// statements below is <see cref="ArbiterStore"/>'s, shared with SQLite.
/// </summary>
public sealed class PostgresStore : ArbiterStore
{
    private const string Active = "status IN " + StatusText.ActiveList;

    private readonly PostgresDatabase _db;

    /// <summary>Uses the database an Npgsql <paramref name="connectionString"/> names (connections
    /// open lazily). Throws <see cref="StoreUnavailableException"/> for a malformed string.
    /// Call <see cref="MigrateAsync"/> before anything else.</summary>
    public PostgresStore(string connectionString)
        : this(new PostgresDatabase(Required(connectionString)))
    {
    }

    private PostgresStore(PostgresDatabase db)
        : base(new PostgresGateway(db))
    {
        _db = db;
    }

    /// <inheritdoc />
    public override Task MigrateAsync(CancellationToken cancellationToken) => _db.GuardAsync(() => MigrateUnguardedAsync(cancellationToken), cancellationToken);

    private async Task MigrateUnguardedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Held to the end of the transaction: a second process starting at the same time waits
        // here, then finds the migrations already applied.
        await using (var lockCommand = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", Typed("key", PostgresSchema.MigrationLockKey, NpgsqlDbType.Bigint)))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = Command(connection, transaction, PostgresSchema.VersionTable))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var read = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        {
            current = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var known = PostgresSchema.Migrations.Count;
        if (current > known)
        {
            throw new InvalidOperationException($"PostgreSQL store: {_db.Where} has schema version {current}, newer than this Arbiter understands ({known}); upgrade Arbiter.");
        }

        for (var version = current + 1; version <= known; version++)
        {
            foreach (var statement in PostgresSchema.Migrations[version - 1])
            {
                await using var step = Command(connection, transaction, statement);
                await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var record = Command(connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)",
                Integer("version", version), Time("at", TimeProvider.System.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Listens for <see cref="PostgresNotifications"/> on a connection of its own until
    /// cancelled or the connection fails; see <see cref="PostgresNotifications.ListenAsync"/>.</summary>
    public Task ListenAsync(Action<string, string> heard, Action listening, CancellationToken cancellationToken) =>
        PostgresNotifications.ListenAsync(_db, heard, listening, cancellationToken);

    /// <summary>Closes the pooled connections.</summary>
    public override ValueTask DisposeAsync() => _db.DisposeAsync();

    /// <inheritdoc />
    private protected override async Task InsertBatchAsync(IReadOnlyList<NewSubmission> submissions, CancellationToken cancellationToken)
    {
        // Whole batch as arrays: two statements however many submissions, one transaction.
        const string insert =
            "INSERT INTO submissions (id, ticket, kind, language, problem_id, request_json, callback_url, priority, owner, created_at, " +
            "status, updated_at, assignment_id, key_id, trace_parent) " +
            "SELECT id, ticket, kind, language, problem_id, request_json, callback_url, priority, owner, created_at, 'queued', created_at, assignment_id, key_id, trace_parent " +
            "FROM unnest(@ids, @tickets, @kinds, @languages, @problems, @requests, @callbacks, @priorities, @owners, @created, @assignments, @keys, @traces) " +
            "AS t(id, ticket, kind, language, problem_id, request_json, callback_url, priority, owner, created_at, assignment_id, key_id, trace_parent)";
        // The notification rides in the same transaction, so listeners hear of the batch exactly
        // when it becomes visible, and once for the whole batch (its payload: how many).
        const string history =
            "WITH h AS (INSERT INTO submission_history (submission_id, status, at) " +
            "SELECT id, 'queued', created_at FROM unnest(@ids, @created) WITH ORDINALITY AS t(id, created_at, n) ORDER BY n) " +
            "SELECT pg_notify('" + PostgresNotifications.Queued + "', @count)";

        NpgsqlParameter TextArray(string name, Func<NewSubmission, string?> pick) =>
            Typed(name, submissions.Select(pick).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        NpgsqlParameter Created() =>
            Typed("created", submissions.Select(s => StoreTime.Normalize(s.CreatedAt)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);

        await _db.GuardAsync(async () =>
        {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var claims = StoreGuard.Claims(submissions);
        if (claims.Count > 0)
        {
            await using var claim = Command(connection, transaction,
                "INSERT INTO idempotency_keys (key, request_hash, submission_ids, created_at) SELECT * FROM unnest(@keys, @hashes, @ids, @ats)",
                Typed("keys", claims.Select(c => c.Claim.Key).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                Typed("hashes", claims.Select(c => c.Claim.RequestHash).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                Typed("ids", claims.Select(c => c.Ids).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                Typed("ats", claims.Select(c => StoreTime.Normalize(c.At)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
            try
            {
                await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new IdempotencyKeyTakenException("an idempotency key of this batch was used before; nothing of this batch was stored", ex);
            }
        }

        await using var rows = Command(connection, transaction, insert,
            TextArray("ids", s => s.Id), TextArray("tickets", s => s.Ticket), TextArray("kinds", s => WireNames.Of(s.Kind)), TextArray("languages", s => s.Language),
            TextArray("problems", s => s.ProblemId), TextArray("requests", s => s.RequestJson), TextArray("callbacks", s => s.CallbackUrl),
            Typed("priorities", submissions.Select(s => s.Priority).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer),
            TextArray("owners", s => s.Owner), Created(), TextArray("assignments", s => s.AssignmentId), TextArray("keys", s => s.KeyId), TextArray("traces", s => s.TraceParent));
        try
        {
            await rows.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new StoreConflictException($"a submission in this batch has an id or ticket that already exists ({ex.ConstraintName}); nothing of this batch was stored", ex);
        }

        await using var firstHistory = Command(connection, transaction, history, TextArray("ids", s => s.Id), Created(),
            Text("count", submissions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await firstHistory.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    private protected override async Task<JobLease?> LeaseAsync(string workerId, DateTimeOffset expires,
        IReadOnlyCollection<string> languages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Fair within a priority (SharedSql.FairOrder): the owner, then the course, with the
        // fewest jobs running, then the oldest. SKIP LOCKED passes over rows another worker is
        // leasing this instant; only the submission row is locked, never the counts' rows.
        var sql =
            "WITH " + SharedSql.Running + ", " +
            "next AS (SELECT s.id FROM submissions s " + SharedSql.FairJoins + " WHERE s." + Active + " AND (s.lease_owner IS NULL OR s.lease_expires_at <= @now)" +
            (languages.Count > 0 ? " AND s.language = ANY(@languages)" : "") +
            " ORDER BY " + SharedSql.FairOrder + " LIMIT 1 FOR UPDATE OF s SKIP LOCKED), " +
            "leased AS (UPDATE submissions s SET status = 'queued', lease_owner = @worker, lease_expires_at = @expires, " +
            "attempts = s.attempts + 1, updated_at = @now FROM next WHERE s.id = next.id RETURNING s.id, s.attempts), " +
            "requeued AS (INSERT INTO submission_history (submission_id, status, at, worker_id, detail) " +
            "SELECT id, 'queued', @now, @worker, @requeued || attempts::text FROM leased WHERE attempts > 1) " +
            "SELECT id, attempts FROM leased";
        var parameters = new List<NpgsqlParameter>
        {
            Time("now", now), Time("expires", expires), Text("worker", workerId), Text("requeued", StoreGuard.RequeueDetailPrefix),
        };
        if (languages.Count > 0)
        {
            parameters.Add(Typed("languages", languages.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        }

        var rows = await _db.QueryAsync(sql, [.. parameters], row => (Id: row.GetString(0), Attempt: row.GetInt32(1)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : new JobLease(rows[0].Id, workerId, expires, rows[0].Attempt);
    }

    /// <inheritdoc />
    private protected override async Task<int> ReleaseAsync(string workerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One statement: the release, its history rows and the wake-up for idle workers commit together.
        const string sql =
            "WITH released AS (UPDATE submissions SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, " +
            "attempts = GREATEST(attempts - 1, 0), updated_at = @now WHERE lease_owner = @worker AND " + Active + " RETURNING id), " +
            "h AS (INSERT INTO submission_history (submission_id, status, at, worker_id, detail) SELECT id, 'queued', @now, @worker, @detail FROM released), " +
            "n AS (SELECT COUNT(*) AS c FROM released) " +
            "SELECT c, CASE WHEN c > 0 THEN pg_notify('" + PostgresNotifications.Queued + "', c::text) END FROM n";
        var rows = await _db.QueryAsync(sql, [Time("now", now), Text("worker", workerId), Text("detail", StoreGuard.HandedBackDetail)],
            row => row.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return (int)rows[0];
    }

    /// <summary>The one guarded state change, with its history row in the same statement: only
    /// the lease holder, only while unfinished. The count is of history rows written (0 or 1).</summary>
    private protected override async Task<bool> TransitionAsync(string submissionId, string workerId, IReadOnlyList<StatusChange> progress, SubmissionStatus status,
        SubmissionOutcome? outcome, string? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var set = StatusText.IsFinal(status)
            ? "status = @status, result_json = @result, verdict = @verdict, score = @score, updated_at = @now, lease_expires_at = NULL"
            : "status = @status, updated_at = @now";
        // A final result is announced in the same statement, so the notification is delivered
        // at its commit; pg_notify is volatile, so the planner keeps it though nothing reads it.
        var announce = StatusText.IsFinal(status)
            ? "SELECT COUNT(*) FROM (SELECT pg_notify('" + PostgresNotifications.Finished + "', id) FROM changed) n"
            : "SELECT COUNT(*) FROM changed";
        var sql =
            "WITH changed AS (UPDATE submissions SET " + set + " WHERE id = @id AND lease_owner = @worker AND " + Active + " RETURNING id), " +
            // The held-back progress, then this change, as history rows in that order (one INSERT,
            // so its sequence numbers follow the ordinality).
            "h AS (INSERT INTO submission_history (submission_id, status, at, worker_id, detail) " +
            "SELECT changed.id, u.status, u.at, @worker, u.detail FROM changed, " +
            "unnest(@hstatus::text[], @hat::timestamptz[], @hdetail::text[]) WITH ORDINALITY AS u(status, at, detail, n) ORDER BY u.n) " + announce;
        var history = progress.Append(new StatusChange(status, now, workerId, detail)).ToList();
        return await _db.ScalarAsync<long>(sql,
            [Text("status", StatusText.Of(status)), Text("result", outcome?.ResultJson), Text("verdict", outcome?.Verdict),
             Typed("score", outcome?.Score, NpgsqlDbType.Double), Time("now", now), Text("id", submissionId),
             Text("worker", workerId),
             Typed("hstatus", history.Select(h => StatusText.Of(h.Status)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
             Typed("hat", history.Select(h => StoreTime.Normalize(h.At).UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz),
             Typed("hdetail", history.Select(h => h.Detail).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)],
            cancellationToken).ConfigureAwait(false) == 1;
    }
    private static string Required(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return connectionString;
    }
}

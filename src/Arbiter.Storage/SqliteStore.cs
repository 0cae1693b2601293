using System.Text.Json;
using Arbiter.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage;

/// <summary>
/// The store in one SQLite file (WAL mode), safe for several threads and several processes on
/// that file: every write is one <c>BEGIN IMMEDIATE</c> transaction, so writers queue on the
/// file lock (busy_timeout) instead of failing, and readers never block; the writers of this
/// process take turns on one writer (SqliteDatabase.OpenForWriteAsync). Instants are stored as
/// unix milliseconds (UTC integers). Accepting submissions waits for fsync (synchronous=FULL;
/// bookkeeping uses NORMAL, see SqliteDatabase.OpenAsync): a submission is durable when
/// <see cref="ArbiterStore.AddSubmissionsAsync"/> returns. Everything but the statements below
/// is <see cref="ArbiterStore"/>'s, shared with PostgreSQL.
/// </summary>
public sealed class SqliteStore : ArbiterStore
{
    private readonly SqliteDatabase _db;

    /// <summary>Opens (lazily) the database file at <paramref name="databasePath"/>; its directory must exist.
    /// Call <see cref="MigrateAsync"/> before anything else.</summary>
    public SqliteStore(string databasePath)
        : this(new SqliteDatabase(Path.GetFullPath(Required(databasePath))))
    {
    }

    private SqliteStore(SqliteDatabase db)
        : base(new SqliteGateway(db))
    {
        _db = db;
    }

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath => _db.Path;

    /// <inheritdoc />
    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);

        // The journal mode belongs to the file and cannot change inside a transaction.
        await using (var wal = SqliteDatabase.Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreUnavailableException($"SQLite store: '{DatabasePath}' could not switch to WAL mode (it reports '{mode}'); " +
                    $"keep the data directory on a local file system.");
            }
        }

        // BEGIN IMMEDIATE takes the write lock first: a second process starting at the same time
        // waits here, then finds the migrations already applied.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await SqliteDatabase.ExecuteAsync(connection, transaction, SqliteSchema.VersionTable, cancellationToken).ConfigureAwait(false);
        await using var read = SqliteDatabase.Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        var known = SqliteSchema.Migrations.Count;
        if (current > known)
        {
            throw new InvalidOperationException($"SQLite store: '{DatabasePath}' has schema version {current}, newer than this Arbiter understands ({known}); upgrade Arbiter.");
        }

        for (var version = current + 1; version <= known; version++)
        {
            foreach (var statement in SqliteSchema.Migrations[version - 1])
            {
                await SqliteDatabase.ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
            }

            await using var record = SqliteDatabase.Command(connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)",
                ("@version", version), ("@at", StoreTime.ToUnixMilliseconds(TimeProvider.System.GetUtcNow())));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections to this file, so it can be moved or deleted.</summary>
    public override ValueTask DisposeAsync()
    {
        _db.ClearPool();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    private protected override async Task InsertBatchAsync(IReadOnlyList<NewSubmission> submissions, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenForWriteAsync(cancellationToken, durable: true).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var (claim, ids, at) in StoreGuard.Claims(submissions))
        {
            await using var insertClaim = SqliteDatabase.Command(connection, transaction, SharedSql.InsertIdempotencyKey,
                ("@key", claim.Key), ("@hash", claim.RequestHash), ("@ids", ids), ("@at", StoreTime.ToUnixMilliseconds(at)));
            try
            {
                await insertClaim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode is 1555 or 2067)
            {
                throw new IdempotencyKeyTakenException("an idempotency key of this batch was used before; nothing of this batch was stored", ex);
            }
        }

        await using var insert = SqliteDatabase.Command(connection, transaction,
            "INSERT INTO submissions (id, ticket, kind, language, problem_id, request_json, callback_url, priority, owner, created_at, " +
            "status, updated_at, assignment_id, key_id, trace_parent) " +
            "VALUES (@id, @ticket, @kind, @language, @problem, @request, @callback, @priority, @owner, @created, 'queued', @created, @assignment, @key, @trace)");
        await using var history = SqliteDatabase.Command(connection, transaction, SharedSql.InsertHistory);
        foreach (var s in submissions)
        {
            var created = StoreTime.ToUnixMilliseconds(s.CreatedAt);
            SqliteDatabase.Bind(insert, ("@id", s.Id), ("@ticket", s.Ticket), ("@kind", WireNames.Of(s.Kind)), ("@language", s.Language), ("@problem", s.ProblemId),
                ("@request", s.RequestJson), ("@callback", s.CallbackUrl), ("@priority", s.Priority), ("@owner", s.Owner), ("@created", created),
                ("@assignment", s.AssignmentId), ("@key", s.KeyId), ("@trace", s.TraceParent));
            SqliteDatabase.Bind(history, ("@id", s.Id), ("@status", "queued"), ("@at", created), ("@worker", null), ("@detail", null));
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode is 1555 or 2067)
            {
                throw new StoreConflictException($"a submission with id '{s.Id}' or ticket '{s.Ticket}' already exists; nothing of this batch was stored", ex);
            }

            await history.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    private protected override async Task<JobLease?> LeaseAsync(string workerId, DateTimeOffset expires,
        IReadOnlyCollection<string> languages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Fair within a priority (SharedSql.FairOrder): the owner, then the course, with the
        // fewest jobs running, then the oldest; one statement under the write lock, so atomic.
        var sql =
            "WITH " + SharedSql.Running + " " +
            "UPDATE submissions SET status = 'queued', lease_owner = @worker, lease_expires_at = @expires, attempts = attempts + 1, updated_at = @now " +
            "WHERE id = (SELECT s.id FROM submissions s " + SharedSql.FairJoins + " WHERE s.status IN " + StatusText.ActiveList +
            " AND (s.lease_owner IS NULL OR s.lease_expires_at <= @now)" +
            (languages.Count > 0 ? " AND s.language IN (SELECT value FROM json_each(@languages))" : "") +
            " ORDER BY " + SharedSql.FairOrder + " LIMIT 1) RETURNING id, attempts";

        await using var connection = await _db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var lease = SqliteDatabase.Command(connection, transaction, sql, ("@worker", workerId), ("@expires", StoreTime.ToUnixMilliseconds(expires)),
            ("@now", StoreTime.ToUnixMilliseconds(now)), ("@languages", JsonSerializer.Serialize(languages)));
        string id;
        int attempt;
        await using (var reader = await lease.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            id = reader.GetString(0);
            attempt = reader.GetInt32(1);
        }

        if (attempt > 1)
        {
            await AppendHistoryAsync(
                connection,
                transaction,
                id,
                SubmissionStatus.Queued,
                now,
                workerId,
                StoreGuard.RequeueDetail(attempt),
                cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new JobLease(id, workerId, expires, attempt);
    }

    /// <inheritdoc />
    private protected override async Task<int> ReleaseAsync(string workerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var released = new List<string>();
        await using (var release = SqliteDatabase.Command(connection, transaction,
            "UPDATE submissions SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, attempts = MAX(attempts - 1, 0), updated_at = @now " +
            "WHERE lease_owner = @worker AND status IN " + StatusText.ActiveList + " RETURNING id",
            ("@now", StoreTime.ToUnixMilliseconds(now)), ("@worker", workerId)))
        await using (var reader = await release.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                released.Add(reader.GetString(0));
            }
        }

        foreach (var id in released)
        {
            await AppendHistoryAsync(connection, transaction, id, SubmissionStatus.Queued, now, workerId, StoreGuard.HandedBackDetail, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return released.Count;
    }

    /// <inheritdoc />
    private protected override async Task<bool> TransitionAsync(string submissionId, string workerId, IReadOnlyList<StatusChange> progress, SubmissionStatus status,
        SubmissionOutcome? outcome, string? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var final = StatusText.IsFinal(status);
        var sql = final
            ? "UPDATE submissions SET status = @status, result_json = @result, verdict = @verdict, score = @score, updated_at = @now, lease_expires_at = NULL " +
                "WHERE id = @id AND lease_owner = @worker AND status IN " + StatusText.ActiveList
            : "UPDATE submissions SET status = @status, updated_at = @now WHERE id = @id AND lease_owner = @worker AND status IN " + StatusText.ActiveList;

        await using var connection = await _db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var update = SqliteDatabase.Command(connection, transaction, sql, ("@status", StatusText.Of(status)), ("@result", outcome?.ResultJson),
            ("@verdict", outcome?.Verdict), ("@score", outcome?.Score), ("@now", StoreTime.ToUnixMilliseconds(now)), ("@id", submissionId), ("@worker", workerId));
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            return false;
        }

        foreach (var change in progress)
        {
            await AppendHistoryAsync(connection, transaction, submissionId, change.Status, change.At, workerId, change.Detail, cancellationToken).ConfigureAwait(false);
        }

        await AppendHistoryAsync(connection, transaction, submissionId, status, now, workerId, detail, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task AppendHistoryAsync(SqliteConnection connection, SqliteTransaction transaction, string submissionId, SubmissionStatus status,
        DateTimeOffset at, string? workerId, string? detail, CancellationToken cancellationToken)
    {
        await using var insert = SqliteDatabase.Command(connection, transaction, SharedSql.InsertHistory, ("@id", submissionId), ("@status", StatusText.Of(status)),
            ("@at", StoreTime.ToUnixMilliseconds(at)), ("@worker", workerId), ("@detail", detail));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
    private static string Required(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return databasePath;
    }
}

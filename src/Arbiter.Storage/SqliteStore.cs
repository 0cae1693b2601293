using Arbiter.Storage.Classroom;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage;

/// <summary>
/// The store in one SQLite file (WAL mode), safe for several threads and several processes on
/// that file: every write is one <c>BEGIN IMMEDIATE</c> transaction, so writers queue on the
/// file lock (busy_timeout) instead of failing, and readers never block. Instants are stored as
/// unix milliseconds (UTC integers). Accepting submissions waits for fsync (synchronous=FULL; bookkeeping uses NORMAL, see SqliteDatabase.OpenAsync): a submission is
/// durable when <see cref="AddSubmissionsAsync"/> returns.
/// </summary>
public sealed class SqliteStore : IArbiterStore
{
    private static readonly Func<DbDataReader, int, DateTimeOffset> Time =
        static (row, ordinal) => StoreTime.FromUnixMilliseconds(row.GetInt64(ordinal));

    private readonly SqliteDatabase _db;

    /// <summary>Opens (lazily) the database file at <paramref name="databasePath"/>; its directory must exist.
    /// Call <see cref="MigrateAsync"/> before anything else.</summary>
    public SqliteStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _db = new SqliteDatabase(Path.GetFullPath(databasePath));
        Classroom = new ClassroomStore(new SqliteGateway(_db));
    }

    /// <inheritdoc />
    public IClassroomStore Classroom { get; }

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath => _db.Path;

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);

        // The journal mode belongs to the file and cannot change inside a transaction.
        await using (var wal = SqliteDatabase.Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreUnavailableException($"SQLite store: '{DatabasePath}' could not switch to WAL mode (it reports '{mode}'); keep the data directory on a local file system.");
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

    /// <inheritdoc />
    public async Task AddSubmissionsAsync(IReadOnlyList<NewSubmission> submissions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        foreach (var submission in submissions)
        {
            StoreGuard.Submission(submission);
        }

        if (submissions.Count == 0)
        {
            return;
        }

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
            "INSERT INTO submissions (id, ticket, kind, language, problem_id, request_json, callback_url, priority, owner, created_at, status, updated_at, assignment_id, key_id, trace_parent) " +
            "VALUES (@id, @ticket, @kind, @language, @problem, @request, @callback, @priority, @owner, @created, 'queued', @created, @assignment, @key, @trace)");
        await using var history = SqliteDatabase.Command(connection, transaction, SharedSql.InsertHistory);
        foreach (var s in submissions)
        {
            var created = StoreTime.ToUnixMilliseconds(s.CreatedAt);
            SqliteDatabase.Bind(insert, ("@id", s.Id), ("@ticket", s.Ticket), ("@kind", s.Kind), ("@language", s.Language), ("@problem", s.ProblemId),
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
    public async Task<IdempotencyRecord?> FindIdempotencyKeyAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rows = await _db.QueryAsync(SharedSql.IdempotencyKey, [("@key", key)],
            row => StoreGuard.Idempotency(row.GetString(0), row.GetString(1), row.GetString(2), Time(row, 3)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<SubmissionRecord?> GetSubmissionAsync(string idOrTicket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrTicket);
        var rows = await _db.QueryAsync(SharedSql.SubmissionByIdOrTicket, [("@key", idOrTicket)], row => RecordReader.Submission(row, Time), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SubmissionRecord>> GetSubmissionsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = StoreGuard.DistinctIds(ids);
        if (wanted.Length == 0)
        {
            return [];
        }

        var rows = await _db.QueryAsync(
            "SELECT " + RecordReader.SubmissionColumns + " FROM submissions WHERE id IN (SELECT value FROM json_each(@ids))",
            [("@ids", JsonSerializer.Serialize(wanted))], row => RecordReader.Submission(row, Time), cancellationToken).ConfigureAwait(false);
        return StoreGuard.InRequestedOrder(wanted, rows);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatusChange>> GetHistoryAsync(string submissionId, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.History, [("@id", submissionId)], row => RecordReader.History(row, Time), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SubmissionRecord>> ListSubmissionsAsync(SubmissionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await _db.QueryAsync(SharedSql.ListSubmissions(query),
            [("@owner", query.Owner), ("@problem", query.ProblemId), ("@status", query.Status is { } s ? StatusText.Of(s) : null),
             ("@before", query.Before), ("@limit", StoreGuard.PageSize(query.Limit)), ("@assignment", query.AssignmentId)],
            row => RecordReader.Submission(row, Time), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TicketExistsAsync(string ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return await _db.ScalarAsync<long>(SharedSql.TicketExists, [("@ticket", ticket)], cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<JobLease?> LeaseNextAsync(string workerId, TimeSpan leaseFor, IReadOnlyCollection<string> languages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.LeaseLength(leaseFor);
        ArgumentNullException.ThrowIfNull(languages);
        var expires = StoreTime.Normalize(now + leaseFor);
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
            await AppendHistoryAsync(connection, transaction, id, SubmissionStatus.Queued, now, workerId, StoreGuard.RequeueDetail(attempt), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new JobLease(id, workerId, expires, attempt);
    }

    /// <inheritdoc />
    public async Task<bool> RenewLeaseAsync(string submissionId, string workerId, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.LeaseLength(leaseFor);
        await using var connection = await _db.OpenForWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var renew = SqliteDatabase.Command(connection, transaction, SharedSql.Renew,
            ("@expires", StoreTime.ToUnixMilliseconds(now + leaseFor)), ("@id", submissionId), ("@worker", workerId));
        var changed = await renew.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    /// <inheritdoc />
    public async Task<int> ReleaseLeasesAsync(string workerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
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
    public Task<bool> SetStatusAsync(string submissionId, string workerId, SubmissionStatus status, string? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.Progress(status);
        return TransitionAsync(submissionId, workerId, [], status, outcome: null, detail, now, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(string submissionId, string workerId, SubmissionStatus status, SubmissionOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
        => CompleteAsync(submissionId, workerId, [], status, outcome, now, cancellationToken);

    /// <inheritdoc />
    public Task<bool> CompleteAsync(string submissionId, string workerId, IReadOnlyList<StatusChange> progress, SubmissionStatus status, SubmissionOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.Final(status);
        StoreGuard.Outcome(outcome);
        StoreGuard.HeldBackProgress(progress);
        return TransitionAsync(submissionId, workerId, progress, status, outcome, detail: null, now, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OwnerShare>> QueueSharesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.QueueShares, [("@now", StoreTime.ToUnixMilliseconds(now)), ("@limit", limit)],
            row => new OwnerShare(row.IsDBNull(0) ? null : row.GetString(0), row.GetInt64(1), row.GetInt64(2)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<DateTimeOffset?> OldestWaitingAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await _db.QueryAsync(SharedSql.OldestWaiting, [("@now", StoreTime.ToUnixMilliseconds(now))],
            row => row.IsDBNull(0) ? (DateTimeOffset?)null : Time(row, 0), cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityBucket>> ActivityAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.Activity("(updated_at / 60000) * 60000"), [("@since", StoreTime.ToUnixMilliseconds(since))],
            row => new ActivityBucket(Time(row, 0), row.GetString(1), row.GetInt64(2)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<long> QueueDepthAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await _db.ScalarAsync<long>(SharedSql.QueueDepth, [("@now", StoreTime.ToUnixMilliseconds(now))], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthByLanguageAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        (await _db.QueryAsync(SharedSql.QueueDepthByLanguage, [("@now", StoreTime.ToUnixMilliseconds(now))],
            row => (Language: row.GetString(0), Count: row.GetInt64(1)), cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Language, r => r.Count, StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobSpan>> JobSpansAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.JobSpans, [("@since", StoreTime.ToUnixMilliseconds(since)), ("@now", StoreTime.ToUnixMilliseconds(now))],
            row => new JobSpan(row.GetString(0), Time(row, 1), row.IsDBNull(2) ? null : Time(row, 2), row.IsDBNull(3) ? null : Time(row, 3), row.GetInt64(4) == 1), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<long?> QueuePositionAsync(string submissionId, CancellationToken cancellationToken) =>
        await _db.ScalarAsync<long?>(SharedSql.QueuePosition, [("@id", submissionId)], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task UpsertWorkerAsync(WorkerRecord worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await _db.WriteAsync(SharedSql.UpsertWorker,
            [("@id", worker.Id), ("@host", worker.Host), ("@pid", worker.ProcessId), ("@started", StoreTime.ToUnixMilliseconds(worker.StartedAt)),
             ("@heartbeat", StoreTime.ToUnixMilliseconds(worker.HeartbeatAt)), ("@capabilities", worker.CapabilitiesJson), ("@load", worker.Load),
             ("@disk", worker.DiskFreeBytes), ("@running", worker.RunningJobs), ("@draining", worker.Draining), ("@stop", worker.StopRequested)],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkerRecord>> ListWorkersAsync(CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.ListWorkers, [], row => RecordReader.Worker(row, Time), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> SetWorkerFlagsAsync(string workerId, bool draining, bool stopRequested, CancellationToken cancellationToken) =>
        await _db.WriteAsync(SharedSql.SetWorkerFlags, [("@id", workerId), ("@draining", draining), ("@stop", stopRequested)], cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task RecordCallbackAsync(CallbackAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        try
        {
            await _db.WriteAsync(SharedSql.UpsertCallback,
                [("@id", attempt.SubmissionId), ("@attempt", attempt.Attempt), ("@at", StoreTime.ToUnixMilliseconds(attempt.At)),
                 ("@http", attempt.HttpStatus), ("@error", attempt.Error), ("@delivered", attempt.Delivered)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == 787)
        {
            throw new KeyNotFoundException($"no submission '{attempt.SubmissionId}' to record a callback for", ex);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallbackAttempt>> GetCallbacksAsync(string submissionId, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.Callbacks, [("@id", submissionId)], row => RecordReader.Callback(row, Time), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OwedCallback>> OwedCallbacksAsync(DateTimeOffset since, int maxAttempts, int limit, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.OwedCallbacks, [("@since", StoreTime.ToUnixMilliseconds(since)), ("@max", maxAttempts), ("@limit", limit), ("@inprogress", OwedCallback.InProgress)],
            row => new OwedCallback(row.GetString(0), row.GetInt32(1), row.IsDBNull(2) ? null : Time(row, 2), row.IsDBNull(3) ? null : Time(row, 3)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> ClaimCallbackAsync(string submissionId, int attempt, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _db.WriteAsync(SharedSql.ClaimCallback,
            [("@id", submissionId), ("@attempt", attempt), ("@at", StoreTime.ToUnixMilliseconds(now)), ("@error", OwedCallback.InProgress), ("@delivered", false)],
            cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task SaveProblemAsync(ProblemRecord problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        await _db.WriteAsync(SharedSql.UpsertProblem,
            [("@id", problem.Id), ("@name", problem.Name), ("@type", problem.Type), ("@imported", StoreTime.ToUnixMilliseconds(problem.ImportedAt)),
             ("@owner", problem.Owner), ("@zip", problem.PackageZip)],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ProblemRecord?> GetProblemAsync(string id, CancellationToken cancellationToken)
    {
        var rows = await _db.QueryAsync(SharedSql.Problem, [("@id", id)], row => RecordReader.Problem(row, Time, withPackage: true), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProblemRecord>> ListProblemsAsync(CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.ListProblems, [], row => RecordReader.Problem(row, Time, withPackage: false), cancellationToken).ConfigureAwait(false);

    // Users and API keys are written durably (synchronous=FULL): an account, a key just handed
    // out or a revocation must not be undone by a power loss.

    /// <inheritdoc />
    public async Task AddUserAsync(UserRecord user, CancellationToken cancellationToken)
    {
        StoreGuard.User(user);
        try
        {
            await _db.WriteAsync(SharedSql.InsertUser,
                [("@id", user.Id), ("@name", user.Name), ("@key", StoreGuard.NameKey(user.Name)), ("@hash", user.PasswordHash), ("@role", user.Role),
                 ("@created", StoreTime.ToUnixMilliseconds(user.CreatedAt))],
                cancellationToken, durable: true).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode is 1555 or 2067)
        {
            throw new StoreConflictException($"a user with id '{user.Id}' or name '{user.Name}' (in any case) already exists", ex);
        }
    }

    /// <inheritdoc />
    public async Task<UserRecord?> GetUserAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var rows = await _db.QueryAsync(SharedSql.UserById, [("@id", id)], row => RecordReader.User(row, Time), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<UserRecord?> GetUserByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rows = await _db.QueryAsync(SharedSql.UserByName, [("@key", StoreGuard.NameKey(name))], row => RecordReader.User(row, Time), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.ListUsers, [], row => RecordReader.User(row, Time), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<long> CountUsersAsync(CancellationToken cancellationToken) =>
        await _db.ScalarAsync<long>(SharedSql.CountUsers, [], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> SetUserRoleAsync(string userId, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        StoreGuard.Role(role);
        return await _db.WriteAsync(SharedSql.SetUserRole, [("@id", userId), ("@role", role)], cancellationToken, durable: true).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> SetPasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        return await _db.WriteAsync(SharedSql.SetPasswordHash, [("@id", userId), ("@hash", passwordHash)], cancellationToken, durable: true).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        StoreGuard.ApiKey(key);
        try
        {
            await _db.WriteAsync(SharedSql.InsertApiKey,
                [("@id", key.Id), ("@user", key.UserId), ("@name", key.Name), ("@hash", key.Hash), ("@prefix", key.Prefix),
                 ("@created", StoreTime.ToUnixMilliseconds(key.CreatedAt)), ("@revoked", key.RevokedAt is { } r ? StoreTime.ToUnixMilliseconds(r) : null),
                 ("@quota", key.DailyQuota)],
                cancellationToken, durable: true).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode is 1555 or 2067)
        {
            throw new StoreConflictException($"an API key with id '{key.Id}' or the same hash already exists", ex);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == 787)
        {
            throw new KeyNotFoundException($"no user '{key.UserId}' to add an API key for", ex);
        }
    }

    /// <inheritdoc />
    public async Task<(ApiKeyRecord Key, UserRecord User)?> FindApiKeyAsync(string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var rows = await _db.QueryAsync(SharedSql.FindApiKey, [("@hash", hash)],
            row => (RecordReader.ApiKey(row, Time), RecordReader.User(row, Time, first: 8)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return await _db.QueryAsync(SharedSql.ListApiKeys, [("@user", userId)], row => RecordReader.ApiKey(row, Time), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeApiKeyAsync(string userId, string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(keyId);
        return await _db.WriteAsync(SharedSql.RevokeApiKey, [("@id", keyId), ("@user", userId), ("@at", StoreTime.ToUnixMilliseconds(at))],
            cancellationToken, durable: true).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<long> CountKeySubmissionsAsync(string keyId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return await _db.ScalarAsync<long>(SharedSql.CountKeySubmissions, [("@key", keyId), ("@since", StoreTime.ToUnixMilliseconds(since))], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections to this file, so it can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        _db.ClearPool();
        return ValueTask.CompletedTask;
    }

    /// <summary>The one guarded state change: only the lease holder, only while unfinished.</summary>
    private async Task<bool> TransitionAsync(string submissionId, string workerId, IReadOnlyList<StatusChange> progress, SubmissionStatus status, SubmissionOutcome? outcome, string? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var final = StatusText.IsFinal(status);
        var sql = final
            ? "UPDATE submissions SET status = @status, result_json = @result, verdict = @verdict, score = @score, updated_at = @now, lease_expires_at = NULL WHERE id = @id AND lease_owner = @worker AND status IN " + StatusText.ActiveList
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

    private static async Task AppendHistoryAsync(SqliteConnection connection, SqliteTransaction transaction, string submissionId, SubmissionStatus status, DateTimeOffset at, string? workerId, string? detail, CancellationToken cancellationToken)
    {
        await using var insert = SqliteDatabase.Command(connection, transaction, SharedSql.InsertHistory, ("@id", submissionId), ("@status", StatusText.Of(status)),
            ("@at", StoreTime.ToUnixMilliseconds(at)), ("@worker", workerId), ("@detail", detail));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

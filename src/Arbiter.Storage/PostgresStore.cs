using Arbiter.Storage.Classroom;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using static Arbiter.Storage.PostgresDatabase;

namespace Arbiter.Storage;

/// <summary>
/// The store in a PostgreSQL database, for several API and worker processes. Leases use
/// <c>FOR UPDATE SKIP LOCKED</c>, so concurrent workers pass over each other's rows instead of
/// waiting; each state change and its history row are one statement (a data-modifying CTE), so
/// they commit together. Instants are timestamptz, truncated to the millisecond like SQLite's.
/// </summary>
public sealed class PostgresStore : IArbiterStore
{
    private const string Active = "status IN " + StatusText.ActiveList;

    private static readonly Func<DbDataReader, int, DateTimeOffset> ReadTime =
        static (row, ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal);

    private readonly PostgresDatabase _db;

    /// <summary>Uses the database an Npgsql <paramref name="connectionString"/> names (connections
    /// open lazily). Throws <see cref="StoreUnavailableException"/> for a malformed string.
    /// Call <see cref="MigrateAsync"/> before anything else.</summary>
    public PostgresStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _db = new PostgresDatabase(connectionString);
        Classroom = new ClassroomStore(new PostgresGateway(_db));
    }

    /// <inheritdoc />
    public IClassroomStore Classroom { get; }

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken) => _db.GuardAsync(() => MigrateUnguardedAsync(cancellationToken));

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

        // Whole batch as arrays: two statements however many submissions, one transaction.
        const string insert =
            "INSERT INTO submissions (id, ticket, kind, language, problem_id, request_json, callback_url, priority, owner, created_at, status, updated_at, assignment_id, key_id, trace_parent) " +
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
            TextArray("ids", s => s.Id), TextArray("tickets", s => s.Ticket), TextArray("kinds", s => s.Kind), TextArray("languages", s => s.Language),
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
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IdempotencyRecord?> FindIdempotencyKeyAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rows = await _db.QueryAsync(SharedSql.IdempotencyKey, [Text("key", key)],
            row => StoreGuard.Idempotency(row.GetString(0), row.GetString(1), row.GetString(2), ReadTime(row, 3)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<SubmissionRecord?> GetSubmissionAsync(string idOrTicket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrTicket);
        var rows = await _db.QueryAsync(SharedSql.SubmissionByIdOrTicket, [Text("key", idOrTicket)], row => RecordReader.Submission(row, ReadTime), cancellationToken).ConfigureAwait(false);
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

        var rows = await _db.QueryAsync("SELECT " + RecordReader.SubmissionColumns + " FROM submissions WHERE id = ANY(@ids)",
            [Typed("ids", wanted, NpgsqlDbType.Array | NpgsqlDbType.Text)], row => RecordReader.Submission(row, ReadTime), cancellationToken).ConfigureAwait(false);
        return StoreGuard.InRequestedOrder(wanted, rows);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatusChange>> GetHistoryAsync(string submissionId, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.History, [Text("id", submissionId)], row => RecordReader.History(row, ReadTime), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SubmissionRecord>> ListSubmissionsAsync(SubmissionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<NpgsqlParameter> { Integer("limit", StoreGuard.PageSize(query.Limit)) };
        if (query.Owner is not null)
        {
            parameters.Add(Text("owner", query.Owner));
        }

        if (query.ProblemId is not null)
        {
            parameters.Add(Text("problem", query.ProblemId));
        }

        if (query.Status is { } status)
        {
            parameters.Add(Text("status", StatusText.Of(status)));
        }

        if (query.Before is not null)
        {
            parameters.Add(Text("before", query.Before));
        }

        if (query.AssignmentId is not null)
        {
            parameters.Add(Text("assignment", query.AssignmentId));
        }

        return await _db.QueryAsync(SharedSql.ListSubmissions(query), [.. parameters], row => RecordReader.Submission(row, ReadTime), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TicketExistsAsync(string ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return await _db.ScalarAsync<long>(SharedSql.TicketExists, [Text("ticket", ticket)], cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<JobLease?> LeaseNextAsync(string workerId, TimeSpan leaseFor, IReadOnlyCollection<string> languages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.LeaseLength(leaseFor);
        ArgumentNullException.ThrowIfNull(languages);
        var expires = StoreTime.Normalize(now + leaseFor);
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
    public async Task<bool> RenewLeaseAsync(string submissionId, string workerId, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.LeaseLength(leaseFor);
        return await _db.ExecuteAsync(SharedSql.Renew, [Time("expires", now + leaseFor), Text("id", submissionId), Text("worker", workerId)], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<int> ReleaseLeasesAsync(string workerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
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
        await _db.QueryAsync(SharedSql.QueueShares, [Time("now", now), Integer("limit", limit)],
            row => new OwnerShare(row.IsDBNull(0) ? null : row.GetString(0), row.GetInt64(1), row.GetInt64(2)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<DateTimeOffset?> OldestWaitingAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await _db.QueryAsync(SharedSql.OldestWaiting, [Time("now", now)],
            row => row.IsDBNull(0) ? (DateTimeOffset?)null : ReadTime(row, 0), cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityBucket>> ActivityAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.Activity("date_trunc('minute', updated_at)"), [Time("since", since)],
            row => new ActivityBucket(ReadTime(row, 0), row.GetString(1), row.GetInt64(2)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<long> QueueDepthAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await _db.ScalarAsync<long>(SharedSql.QueueDepth, [Time("now", now)], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobSpan>> JobSpansAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.JobSpans, [Time("since", since), Time("now", now)],
            row => new JobSpan(row.GetString(0), ReadTime(row, 1), row.IsDBNull(2) ? null : ReadTime(row, 2), row.IsDBNull(3) ? null : ReadTime(row, 3), row.GetInt32(4) == 1), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthByLanguageAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        (await _db.QueryAsync(SharedSql.QueueDepthByLanguage, [Time("now", now)],
            row => (Language: row.GetString(0), Count: row.GetInt64(1)), cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Language, r => r.Count, StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<long?> QueuePositionAsync(string submissionId, CancellationToken cancellationToken) =>
        await _db.ScalarAsync<long?>(SharedSql.QueuePosition, [Text("id", submissionId)], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task UpsertWorkerAsync(WorkerRecord worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await _db.ExecuteAsync(SharedSql.UpsertWorker,
            [Text("id", worker.Id), Text("host", worker.Host), Integer("pid", worker.ProcessId), Time("started", worker.StartedAt),
             Time("heartbeat", worker.HeartbeatAt), Text("capabilities", worker.CapabilitiesJson), Typed("load", worker.Load, NpgsqlDbType.Double),
             Typed("disk", worker.DiskFreeBytes, NpgsqlDbType.Bigint), Integer("running", worker.RunningJobs),
             Typed("draining", worker.Draining, NpgsqlDbType.Boolean), Typed("stop", worker.StopRequested, NpgsqlDbType.Boolean)],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkerRecord>> ListWorkersAsync(CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.ListWorkers, [], row => RecordReader.Worker(row, ReadTime), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> SetWorkerFlagsAsync(string workerId, bool draining, bool stopRequested, CancellationToken cancellationToken) =>
        await _db.ExecuteAsync(SharedSql.SetWorkerFlags,
            [Text("id", workerId), Typed("draining", draining, NpgsqlDbType.Boolean), Typed("stop", stopRequested, NpgsqlDbType.Boolean)],
            cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task RecordCallbackAsync(CallbackAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        try
        {
            await _db.ExecuteAsync(SharedSql.UpsertCallback,
                [Text("id", attempt.SubmissionId), Integer("attempt", attempt.Attempt), Time("at", attempt.At), Integer("http", attempt.HttpStatus),
                 Text("error", attempt.Error), Typed("delivered", attempt.Delivered, NpgsqlDbType.Boolean)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new KeyNotFoundException($"no submission '{attempt.SubmissionId}' to record a callback for", ex);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallbackAttempt>> GetCallbacksAsync(string submissionId, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.Callbacks, [Text("id", submissionId)], row => RecordReader.Callback(row, ReadTime), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OwedCallback>> OwedCallbacksAsync(DateTimeOffset since, int maxAttempts, int limit, CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.OwedCallbacks, [Time("since", since), Typed("max", (long)maxAttempts, NpgsqlDbType.Bigint), Typed("limit", (long)limit, NpgsqlDbType.Bigint), Text("inprogress", OwedCallback.InProgress)],
            row => new OwedCallback(row.GetString(0), (int)row.GetInt64(1), row.IsDBNull(2) ? null : ReadTime(row, 2), row.IsDBNull(3) ? null : ReadTime(row, 3)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> ClaimCallbackAsync(string submissionId, int attempt, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _db.ExecuteAsync(SharedSql.ClaimCallback,
            [Text("id", submissionId), Integer("attempt", attempt), Time("at", now), Text("error", OwedCallback.InProgress), Typed("delivered", false, NpgsqlDbType.Boolean)],
            cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task SaveProblemAsync(ProblemRecord problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        await _db.ExecuteAsync(SharedSql.UpsertProblem,
            [Text("id", problem.Id), Text("name", problem.Name), Text("type", problem.Type), Time("imported", problem.ImportedAt),
             Text("owner", problem.Owner), Typed("zip", problem.PackageZip, NpgsqlDbType.Bytea)],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ProblemRecord?> GetProblemAsync(string id, CancellationToken cancellationToken)
    {
        var rows = await _db.QueryAsync(SharedSql.Problem, [Text("id", id)], row => RecordReader.Problem(row, ReadTime, withPackage: true), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProblemRecord>> ListProblemsAsync(CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.ListProblems, [], row => RecordReader.Problem(row, ReadTime, withPackage: false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task AddUserAsync(UserRecord user, CancellationToken cancellationToken)
    {
        StoreGuard.User(user);
        try
        {
            await _db.ExecuteAsync(SharedSql.InsertUser,
                [Text("id", user.Id), Text("name", user.Name), Text("key", StoreGuard.NameKey(user.Name)), Text("hash", user.PasswordHash),
                 Text("role", user.Role), Time("created", user.CreatedAt)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new StoreConflictException($"a user with id '{user.Id}' or name '{user.Name}' (in any case) already exists ({ex.ConstraintName})", ex);
        }
    }

    /// <inheritdoc />
    public async Task<UserRecord?> GetUserAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var rows = await _db.QueryAsync(SharedSql.UserById, [Text("id", id)], row => RecordReader.User(row, ReadTime), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<UserRecord?> GetUserByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rows = await _db.QueryAsync(SharedSql.UserByName, [Text("key", StoreGuard.NameKey(name))], row => RecordReader.User(row, ReadTime), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken) =>
        await _db.QueryAsync(SharedSql.ListUsers, [], row => RecordReader.User(row, ReadTime), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<long> CountUsersAsync(CancellationToken cancellationToken) =>
        await _db.ScalarAsync<long>(SharedSql.CountUsers, [], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> SetUserRoleAsync(string userId, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        StoreGuard.Role(role);
        return await _db.ExecuteAsync(SharedSql.SetUserRole, [Text("id", userId), Text("role", role)], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> SetPasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        return await _db.ExecuteAsync(SharedSql.SetPasswordHash, [Text("id", userId), Text("hash", passwordHash)], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        StoreGuard.ApiKey(key);
        try
        {
            await _db.ExecuteAsync(SharedSql.InsertApiKey,
                [Text("id", key.Id), Text("user", key.UserId), Text("name", key.Name), Text("hash", key.Hash), Text("prefix", key.Prefix),
                 Time("created", key.CreatedAt), Typed("revoked", key.RevokedAt is { } r ? StoreTime.Normalize(r) : null, NpgsqlDbType.TimestampTz),
                 Typed("quota", key.DailyQuota, NpgsqlDbType.Integer)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new StoreConflictException($"an API key with id '{key.Id}' or the same hash already exists ({ex.ConstraintName})", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new KeyNotFoundException($"no user '{key.UserId}' to add an API key for", ex);
        }
    }

    /// <inheritdoc />
    public async Task<(ApiKeyRecord Key, UserRecord User)?> FindApiKeyAsync(string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var rows = await _db.QueryAsync(SharedSql.FindApiKey, [Text("hash", hash)],
            row => (RecordReader.ApiKey(row, ReadTime), RecordReader.User(row, ReadTime, first: 8)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return await _db.QueryAsync(SharedSql.ListApiKeys, [Text("user", userId)], row => RecordReader.ApiKey(row, ReadTime), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeApiKeyAsync(string userId, string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(keyId);
        return await _db.ExecuteAsync(SharedSql.RevokeApiKey, [Text("id", keyId), Text("user", userId), Time("at", at)], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<long> CountKeySubmissionsAsync(string keyId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return await _db.ScalarAsync<long>(SharedSql.CountKeySubmissions, [Text("key", keyId), Time("since", since)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections.</summary>
    public ValueTask DisposeAsync() => _db.DisposeAsync();

    /// <summary>The one guarded state change, with its history row in the same statement: only
    /// the lease holder, only while unfinished. The count is of history rows written (0 or 1).</summary>
    private async Task<bool> TransitionAsync(string submissionId, string workerId, IReadOnlyList<StatusChange> progress, SubmissionStatus status, SubmissionOutcome? outcome, string? detail, DateTimeOffset now, CancellationToken cancellationToken)
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
}

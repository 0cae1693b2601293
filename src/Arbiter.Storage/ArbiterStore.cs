using System.Data.Common;
using System.Globalization;
using Arbiter.Storage.Classroom;
using Arbiter.Storage.Sql;

namespace Arbiter.Storage;

/// <summary>
/// The store, written once over an <see cref="ISqlGateway"/>: every statement in its partial
/// files (one per concern: submissions and their deletion, queue, statistics, workers, callbacks,
/// problems, users, cached files) reads the same on SQLite and PostgreSQL, and the gateway binds
/// the arguments each database's way. <see cref="SqliteStore"/> and <see cref="PostgresStore"/> add only what really differs:
/// migrations, the batch insert of new submissions, the lease (one UPDATE under SQLite's writer
/// lock; FOR UPDATE SKIP LOCKED on PostgreSQL), handing leases back and the guarded state change
/// (with PostgreSQL's notifications in the same statement).
/// </summary>
public abstract partial class ArbiterStore : IArbiterStore
{
    private protected ArbiterStore(ISqlGateway db)
    {
        Db = db;
        Classroom = new ClassroomStore(db);
    }

    /// <inheritdoc />
    public IClassroomStore Classroom { get; }

    private protected ISqlGateway Db { get; }

    /// <inheritdoc />
    public abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Closes the pooled connections.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>Stores a validated, non-empty batch of submissions, queued, with their first
    /// history rows and idempotency claims, all or none (<see cref="AddSubmissionsAsync"/>).</summary>
    private protected abstract Task InsertBatchAsync(IReadOnlyList<NewSubmission> submissions, CancellationToken cancellationToken);

    /// <summary>The atomic lease of <see cref="LeaseNextAsync"/>, arguments checked.</summary>
    private protected abstract Task<JobLease?> LeaseAsync(string workerId, DateTimeOffset expires,
        IReadOnlyCollection<string> languages, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The hand-back of <see cref="ReleaseLeasesAsync"/>, arguments checked.</summary>
    private protected abstract Task<int> ReleaseAsync(string workerId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The one guarded state change with its history rows: only the lease holder, only
    /// while unfinished; the held-back <paramref name="progress"/> first, then this change.</summary>
    private protected abstract Task<bool> TransitionAsync(string submissionId, string workerId, IReadOnlyList<StatusChange> progress, SubmissionStatus status,
        SubmissionOutcome? outcome, string? detail, DateTimeOffset now, CancellationToken cancellationToken);

    private DateTimeOffset ReadTime(DbDataReader row, int ordinal) => Db.ReadTime(row, ordinal);

    private DateTimeOffset? ReadNullableTime(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : Db.ReadTime(row, ordinal);

    /// <summary>An integer column whichever width the database gives it (COUNT is bigint on
    /// PostgreSQL, a CASE of literals an int).</summary>
    private static long Long(DbDataReader row, int ordinal) => Convert.ToInt64(row.GetValue(ordinal), CultureInfo.InvariantCulture);

    private async Task<T?> FirstAsync<T>(string sql, SqlArg[] args, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        var rows = await Db.QueryAsync(sql, args, map, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }
}

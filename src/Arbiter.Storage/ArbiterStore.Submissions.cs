using Arbiter.Storage.Sql;
using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage;

/// <summary>Submissions: <see cref="ISubmissionStore"/>.</summary>
public abstract partial class ArbiterStore
{
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

        await InsertBatchAsync(submissions, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IdempotencyRecord?> FindIdempotencyKeyAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await FirstAsync(SharedSql.IdempotencyKey, [Text("key", key)],
            row => StoreGuard.Idempotency(row.GetString(0), row.GetString(1), row.GetString(2), ReadTime(row, 3)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SubmissionRecord?> GetSubmissionAsync(string idOrTicket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrTicket);
        return await FirstAsync(SharedSql.SubmissionByIdOrTicket, [Text("key", idOrTicket)], row => RecordReader.Submission(row, ReadTime), cancellationToken)
            .ConfigureAwait(false);
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

        var rows = await Db.QueryAsync("SELECT " + RecordReader.SubmissionColumns + " FROM submissions WHERE " + Db.InList("id", "ids"),
            [TextList("ids", wanted)], row => RecordReader.Submission(row, ReadTime), cancellationToken).ConfigureAwait(false);
        return StoreGuard.InRequestedOrder(wanted, rows);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatusChange>> GetHistoryAsync(string submissionId, CancellationToken cancellationToken) =>
        await Db.QueryAsync(SharedSql.History, [Text("id", submissionId)], row => RecordReader.History(row, ReadTime), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SubmissionRecord>> ListSubmissionsAsync(SubmissionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Only the filters the statement has (SharedSql.ListSubmissions adds a condition per filter set).
        var args = new List<SqlArg> { Integer("limit", StoreGuard.PageSize(query.Limit)) };
        if (query.Owner is not null)
        {
            args.Add(Text("owner", query.Owner));
        }

        if (query.ProblemId is not null)
        {
            args.Add(Text("problem", query.ProblemId));
        }

        if (query.Status is { } status)
        {
            args.Add(Text("status", StatusText.Of(status)));
        }

        if (query.Before is not null)
        {
            args.Add(Text("before", query.Before));
        }

        if (query.AssignmentId is not null)
        {
            args.Add(Text("assignment", query.AssignmentId));
        }

        return await Db.QueryAsync(SharedSql.ListSubmissions(query), [.. args], row => RecordReader.Submission(row, ReadTime), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TicketExistsAsync(string ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return await Db.ScalarAsync<long>(SharedSql.TicketExists, [Text("ticket", ticket)], cancellationToken).ConfigureAwait(false) > 0;
    }
}

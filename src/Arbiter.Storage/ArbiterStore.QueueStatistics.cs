using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage;

/// <summary>Read-only views of the queue: <see cref="IQueueStatistics"/>.</summary>
public abstract partial class ArbiterStore
{
    /// <inheritdoc />
    public async Task<long> QueueDepthAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await Db.ScalarAsync<long>(SharedSql.QueueDepth, [Time("now", now)], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthByLanguageAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        (await Db.QueryAsync(SharedSql.QueueDepthByLanguage, [Time("now", now)], row => (Language: row.GetString(0), Count: Long(row, 1)), cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.Language, r => r.Count, StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OwnerShare>> QueueSharesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await Db.QueryAsync(SharedSql.QueueShares, [Time("now", now), Integer("limit", limit)],
            row => new OwnerShare(row.IsDBNull(0) ? null : row.GetString(0), Long(row, 1), Long(row, 2)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<DateTimeOffset?> OldestWaitingAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await Db.QueryAsync(SharedSql.OldestWaiting, [Time("now", now)], row => ReadNullableTime(row, 0), cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityBucket>> ActivityAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await Db.QueryAsync(SharedSql.Activity(Db.MinuteOf("updated_at")), [Time("since", since)],
            row => new ActivityBucket(ReadTime(row, 0), row.GetString(1), Long(row, 2)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobSpan>> JobSpansAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Db.QueryAsync(SharedSql.JobSpans, [Time("since", since), Time("now", now)],
            row => new JobSpan(row.GetString(0), ReadTime(row, 1), ReadNullableTime(row, 2), ReadNullableTime(row, 3), Long(row, 4) == 1), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<long?> QueuePositionAsync(string submissionId, CancellationToken cancellationToken) =>
        await Db.ScalarAsync<long?>(SharedSql.QueuePosition, [Text("id", submissionId)], cancellationToken).ConfigureAwait(false);
}

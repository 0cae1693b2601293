using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage;

/// <summary>Callback deliveries: <see cref="ICallbackOutbox"/>. Attempts are bookkeeping writes:
/// one lost to a power cut is owed again and retried.</summary>
public abstract partial class ArbiterStore
{
    /// <inheritdoc />
    public async Task RecordCallbackAsync(CallbackAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        try
        {
            await Db.ExecuteAsync(SharedSql.UpsertCallback,
                [Text("id", attempt.SubmissionId), Integer("attempt", attempt.Attempt), Time("at", attempt.At), Integer("http", attempt.HttpStatus),
                 Text("error", attempt.Error), Boolean("delivered", attempt.Delivered)],
                cancellationToken, durable: false).ConfigureAwait(false);
        }
        catch (Exception ex) when (Db.IsForeignKeyViolation(ex))
        {
            throw new KeyNotFoundException($"no submission '{attempt.SubmissionId}' to record a callback for", ex);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallbackAttempt>> GetCallbacksAsync(string submissionId, CancellationToken cancellationToken) =>
        await Db.QueryAsync(SharedSql.Callbacks, [Text("id", submissionId)], row => RecordReader.Callback(row, ReadTime), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OwedCallback>> OwedCallbacksAsync(DateTimeOffset since, int maxAttempts, int limit, CancellationToken cancellationToken) =>
        await Db.QueryAsync(SharedSql.OwedCallbacks,
            [Time("since", since), Integer("max", maxAttempts), Integer("limit", limit), Text("inprogress", OwedCallback.InProgress)],
            row => new OwedCallback(row.GetString(0), (int)Long(row, 1), ReadNullableTime(row, 2), ReadNullableTime(row, 3)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> ClaimCallbackAsync(string submissionId, int attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await Db.ExecuteAsync(SharedSql.ClaimCallback,
                [Text("id", submissionId), Integer("attempt", attempt), Time("at", now), Text("error", OwedCallback.InProgress), Boolean("delivered", false)],
                cancellationToken, durable: false).ConfigureAwait(false) == 1;
        }
        catch (Exception ex) when (Db.IsForeignKeyViolation(ex))
        {
            // Deleted since it was found owed: there is nothing to call back for.
            return false;
        }
    }
}

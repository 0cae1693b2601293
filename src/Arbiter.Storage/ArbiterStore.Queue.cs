using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage;

/// <summary>The job queue: <see cref="IJobLeases"/>. Leasing, handing back and the state change
/// are per database; renewing is one shared statement.</summary>
public abstract partial class ArbiterStore
{
    /// <inheritdoc />
    public Task<JobLease?> LeaseNextAsync(string workerId, TimeSpan leaseFor, IReadOnlyCollection<string> languages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.LeaseLength(leaseFor);
        ArgumentNullException.ThrowIfNull(languages);
        return LeaseAsync(workerId, StoreTime.Normalize(now + leaseFor), languages, now, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RenewLeaseAsync(string submissionId, string workerId, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.LeaseLength(leaseFor);
        return await Db.ExecuteAsync(SharedSql.Renew, [Time("expires", now + leaseFor), Text("id", submissionId), Text("worker", workerId)],
            cancellationToken, durable: false).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public Task<int> ReleaseLeasesAsync(string workerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        return ReleaseAsync(workerId, now, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> SetStatusAsync(string submissionId, string workerId, SubmissionStatus status, string? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.Progress(status);
        return TransitionAsync(submissionId, workerId, [], status, outcome: null, detail, now, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(string submissionId, string workerId, SubmissionStatus status,
        SubmissionOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
        => CompleteAsync(submissionId, workerId, [], status, outcome, now, cancellationToken);

    /// <inheritdoc />
    public Task<bool> CompleteAsync(string submissionId, string workerId, IReadOnlyList<StatusChange> progress,
        SubmissionStatus status, SubmissionOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.Worker(workerId);
        StoreGuard.Final(status);
        StoreGuard.Outcome(outcome);
        StoreGuard.HeldBackProgress(progress);
        return TransitionAsync(submissionId, workerId, progress, status, outcome, detail: null, now, cancellationToken);
    }
}

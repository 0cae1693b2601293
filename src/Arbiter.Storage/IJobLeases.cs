namespace Arbiter.Storage;

/// <summary>The job queue as a worker sees it: a submission is its own job, queued until a worker
/// leases it; the lease holder records progress and the result exactly once, and a stopping worker
/// hands its jobs back.</summary>
public interface IJobLeases
{
    /// <summary>
    /// Claims the next job for <paramref name="workerId"/> among the queued submissions in
    /// <paramref name="languages"/> (all when empty) and those whose lease expired (their worker
    /// died): the highest priority; within it, fairly — the owner with the fewest jobs running,
    /// then the course with the fewest, then the oldest. Atomic across processes (PostgreSQL:
    /// FOR UPDATE SKIP LOCKED; SQLite: a single UPDATE … RETURNING). Null when the queue is empty.
    /// </summary>
    Task<JobLease?> LeaseNextAsync(string workerId, TimeSpan leaseFor, IReadOnlyCollection<string> languages, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Extends a lease this worker still holds; false when it lost it.</summary>
    Task<bool> RenewLeaseAsync(string submissionId, string workerId, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Hands back every unfinished job <paramref name="workerId"/> holds (a worker stopping
    /// gracefully): each is queued again with no lease, so another worker starts it at once rather
    /// than after the lease expires, and its attempt is not counted. Returns how many.
    /// </summary>
    Task<int> ReleaseLeasesAsync(string workerId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records progress (Compiling, Running) while this worker holds the lease.</summary>
    Task<bool> SetStatusAsync(string submissionId, string workerId, SubmissionStatus status, string? detail, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the final status (Judged or Failed) and outcome, exactly once: only the worker
    /// holding the lease may complete, and only a submission not yet finished. False otherwise
    /// (the lease expired and another worker took over).
    /// </summary>
    Task<bool> CompleteAsync(string submissionId, string workerId, SubmissionStatus status, SubmissionOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// As the other <c>CompleteAsync</c>, recording first, in the same transaction, the progress
    /// the worker held back (<see cref="StatusChange"/>s of Compiling or Running, in order, each
    /// with its own time) as history: a short job's whole progress costs one write.
    /// </summary>
    Task<bool> CompleteAsync(string submissionId, string workerId, IReadOnlyList<StatusChange> progress,
        SubmissionStatus status, SubmissionOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);
}

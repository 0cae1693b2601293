namespace Arbiter.Storage;

/// <summary>Read-only views of the queue for the health page, metrics, the autoscaler and a
/// submitter waiting its turn.</summary>
public interface IQueueStatistics
{
    /// <summary>Submissions waiting (queued, or leased with an expired lease).</summary>
    Task<long> QueueDepthAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Submissions waiting, as <see cref="QueueDepthAsync"/> counts them, per language;
    /// languages with none waiting are left out.</summary>
    Task<IReadOnlyDictionary<string, long>> QueueDepthByLanguageAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Each owner's unfinished jobs, waiting and running, the most waiting first, at most
    /// <paramref name="limit"/> owners: how the fair queue shares the workers.</summary>
    Task<IReadOnlyList<OwnerShare>> QueueSharesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>When the longest-waiting submission was made (null: none waits).</summary>
    Task<DateTimeOffset?> OldestWaitingAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Finished submissions per minute and verdict, from <paramref name="since"/> on, oldest first.</summary>
    Task<IReadOnlyList<ActivityBucket>> ActivityAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>For the autoscaler's signals (read-only): every submission made at or after
    /// <paramref name="since"/> and every one still unfinished, as <see cref="JobSpan"/>s (waiting
    /// as of <paramref name="now"/>).</summary>
    Task<IReadOnlyList<JobSpan>> JobSpansAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>How many queued submissions will be leased before this one (0: next), or null
    /// when it is not queued.</summary>
    Task<long?> QueuePositionAsync(string submissionId, CancellationToken cancellationToken);
}

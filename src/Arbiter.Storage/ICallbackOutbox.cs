namespace Arbiter.Storage;

/// <summary>Callback deliveries: the outbox of finished submissions still owed a callback, and each
/// attempt recorded.</summary>
public interface ICallbackOutbox
{
    Task RecordCallbackAsync(CallbackAttempt attempt, CancellationToken cancellationToken);

    Task<IReadOnlyList<CallbackAttempt>> GetCallbacksAsync(string submissionId, CancellationToken cancellationToken);

    /// <summary>The callback outbox: finished submissions with a callback URL, updated at or
    /// after <paramref name="since"/>, that no attempt has delivered and that have had fewer than
    /// <paramref name="maxAttempts"/> attempts, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<OwedCallback>> OwedCallbacksAsync(DateTimeOffset since, int maxAttempts, int limit, CancellationToken cancellationToken);

    /// <summary>Takes attempt <paramref name="attempt"/> of a submission's callback, recording it
    /// as in progress; false when another process took it first or the submission was deleted.
    /// The taker records the outcome over it with <see cref="RecordCallbackAsync"/>; if it never
    /// does (its process died), the attempt stays undelivered and counts as failed.</summary>
    Task<bool> ClaimCallbackAsync(string submissionId, int attempt, DateTimeOffset now, CancellationToken cancellationToken);
}

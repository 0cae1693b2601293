namespace Arbiter.Storage;

/// <summary>Submissions as they are made and read back: a batch stored all or none with its
/// idempotency keys, look-ups by id or ticket, history and lists.</summary>
public interface ISubmissionStore
{
    /// <summary>Stores submissions, queued, with their first history entry, all or none.
    /// Returns only once they are durable. The submissions that carry one
    /// <see cref="NewSubmission.Idempotency"/> claim are recorded under its key, in their order;
    /// a key stored before throws <see cref="IdempotencyKeyTakenException"/>.</summary>
    Task AddSubmissionsAsync(IReadOnlyList<NewSubmission> submissions, CancellationToken cancellationToken);

    /// <summary>The submissions first stored under an idempotency key, or null when it is new.</summary>
    Task<IdempotencyRecord?> FindIdempotencyKeyAsync(string key, CancellationToken cancellationToken);

    /// <summary>By id, or by ticket (case-insensitive).</summary>
    Task<SubmissionRecord?> GetSubmissionAsync(string idOrTicket, CancellationToken cancellationToken);

    Task<IReadOnlyList<SubmissionRecord>> GetSubmissionsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    Task<IReadOnlyList<StatusChange>> GetHistoryAsync(string submissionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SubmissionRecord>> ListSubmissionsAsync(SubmissionQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a finished (judged or failed) submission with everything stored with it
    /// (its history and callback attempts), all or none. An unfinished one is left as it is
    /// (<see cref="SubmissionDeletion.Unfinished"/>): its worker's later writes then never meet a
    /// missing row, and a deleted one cannot come back, since only an unfinished submission is
    /// ever written by a worker. The idempotency key that made it, if any, stays and keeps
    /// naming its id, so a replay of that request finds it gone rather than running it again.</summary>
    Task<SubmissionDeletion> DeleteSubmissionAsync(string id, CancellationToken cancellationToken);

    /// <summary>Whether a ticket is taken by any submission.</summary>
    Task<bool> TicketExistsAsync(string ticket, CancellationToken cancellationToken);
}

namespace Arbiter.Storage;

/// <summary>
/// Everything the service keeps: submissions with their status history and results, the job
/// queue (a submission is its own job: queued until a worker leases it), workers, callback
/// deliveries and problem packages. SQLite and PostgreSQL implement it with the same behaviour;
/// the same test suite runs against both.
/// </summary>
public interface IArbiterStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema; safe to call at every start and from several processes.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

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

    /// <summary>Whether a ticket is taken by any submission.</summary>
    Task<bool> TicketExistsAsync(string ticket, CancellationToken cancellationToken);

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
    Task<bool> CompleteAsync(string submissionId, string workerId, IReadOnlyList<StatusChange> progress, SubmissionStatus status, SubmissionOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);

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

    Task UpsertWorkerAsync(WorkerRecord worker, CancellationToken cancellationToken);

    Task<IReadOnlyList<WorkerRecord>> ListWorkersAsync(CancellationToken cancellationToken);

    /// <summary>Sets a worker's draining / stop flags; false for an unknown worker.</summary>
    Task<bool> SetWorkerFlagsAsync(string workerId, bool draining, bool stopRequested, CancellationToken cancellationToken);

    Task RecordCallbackAsync(CallbackAttempt attempt, CancellationToken cancellationToken);

    Task<IReadOnlyList<CallbackAttempt>> GetCallbacksAsync(string submissionId, CancellationToken cancellationToken);

    /// <summary>The callback outbox: finished submissions with a callback URL, updated at or
    /// after <paramref name="since"/>, that no attempt has delivered and that have had fewer than
    /// <paramref name="maxAttempts"/> attempts, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<OwedCallback>> OwedCallbacksAsync(DateTimeOffset since, int maxAttempts, int limit, CancellationToken cancellationToken);

    /// <summary>Takes attempt <paramref name="attempt"/> of a submission's callback, recording it
    /// as in progress; false when another process took it first. The taker records the outcome
    /// over it with <see cref="RecordCallbackAsync"/>; if it never does (its process died), the
    /// attempt stays undelivered and counts as failed.</summary>
    Task<bool> ClaimCallbackAsync(string submissionId, int attempt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds or replaces a problem package.</summary>
    Task SaveProblemAsync(ProblemRecord problem, CancellationToken cancellationToken);

    Task<ProblemRecord?> GetProblemAsync(string id, CancellationToken cancellationToken);

    /// <summary>Problems without their package bytes (PackageZip empty).</summary>
    Task<IReadOnlyList<ProblemRecord>> ListProblemsAsync(CancellationToken cancellationToken);

    /// <summary>Adds a user. Names are unique regardless of case: a taken name throws
    /// <see cref="StoreConflictException"/>.</summary>
    Task AddUserAsync(UserRecord user, CancellationToken cancellationToken);

    Task<UserRecord?> GetUserAsync(string id, CancellationToken cancellationToken);

    /// <summary>By name, case-insensitive.</summary>
    Task<UserRecord?> GetUserByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>All users, oldest first.</summary>
    Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken);

    Task<long> CountUsersAsync(CancellationToken cancellationToken);

    /// <summary>False for an unknown user.</summary>
    Task<bool> SetUserRoleAsync(string userId, string role, CancellationToken cancellationToken);

    /// <summary>Replaces a user's password hash; false for an unknown user.</summary>
    Task<bool> SetPasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Adds an API key; its hash is unique (a duplicate throws <see cref="StoreConflictException"/>).</summary>
    Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The key with this hash and its user, when the key exists and is not revoked.</summary>
    Task<(ApiKeyRecord Key, UserRecord User)?> FindApiKeyAsync(string hash, CancellationToken cancellationToken);

    /// <summary>A user's keys, revoked ones included, newest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Revokes one of this user's keys; false when the user has no such key or it was already revoked.</summary>
    Task<bool> RevokeApiKeyAsync(string userId, string keyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>How many submissions the key sent from <paramref name="since"/> on (its quota counts these).</summary>
    Task<long> CountKeySubmissionsAsync(string keyId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Courses, members, assignments, drafts, grades and shared programs, in the same database.</summary>
    Classroom.IClassroomStore Classroom { get; }
}

namespace Arbiter.Storage;

/// <summary>A submission as accepted by the API, before any work.</summary>
/// <remarks>
/// <para><c>Id</c>: Unguessable identifier (128 random bits, URL-safe).</para>
/// <para><c>Ticket</c>: Short human ticket (five capital letters, unique among live submissions).</para>
/// <para><c>Kind</c>: a playground run (stdin in, output out) or judged against <paramref name="ProblemId"/>.</para>
/// <para><c>RequestJson</c>: The whole request as JSON (language, files, stdin, args, limits, flags): the worker reads it back; the store does not interpret it.</para>
/// <para><c>Language</c>: Language id, for workers that lease only what they can run.</para>
/// <para><c>Priority</c>: Higher leases first; FIFO within a priority.</para>
/// <para><c>Owner</c>: Who submitted (a user id), or null for anonymous.</para>
/// <para><c>AssignmentId</c>: The course assignment it answers, if any (then <c>ProblemId</c> is the assignment's problem).</para>
/// <para><c>KeyId</c>: The API key that sent it, if any: per-key quotas count these.</para>
/// <para><c>Idempotency</c>: The request's <c>Idempotency-Key</c>, if it had one: stored with the
/// submissions in the same transaction, and taken only once (<see cref="IdempotencyKeyTakenException"/>).</para>
/// <para><c>TraceParent</c>: The W3C <c>traceparent</c> of the span that accepted it, when tracing is on,
/// so the worker's spans (another process, perhaps) join the same trace.</para>
/// </remarks>
public sealed record NewSubmission(
    string Id,
    string Ticket,
    SubmissionKind Kind,
    string Language,
    string? ProblemId,
    string RequestJson,
    string? CallbackUrl,
    int Priority,
    string? Owner,
    DateTimeOffset CreatedAt,
    string? AssignmentId = null,
    string? KeyId = null,
    IdempotencyClaim? Idempotency = null,
    string? TraceParent = null);

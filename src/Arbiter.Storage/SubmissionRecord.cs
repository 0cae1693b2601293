namespace Arbiter.Storage;

/// <summary>A stored submission with its current state and, once finished, its result.</summary>
/// <remarks>
/// <para><c>ResultJson</c>: The judgement or run result as JSON; null until finished.</para>
/// <para><c>Attempts</c>: How many times a worker leased it (more than one after a worker died).</para>
/// <para><c>WorkerId</c>: The worker holding it now, or that finished it.</para>
/// <para><c>Verdict</c>, <c>Score</c>: Copied from the outcome when it finished (see <see cref="SubmissionOutcome"/>).</para>
/// <para><c>TraceParent</c>: The W3C <c>traceparent</c> it was accepted under, if tracing was on (see <see cref="NewSubmission"/>).</para>
/// </remarks>
public sealed record SubmissionRecord(
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
    SubmissionStatus Status,
    DateTimeOffset UpdatedAt,
    string? ResultJson,
    int Attempts,
    string? WorkerId,
    string? AssignmentId = null,
    string? KeyId = null,
    string? Verdict = null,
    double? Score = null,
    string? TraceParent = null);

namespace Arbiter.Server.Features.Compat;

/// <summary>How an asynchronous submission through an adapter was taken: at most one of the
/// first three is set; otherwise <see cref="SubmissionId"/> is the submission it became.</summary>
/// <param name="Invalid">The intake's reasons it is not a submission.</param>
/// <param name="Refused">An answer the service gives as it is (a quota's 429).</param>
/// <param name="Overloaded">Why it was not queued: the queue is beyond its bound.</param>
/// <param name="SubmissionId">The submission it became.</param>
/// <param name="Completion">Completes when the submission finishes (when asked to listen).</param>
internal sealed record CompatAdmission(IReadOnlyList<string>? Invalid, IResult? Refused, string? Overloaded, string? SubmissionId, Task? Completion);

using Arbiter.Engine.Reports;

namespace Arbiter.Server.Features.Compat;

/// <summary>How a synchronous run through an adapter ended: at most one of the first four is set;
/// none means the service failed it (an internal error).</summary>
/// <param name="Invalid">The intake's reasons it is not a submission (the adapter words them its API's way).</param>
/// <param name="Refused">An answer the service gives as it is (a quota's 429).</param>
/// <param name="Overloaded">Why it was not run now: the queue is beyond its bound, no live worker takes
/// the language, or it did not finish within the wait.</param>
/// <param name="Report">The finished run, as <see cref="Submissions.ResultPolicy"/> lets its caller see it.</param>
/// <param name="SubmissionId">The submission it became, when it became one.</param>
internal sealed record CompatRun(IReadOnlyList<string>? Invalid, IResult? Refused, string? Overloaded, RunFileReport? Report, string? SubmissionId);

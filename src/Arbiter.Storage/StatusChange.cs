namespace Arbiter.Storage;

/// <summary>One step of a submission's history.</summary>
public sealed record StatusChange(SubmissionStatus Status, DateTimeOffset At, string? WorkerId, string? Detail);

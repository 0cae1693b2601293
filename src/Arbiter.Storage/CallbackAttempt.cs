namespace Arbiter.Storage;

/// <summary>One try at POSTing a result to a submission's callback URL.</summary>
public sealed record CallbackAttempt(string SubmissionId, int Attempt, DateTimeOffset At, int? HttpStatus, string? Error, bool Delivered);

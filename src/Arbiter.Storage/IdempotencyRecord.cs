namespace Arbiter.Storage;

/// <summary>A stored <see cref="IdempotencyClaim"/>: the submissions its first request made, in
/// the order of that request.</summary>
public sealed record IdempotencyRecord(string Key, string RequestHash, IReadOnlyList<string> SubmissionIds, DateTimeOffset CreatedAt);

namespace Arbiter.Storage;

/// <summary>A job's life for the autoscaler: its language, when it was made, when a worker last
/// started it (its current attempt; null: never), when it finished (null: not yet), and whether it
/// waits for a worker now (queued, or its worker's lease expired).</summary>
public sealed record JobSpan(string Language, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, bool Waiting);

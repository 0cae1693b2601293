namespace Arbiter.Storage;

/// <summary>A finished submission whose callback has not been delivered yet: how many attempts
/// were made, when the last one was taken or answered (null: none yet), and when the newest
/// attempt still <see cref="InProgress"/> was taken (null: none is).</summary>
public sealed record OwedCallback(string SubmissionId, int Attempts, DateTimeOffset? LastAttemptAt, DateTimeOffset? InProgressSince = null)
{
    /// <summary>What an attempt says while its process is delivering it, and forever after if
    /// that process died before recording the answer.</summary>
    public const string InProgress = "in progress (or interrupted: the delivering process stopped)";
}

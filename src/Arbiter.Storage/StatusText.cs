namespace Arbiter.Storage;

/// <summary>Statuses are stored as lower-case words so the database reads well by hand.</summary>
internal static class StatusText
{
    /// <summary>The statuses a submission can still leave, as an SQL list for IN (…).</summary>
    public const string ActiveList = "('queued','compiling','running')";

    /// <summary>The statuses a submission ends in, as an SQL list for IN (…).</summary>
    public const string FinalList = "('judged','failed')";

    public static string Of(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Queued => "queued",
        SubmissionStatus.Compiling => "compiling",
        SubmissionStatus.Running => "running",
        SubmissionStatus.Judged => "judged",
        SubmissionStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown submission status"),
    };

    public static SubmissionStatus Parse(string text) => text switch
    {
        "queued" => SubmissionStatus.Queued,
        "compiling" => SubmissionStatus.Compiling,
        "running" => SubmissionStatus.Running,
        "judged" => SubmissionStatus.Judged,
        "failed" => SubmissionStatus.Failed,
        _ => throw new InvalidDataException($"unknown submission status '{text}' in the database"),
    };

    public static bool IsFinal(SubmissionStatus status) => status is SubmissionStatus.Judged or SubmissionStatus.Failed;
}

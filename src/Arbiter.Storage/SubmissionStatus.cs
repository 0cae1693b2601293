namespace Arbiter.Storage;

/// <summary>Where a submission is in its life. Queued → Compiling → Running → Judged, or Failed
/// when the judge (not the program) could not finish it.</summary>
public enum SubmissionStatus
{
    Queued,
    Compiling,
    Running,
    Judged,
    Failed,
}

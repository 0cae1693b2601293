namespace Arbiter.Engine.Judging;

/// <summary>One example submission of a package, judged: did it get what its folder says?</summary>
public sealed record SubmissionCheck(
    string Name,
    string Folder,
    string? Language,
    bool Matches,
    Verdict? Verdict,
    double Score,
    double MaxScore,
    string? Problem,
    IReadOnlyList<string> FailedTests);

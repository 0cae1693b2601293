namespace Arbiter.Engine.Judging;

/// <summary>A package's verification: the time limit used and how it was found, each example
/// submission's check, and where the judge could not do as the package asks.</summary>
public sealed record PackageVerification(TimeSpan TimeLimit, string TimeLimitNote, IReadOnlyList<SubmissionCheck> Checks, IReadOnlyList<string> Warnings)
{
    /// <summary>Whether there was something to verify and every submission got its folder's verdict.</summary>
    public bool Ok => Checks.Count > 0 && Checks.All(c => c.Matches);
}

namespace Arbiter.Engine.Judging;

/// <summary>A package's verification: the time limit used and how it was found, what the input
/// validators found, each example submission's check, and where the judge could not do as the
/// package asks.</summary>
public sealed record PackageVerification(
    TimeSpan TimeLimit,
    string TimeLimitNote,
    InputValidationReport Inputs,
    IReadOnlyList<SubmissionCheck> Checks,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Whether there was something to verify, every test input passed every input
    /// validator and every submission got its folder's verdict.</summary>
    public bool Ok => Checks.Count > 0 && Inputs.Problems.Count == 0 && Checks.All(c => c.Matches);
}

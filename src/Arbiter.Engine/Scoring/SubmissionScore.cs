namespace Arbiter.Engine.Scoring;

/// <summary>A submission's overall result over the test data tree.</summary>
/// <param name="Verdict">The root group's verdict: for the default settings, the first failing test's
/// verdict in judging order; IE when a needed test has no result.</param>
/// <param name="Score">Score of <c>data/secret</c> for scored problems; 1 or 0 for pass-fail problems.</param>
/// <param name="MaxScore">The most <see cref="Score"/> can be (<see cref="double.PositiveInfinity"/> when unbounded).</param>
/// <param name="Groups">Every group's result, parents before children (the root first).</param>
/// <param name="FailedTests">Paths of the judged tests that were not accepted, in judging order.</param>
/// <param name="Message">Why the result is an internal error, if it is one because of scoring.</param>
public sealed record SubmissionScore(
    Verdict Verdict,
    double Score,
    double MaxScore,
    IReadOnlyList<GroupScore> Groups,
    IReadOnlyList<string> FailedTests,
    string? Message)
{
    /// <summary>The first failed test, or null.</summary>
    public string? FirstFailedTest => FailedTests.Count > 0 ? FailedTests[0] : null;
}

using Arbiter.Engine.Checking;

namespace Arbiter.Engine.Scoring;

/// <summary>The judged result of one test, as the scorer needs it.</summary>
/// <param name="Verdict">The test's verdict (AC, WA, TLE, MLE, OLE, RE, or IE when checking failed).</param>
/// <param name="Score">Absolute score from a validator's <c>score.txt</c>, if any.</param>
/// <param name="ScoreMultiplier">Fraction of the test's maximum from <c>score_multiplier.txt</c>, if any.</param>
public sealed record TestOutcome(Verdict Verdict, double? Score = null, double? ScoreMultiplier = null)
{
    /// <summary>The outcome of a test whose run ended normally and was then checked.</summary>
    public static TestOutcome FromCheck(CheckResult check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new TestOutcome(check.Verdict, check.Score, check.ScoreMultiplier);
    }
}

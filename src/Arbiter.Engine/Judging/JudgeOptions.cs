namespace Arbiter.Engine.Judging;

/// <summary>How a judgement runs.</summary>
/// <param name="StopAtFirstFailure">Stop once the verdict is known (contest style). Off by
/// default: students see every failed test.</param>
/// <param name="TimeLimit">Overrides the package's time limit (and calibration).</param>
/// <param name="TimeLimitSource">Where <paramref name="TimeLimit"/> came from, for the result
/// (<see cref="PackageTimeLimit.Source"/>); "given" when not said.</param>
public sealed record JudgeOptions(bool StopAtFirstFailure = false, TimeSpan? TimeLimit = null, string? TimeLimitSource = null)
{
    public static JudgeOptions Default { get; } = new();
}

namespace Arbiter.Engine.Judging;

/// <summary>The time limit a package's submissions are judged with.</summary>
/// <param name="Limit">The per-test CPU time limit.</param>
/// <param name="Source">Where it came from: <c>ProblemYaml</c>, <c>TimelimitFile</c>,
/// <c>Calibration</c> or <c>fallback</c> (calibration found none).</param>
/// <param name="Note">How it was found, in a sentence (the calibration's explanation).</param>
public sealed record PackageTimeLimit(TimeSpan Limit, string Source, string Note)
{
    /// <summary>Judging options that run the tests with this limit and say where it came from.</summary>
    public JudgeOptions ToOptions(JudgeOptions? options = null) =>
        (options ?? JudgeOptions.Default) with { TimeLimit = Limit, TimeLimitSource = Source };
}

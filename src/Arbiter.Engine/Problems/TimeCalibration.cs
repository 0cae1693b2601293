namespace Arbiter.Engine.Problems;

/// <summary>
/// What a judge needs to compute a time limit from measured run times when the package gives none.
/// 2023-07: the limit is the smallest multiple of <see cref="TimeResolution"/> with
/// <c>T_ac * AcToTimeLimit &lt;= limit</c> and <c>limit * TimeLimitToTle &lt;= T_tle</c>. Legacy
/// packages give <c>time_multiplier</c> (used as <see cref="AcToTimeLimit"/>) and
/// <c>time_safety_margin</c> (used as <see cref="TimeLimitToTle"/>).
/// </summary>
/// <param name="AcToTimeLimit">Safety factor over the slowest accepted submission (2023-07 default 2, legacy 5).</param>
/// <param name="TimeLimitToTle">Factor the fastest time_limit_exceeded submission must exceed the limit by (2023-07 default 1.5, legacy 2).</param>
/// <param name="TimeResolution">Granularity of a computed limit (default 1 s).</param>
public sealed record TimeCalibration(double AcToTimeLimit, double TimeLimitToTle, TimeSpan TimeResolution)
{
    /// <summary>
    /// The time limit for the slowest accepted run and, if there is one, the fastest run of a
    /// time_limit_exceeded submission; null when no multiple of the resolution satisfies both bounds.
    /// </summary>
    public TimeSpan? Compute(TimeSpan slowestAccepted, TimeSpan? fastestTimeLimitExceeded = null)
    {
        var resolution = TimeResolution.TotalSeconds;
        var needed = slowestAccepted.TotalSeconds * AcToTimeLimit;
        // Round up to the resolution; the tiny slack keeps 2.0000000001 from becoming 3.
        var steps = Math.Max(1, Math.Ceiling((needed / resolution) - 1e-9));
        var limit = steps * resolution;
        // A microsecond of slack: a run stopped at exactly limit × margin (TimeSpan ticks) passes.
        if (fastestTimeLimitExceeded is { } tle && limit * TimeLimitToTle > tle.TotalSeconds + 1e-6)
        {
            return null;
        }

        return TimeSpan.FromSeconds(limit);
    }
}

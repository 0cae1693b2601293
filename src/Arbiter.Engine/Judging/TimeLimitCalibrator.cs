using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Gives a package without a time limit one, as the format describes: run the accepted
/// submissions with a generous limit, take the slowest test time, apply the package's multiplier
/// and round up to its resolution; then every time_limit_exceeded submission must exceed that
/// limit times the safety margin (<see cref="TimeCalibration.TimeLimitToTle"/>), or no limit fits.
/// </summary>
public sealed class TimeLimitCalibrator(Judge judge, LanguageCatalog languages)
{
    /// <summary>Generous enough for any sane accepted submission on a busy machine.</summary>
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(10);

    /// <returns>The limit and a sentence on how it was found, or null and why not.</returns>
    public async Task<(TimeSpan? Limit, string Explanation)> CalibrateAsync(ProblemPackage problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var calibration = problem.Limits.Calibration;
        var slowest = TimeSpan.Zero;
        var accepted = problem.Submissions.Where(s => s.ExpectedVerdict == Verdict.AC).ToList();
        foreach (var submission in accepted)
        {
            if (await RunAsync(problem, submission, Probe, cancellationToken).ConfigureAwait(false) is not { } run)
            {
                continue;
            }

            if (run.Result.Verdict != Verdict.AC)
            {
                return (null, $"accepted submission '{submission.Program.Name}' got {run.Result.Verdict} even with {Probe.TotalSeconds:0} s per test");
            }

            slowest = Max(slowest, run.SlowestTest);
        }

        if (accepted.Count == 0)
        {
            return (null, "no accepted submissions to calibrate from");
        }

        if (calibration.Compute(slowest) is not { } candidate)
        {
            return (null, "no time limit satisfies the package's multipliers");
        }

        var explanation = $"calibrated: slowest accepted test {slowest.TotalMilliseconds:0} ms × {calibration.AcToTimeLimit}";
        var (fastestTle, slowSubmission) = await FastestTimeLimitExceededAsync(problem, candidate * calibration.TimeLimitToTle, cancellationToken).ConfigureAwait(false);
        if (fastestTle is null)
        {
            return (candidate, explanation);
        }

        return calibration.Compute(slowest, fastestTle) is { } limit
            ? (limit, $"{explanation}; every time_limit_exceeded submission runs over {candidate.TotalSeconds:0.###} s × {calibration.TimeLimitToTle}")
            : (null, $"no time limit satisfies the package's multipliers: time_limit_exceeded submission '{slowSubmission}' ran in {fastestTle.Value.TotalMilliseconds:0} ms, " +
                $"under {candidate.TotalSeconds:0.###} s × {calibration.TimeLimitToTle}");
    }

    /// <summary>
    /// The fastest time_limit_exceeded submission's slowest test, each run with the margin as its
    /// limit: a run stopped by that limit is known to take at least the margin, which is all the
    /// check needs, and no such run costs more than the margin per test.
    /// </summary>
    private async Task<(TimeSpan? Fastest, string? Name)> FastestTimeLimitExceededAsync(ProblemPackage problem, TimeSpan margin, CancellationToken cancellationToken)
    {
        (TimeSpan? Fastest, string? Name) found = (null, null);
        foreach (var submission in problem.Submissions.Where(s => s.ExpectedVerdict == Verdict.TLE))
        {
            if (await RunAsync(problem, submission, margin, cancellationToken).ConfigureAwait(false) is not { } run || run.Result.Tests.Count == 0)
            {
                continue;
            }

            var time = run.Result.Tests.Any(t => t.Verdict == Verdict.TLE) ? Max(margin, run.SlowestTest) : run.SlowestTest;
            if (found.Fastest is null || time < found.Fastest)
            {
                found = (time, submission.Program.Name);
            }
        }

        return found;
    }

    /// <summary>Judges one example submission with <paramref name="limit"/>; null when its language is unknown.</summary>
    private async Task<(JudgeResult Result, TimeSpan SlowestTest)?> RunAsync(
        ProblemPackage problem,
        ExampleSubmission submission,
        TimeSpan limit,
        CancellationToken cancellationToken)
    {
        var source = SubmissionSource.From(submission.Program, languages);
        if (source.Language is null)
        {
            return null;
        }

        var result = await judge.JudgeAsync(
            problem,
            source.Language,
            source.Source,
            new JudgeOptions(TimeLimit: limit),
            cancellationToken,
            source.ExtraFiles).ConfigureAwait(false);
        // CPU time per test, scaled back by the language's multiplier and extra seconds so the
        // limit is the problem's, not the slow language's.
        var slowest = result.Tests.Count == 0 ? 0 : result.Tests.Max(t => t.CpuTimeMs);
        return (result, source.Language.Limits.Unscale(TimeSpan.FromMilliseconds(slowest)));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

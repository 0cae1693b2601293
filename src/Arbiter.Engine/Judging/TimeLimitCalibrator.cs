using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Gives a package without a time limit one, as the format describes: run the accepted
/// submissions with a generous limit, take the slowest test time, apply the package's multiplier
/// and round up to its resolution; a time_limit_exceeded submission, if any, must then exceed
/// the limit by the safety margin.
/// </summary>
public sealed class TimeLimitCalibrator(Judge judge, LanguageCatalog languages)
{
    /// <summary>Generous enough for any sane accepted submission on a busy machine.</summary>
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(10);

    /// <returns>The limit and a sentence on how it was found, or null and why not.</returns>
    public async Task<(TimeSpan? Limit, string Explanation)> CalibrateAsync(ProblemPackage problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var slowest = TimeSpan.Zero;
        var accepted = problem.Submissions.Where(s => s.ExpectedVerdict == Verdict.AC).ToList();
        foreach (var submission in accepted)
        {
            var source = SubmissionSource.From(submission.Program, languages);
            if (source.Language is null)
            {
                continue;
            }

            var result = await judge.JudgeAsync(problem, source.Language, source.Source, new JudgeOptions(TimeLimit: Probe), cancellationToken, source.ExtraFiles).ConfigureAwait(false);
            if (result.Verdict != Verdict.AC)
            {
                return (null, $"accepted submission '{submission.Program.Name}' got {result.Verdict} even with {Probe.TotalSeconds:0} s per test");
            }

            // CPU time per test, scaled back by the language's multiplier so the limit is the
            // problem's, not the slow language's.
            var perTest = result.Tests.Max(t => t.CpuTimeMs) / source.Language.Limits.TimeMultiplier;
            slowest = TimeSpan.FromMilliseconds(Math.Max(slowest.TotalMilliseconds, perTest));
        }

        if (accepted.Count == 0)
        {
            return (null, "no accepted submissions to calibrate from");
        }

        var limit = problem.Limits.Calibration.Compute(slowest);
        return limit is null
            ? (null, "no time limit satisfies the package's multipliers")
            : (limit, $"calibrated: slowest accepted test {slowest.TotalMilliseconds:0} ms × {problem.Limits.Calibration.AcToTimeLimit}");
    }
}

using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Judging;

/// <summary>
/// What problem authors run before publishing a package: every program under submissions/ is
/// judged and must get the verdict its folder names (accepted, wrong_answer, ...), with the
/// calibrated time limit when the package gives none.
/// </summary>
public sealed class PackageVerifier(Judge judge, LanguageCatalog languages)
{
    public async Task<(TimeSpan TimeLimit, string TimeLimitNote, IReadOnlyList<SubmissionCheck> Checks)> VerifyAsync(ProblemPackage problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var (timeLimit, note) = await TimeLimitAsync(problem, cancellationToken).ConfigureAwait(false);
        var checks = new List<SubmissionCheck>();
        foreach (var submission in problem.Submissions)
        {
            var source = SubmissionSource.From(submission.Program, languages);
            if (source.Language is null)
            {
                checks.Add(new SubmissionCheck(submission.Program.Name, submission.Folder, null, false, null, 0, 0, source.Problem, []));
                continue;
            }

            var result = await judge.JudgeAsync(problem, source.Language, source.Source, new JudgeOptions(TimeLimit: timeLimit), cancellationToken, source.ExtraFiles).ConfigureAwait(false);
            var matches = submission.IsSatisfiedBy(result.Verdict, result.Tests.Select(t => t.Verdict), result.Score, result.MaxScore);
            var problemText = matches ? null : $"expected {submission.Folder}, got {result.Verdict}" + (result.Message is null ? "" : $" ({result.Message})");
            checks.Add(new SubmissionCheck(submission.Program.Name, submission.Folder, source.Language.Id, matches, result.Verdict, result.Score, result.MaxScore, problemText, result.FailedTests));
        }

        return (timeLimit, note, checks);
    }

    private async Task<(TimeSpan, string)> TimeLimitAsync(ProblemPackage problem, CancellationToken cancellationToken)
    {
        if (problem.Limits.TimeLimit is { } given)
        {
            return (given, $"from {problem.Limits.TimeLimitSource}");
        }

        var (calibrated, explanation) = await new TimeLimitCalibrator(judge, languages).CalibrateAsync(problem, cancellationToken).ConfigureAwait(false);
        return calibrated is { } limit ? (limit, explanation) : (TestLimits.Fallback, $"{explanation}; using {TestLimits.Fallback.TotalSeconds:0} s");
    }
}

using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Judging;

/// <summary>
/// What problem authors run before publishing a package: every test input must pass the
/// package's input validators (<see cref="InputValidation"/>), and every program under
/// submissions/ is judged and must get the verdict its folder names (accepted, wrong_answer, ...),
/// the way a submission is (<see cref="SubmissionJudge"/>: the package's own time limit, or the
/// calibrated one).
/// </summary>
public sealed class PackageVerifier(SubmissionJudge judge, LanguageCatalog languages, InputValidation inputValidation)
{
    public async Task<PackageVerification> VerifyAsync(ProblemPackage problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var timeLimit = await judge.TimeLimitAsync(problem, cancellationToken).ConfigureAwait(false);
        var inputs = await inputValidation.ValidateAsync(problem, timeLimit.Limit, cancellationToken).ConfigureAwait(false);
        var checks = new List<SubmissionCheck>();
        foreach (var submission in problem.Submissions)
        {
            var source = SubmissionSource.From(submission.Program, languages);
            if (source.Language is null)
            {
                checks.Add(new SubmissionCheck(submission.Program.Name, submission.Folder, null, false, null, 0, 0, source.Problem, []));
                continue;
            }

            var result = await judge.JudgeAsync(problem, source.Language, source.Source, source.ExtraFiles, null, cancellationToken).ConfigureAwait(false);
            var matches = submission.IsSatisfiedBy(result.Verdict, result.Tests.Select(t => t.Verdict), result.Score, result.MaxScore);
            var problemText = matches ? null : $"expected {submission.Folder}, got {result.Verdict}" + (result.Message is null ? "" : $" ({result.Message})");
            checks.Add(new SubmissionCheck(
                submission.Program.Name,
                submission.Folder,
                source.Language.Id,
                matches,
                result.Verdict,
                result.Score,
                result.MaxScore,
                problemText,
                result.FailedTests));
        }

        return new PackageVerification(timeLimit.Limit, timeLimit.Note, inputs, checks, [.. TestLimits.Adjustments(problem), .. inputs.Warnings]);
    }
}

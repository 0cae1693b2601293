namespace Arbiter.Engine.Problems;

/// <summary>
/// A judge's example submission from <c>submissions/&lt;folder&gt;/</c> and what it must get. The
/// rules follow the 2023-07 defaults: every test verdict must be in <see cref="Permitted"/>, and at
/// least one in <see cref="Required"/> (when not empty).
/// </summary>
/// <param name="Program">The submission's files.</param>
/// <param name="Folder">The folder it is in (<c>accepted</c>, <c>wrong_answer</c>, …).</param>
/// <param name="ExpectedVerdict">The submission verdict its folder names; null for <c>rejected</c>
/// and <c>brute_force</c>, which allow several.</param>
/// <param name="Permitted">Verdicts every test may have.</param>
/// <param name="Required">Verdicts at least one test must have (empty: no requirement).</param>
/// <param name="PartialScore">For <c>partially_accepted</c>: a score above 0 and below the maximum.
/// Arbiter's reading: the failing groups' verdict (TLE, WA…) may stand as the submission's verdict,
/// as it does for students; what makes it partial is the score.</param>
public sealed record ExampleSubmission(
    ProgramSource Program,
    string Folder,
    Verdict? ExpectedVerdict,
    IReadOnlySet<Verdict> Permitted,
    IReadOnlySet<Verdict> Required,
    bool PartialScore)
{
    /// <summary>
    /// Whether a judged run matches the folder: the submission verdict (compile errors and the
    /// like), each test's verdict, and for <c>partially_accepted</c> the score.
    /// </summary>
    public bool IsSatisfiedBy(Verdict submissionVerdict, IEnumerable<Verdict> testVerdicts, double? score = null, double? maxScore = null)
    {
        ArgumentNullException.ThrowIfNull(testVerdicts);
        if (ExpectedVerdict == Verdict.CE)
        {
            return submissionVerdict == Verdict.CE;
        }

        if (submissionVerdict is Verdict.CE or Verdict.IE)
        {
            return false;
        }

        var verdicts = testVerdicts.ToList();
        if (verdicts.Any(v => !Permitted.Contains(v)))
        {
            return false;
        }

        if (Required.Count > 0 && !verdicts.Any(Required.Contains))
        {
            return false;
        }

        if (PartialScore)
        {
            return score is { } s && maxScore is { } m && s > 0 && s < m;
        }

        return true;
    }
}

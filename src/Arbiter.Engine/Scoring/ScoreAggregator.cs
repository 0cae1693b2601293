using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Scoring;

/// <summary>
/// Turns per-test outcomes into a submission's verdict and score over the group tree.
/// <para>Verdict: each group combines its items' verdicts by its <see cref="VerdictMode"/> (first
/// failure in order by default); the submission's verdict is the root's.</para>
/// <para>Score (scored problems only: <c>type: scoring</c> or any Arbiter <c>points</c>): the score of
/// <c>data/secret</c>; samples never count, in either format (legacy's root-level sum over samples
/// is what <c>ignore_sample</c> exists to undo). The root group's reported score, maximum and,
/// under <c>ignore_sample</c>, test counts leave the samples out the same way. A group's maximum is its declared
/// <c>points</c> or <c>scoring.score</c>; otherwise inferred from its parent as 2023-07 says
/// (<c>sum</c>: the parent's leftover split evenly over undeclared items; <c>min</c>: the parent's
/// maximum), with <c>secret</c> defaulting to 100 in 2023-07 packages (or the sum of its groups'
/// points when all declare some). Without any declared maximum above it (legacy), a test is worth
/// <c>accept_score</c> (default 1) and a group the aggregate of its items. A rejected test scores
/// <c>reject_score</c> (default 0); an accepted one its <c>score.txt</c>, else its multiplier times
/// its maximum, else its maximum. <c>pass-fail</c> groups score their maximum only when every test
/// below is accepted; <c>sum</c>, <c>min</c>, <c>max</c>, <c>avg</c> aggregate item scores, so a
/// group with points and <c>aggregation: sum</c> earns partial points.</para>
/// <para>In a group with <c>on_reject: break</c> the items after the first rejected one count for
/// neither the verdict nor the score, judged or not: the format's grader never sees them.</para>
/// <para>Tests without an outcome (skipped) score 0 and do not change the verdict.</para>
/// </summary>
public static class ScoreAggregator
{
    /// <summary>Aggregates <paramref name="outcomes"/> (keyed by <see cref="TestNode.Path"/>) over the package's test data.</summary>
    public static SubmissionScore Aggregate(ProblemPackage package, IReadOnlyDictionary<string, TestOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(package);
        return Aggregate(package.TestData, outcomes, package.IsScored, package.Format);
    }

    /// <summary>Aggregates outcomes over any group tree.</summary>
    public static SubmissionScore Aggregate(TestGroup root, IReadOnlyDictionary<string, TestOutcome> outcomes, bool scored, ProblemFormat format)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(outcomes);
        var evaluation = new Evaluation(outcomes, format);
        var result = evaluation.Group(root, null);
        var verdict = result.Verdict ?? Verdict.IE;
        var message = evaluation.Error
            ?? (result.Verdict is null ? "some tests have no result although none failed" : null);
        if (evaluation.Error is not null)
        {
            verdict = Verdict.IE;
        }

        var secret = evaluation.Groups.FirstOrDefault(g => g.Path == "secret");
        var (score, max) = scored
            ? (secret?.Score ?? 0, secret?.MaxScore ?? 0)
            : (verdict == Verdict.AC ? 1.0 : 0.0, 1.0);
        return new SubmissionScore(verdict, score, max, evaluation.Groups, evaluation.Failed, message);
    }

    /// <summary>
    /// Whether <paramref name="testPath"/> need not be judged given the outcomes so far: an earlier
    /// item of one of its groups was rejected and that group's <see cref="TestGroupSettings.OnReject"/>
    /// is <c>break</c>, or a group it is in requires (<c>require_pass</c>) something that failed.
    /// Skipping is an optimisation; judging everything gives the same verdict and score.
    /// </summary>
    public static bool ShouldSkip(TestGroup root, string testPath, IReadOnlyDictionary<string, TestOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(testPath);
        ArgumentNullException.ThrowIfNull(outcomes);
        var group = root;
        while (true)
        {
            foreach (var required in group.Settings.RequirePass)
            {
                if (Failed(root.FindGroup(required), outcomes) || (outcomes.TryGetValue(required, out var r) && r.Verdict != Verdict.AC))
                {
                    return true;
                }
            }

            TestGroup? next = null;
            foreach (var child in group.Children)
            {
                if (child.Path == testPath || testPath.StartsWith(child.Path + "/", StringComparison.Ordinal))
                {
                    next = child as TestGroup;
                    break;
                }

                if (group.Settings.OnReject == OnReject.Break && Failed(child, outcomes))
                {
                    return true;
                }
            }

            if (next is null)
            {
                return false;
            }

            group = next;
        }
    }

    private static bool Failed(TestNode? node, IReadOnlyDictionary<string, TestOutcome> outcomes) => node switch
    {
        TestCase test => outcomes.TryGetValue(test.Path, out var outcome) && outcome.Verdict != Verdict.AC,
        TestGroup group => group.AllTests().Any(t => Failed(t, outcomes)),
        _ => false,
    };
}

using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Scoring;

/// <summary>One pass of <see cref="ScoreAggregator"/> over a group tree (see its docs for the rules).</summary>
internal sealed class Evaluation(IReadOnlyDictionary<string, TestOutcome> outcomes, ProblemFormat format)
{
    private const double DefaultSecretScore = 100;
    private static readonly Verdict[] Severity = [Verdict.IE, Verdict.RE, Verdict.MLE, Verdict.TLE, Verdict.OLE, Verdict.WA];
    private readonly Dictionary<string, Result> _results = new(StringComparer.Ordinal);

    public List<GroupScore> Groups { get; } = [];

    public List<string> Failed { get; } = [];

    /// <summary>A judge error found while scoring (e.g. an unbounded test without score.txt).</summary>
    public string? Error { get; private set; }

    /// <summary>A node's result: verdict (null when unjudged without failure), score, maximum, test counts.</summary>
    public readonly record struct Result(Verdict? Verdict, double Score, double Max, int Tests, int Passed, int Judged);

    public Result Group(TestGroup group, double? assignedMax)
    {
        var settings = group.Settings;
        var declared = settings.MaxScore ?? assignedMax ?? SecretDefault(group);
        var slot = Groups.Count;
        Groups.Add(null!);

        var shares = Shares(group, declared);
        var children = new List<(TestNode Node, Result Result)>();
        foreach (var child in group.Children)
        {
            var share = shares(child);
            children.Add((child, child is TestGroup sub ? Group(sub, share) : Test((TestCase)child, share ?? settings.AcceptScore ?? 1, settings)));
        }

        var verdict = CombineVerdicts(settings, Counted(settings, children));
        var scoring = children.Where(c => !LeftOutOfScore(settings, c.Node)).ToList();
        var max = declared ?? BottomUp(settings.Aggregation, scoring.Select(c => c.Result.Max).ToList());
        var score = Combine(settings.Aggregation, Counted(settings, scoring).Select(r => r.Score).ToList(), verdict == Verdict.AC, max);
        if (settings.RequirePass.Any(path => !Passed(path)))
        {
            score = 0;
        }

        // The counts are of the tests that can change the verdict, so an ignored sample group
        // does not show up as tests the root passed or failed.
        var tallied = children.Where(c => !IgnoredSample(settings, c.Node)).Select(c => c.Result).ToList();
        var result = new Result(verdict, score, max, tallied.Sum(r => r.Tests), tallied.Sum(r => r.Passed), tallied.Sum(r => r.Judged));
        _results[group.Path] = result;
        Groups[slot] = new GroupScore(group.Path, verdict, score, max, settings.Points, result.Tests, result.Passed, result.Judged);
        return result;
    }

    private double? SecretDefault(TestGroup group)
    {
        if (group.Path != "secret")
        {
            return null;
        }

        var subgroups = group.Groups.ToList();
        if (subgroups.Count > 0 && !group.Tests.Any() && subgroups.All(g => g.Settings.MaxScore is not null))
        {
            return subgroups.Sum(g => g.Settings.MaxScore!.Value);
        }

        return format == ProblemFormat.Draft2023 ? DefaultSecretScore : null;
    }

    /// <summary>The maximum each child gets from this group's maximum; null where it is inferred bottom-up.</summary>
    private Func<TestNode, double?> Shares(TestGroup group, double? max)
    {
        var aggregation = group.Settings.Aggregation;
        if (max is not { } m || aggregation == Aggregation.PassFail)
        {
            return child => child is TestGroup g ? g.Settings.MaxScore : null;
        }

        if (double.IsPositiveInfinity(m) || aggregation != Aggregation.Sum)
        {
            return child => child is TestGroup g && g.Settings.MaxScore is { } own ? own : m;
        }

        var declaredSum = group.Groups.Sum(g => g.Settings.MaxScore ?? 0);
        var undeclared = group.Children.Count(c => c is TestCase || (c is TestGroup g && g.Settings.MaxScore is null));
        if (declaredSum > m + 1e-9)
        {
            Error ??= $"group '{group.Path}' has maximum score {m} but its subgroups declare {declaredSum}";
        }

        var share = undeclared > 0 ? Math.Max(0, m - declaredSum) / undeclared : 0;
        return child => child is TestGroup g && g.Settings.MaxScore is { } own ? own : share;
    }

    private Result Test(TestCase test, double max, TestGroupSettings settings)
    {
        if (!outcomes.TryGetValue(test.Path, out var outcome))
        {
            return new Result(null, 0, max, 1, 0, 0);
        }

        var verdict = outcome.Verdict;
        double score;
        if (verdict != Verdict.AC)
        {
            score = settings.RejectScore ?? 0;
        }
        else if (outcome.Score is { } absolute)
        {
            score = absolute;
        }
        else if (outcome.ScoreMultiplier is { } multiplier && double.IsFinite(max))
        {
            score = multiplier * max;
        }
        else if (double.IsFinite(max))
        {
            score = max;
        }
        else
        {
            Error ??= $"test '{test.Path}' has an unbounded maximum, so its validator must write score.txt";
            verdict = Verdict.IE;
            score = 0;
        }

        if (verdict != Verdict.AC)
        {
            Failed.Add(test.Path);
        }

        return new Result(verdict, score, max, 1, verdict == Verdict.AC ? 1 : 0, 1);
    }

    /// <summary>
    /// The items the group's grader sees: all but an ignored sample group; and in a <c>break</c>
    /// group only those up to and including the first rejected one, since there judging "proceeds
    /// immediately to grading" (legacy <c>on_reject</c>). Arbiter still judges the later items by
    /// default, so students see them, but they count for neither the verdict nor the score.
    /// </summary>
    private static List<Result> Counted(TestGroupSettings settings, List<(TestNode Node, Result Result)> children)
    {
        var counted = children.Where(c => !IgnoredSample(settings, c.Node)).Select(c => c.Result).ToList();
        var rejected = counted.FindIndex(r => r.Verdict is { } v && v != Verdict.AC);
        return settings.OnReject == OnReject.Break && rejected >= 0 ? counted[..(rejected + 1)] : counted;
    }

    /// <summary>The root's sample group under <c>ignore_sample</c>: judged and shown, but out of
    /// the verdict, the score and the counts.</summary>
    private static bool IgnoredSample(TestGroupSettings settings, TestNode node) => settings.IgnoreSample && node.Path == "sample";

    /// <summary>Whether a child adds nothing to this group's score and maximum: an ignored sample
    /// group, or in 2023-07 any sample group (that format scores <c>data/secret</c> alone, while
    /// its samples still decide the verdict, so they stay in the counts).</summary>
    private bool LeftOutOfScore(TestGroupSettings settings, TestNode node) =>
        IgnoredSample(settings, node) || (format == ProblemFormat.Draft2023 && node.Path == "sample");

    private static Verdict? CombineVerdicts(TestGroupSettings settings, List<Result> counted)
    {
        if (settings.VerdictMode == VerdictMode.AlwaysAccept || (settings.AcceptIfAnyAccepted && counted.Any(r => r.Verdict == Verdict.AC)))
        {
            return Verdict.AC;
        }

        var failures = counted.Where(r => r.Verdict is { } v && v != Verdict.AC).Select(r => r.Verdict!.Value).ToList();
        if (failures.Count > 0)
        {
            return settings.VerdictMode == VerdictMode.WorstError
                ? failures.OrderBy(v => Array.IndexOf(Severity, v) is var i && i < 0 ? Severity.Length : i).First()
                : failures[0];
        }

        return counted.Any(r => r.Verdict is null) ? null : Verdict.AC;
    }

    private static double BottomUp(Aggregation aggregation, List<double> maxima) => maxima.Count == 0 ? 0 : aggregation switch
    {
        Aggregation.Min => maxima.Min(),
        Aggregation.Max => maxima.Max(),
        Aggregation.Average => maxima.Average(),
        _ => maxima.Sum(),
    };

    private static double Combine(Aggregation aggregation, List<double> scores, bool accepted, double max)
    {
        if (aggregation == Aggregation.PassFail)
        {
            return accepted && double.IsFinite(max) ? max : 0;
        }

        return scores.Count == 0 ? 0 : aggregation switch
        {
            Aggregation.Min => scores.Min(),
            Aggregation.Max => scores.Max(),
            Aggregation.Average => scores.Average(),
            _ => scores.Sum(),
        };
    }

    private bool Passed(string path) =>
        _results.TryGetValue(path, out var group) ? group.Verdict == Verdict.AC
        : outcomes.TryGetValue(path, out var test) && test.Verdict == Verdict.AC;
}

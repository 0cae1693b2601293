using Arbiter.Engine.Problems;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Scoring;

public sealed class ScoreAggregatorTests
{
    private static Dictionary<string, TestOutcome> Outcomes(ProblemPackage package, Func<TestCase, TestOutcome?> outcome) =>
        package.TestData.AllTests().Select(t => (t.Path, Outcome: outcome(t)))
            .Where(x => x.Outcome is not null).ToDictionary(x => x.Path, x => x.Outcome!);

    private static TestOutcome Ac => new(Verdict.AC);

    [Fact]
    public void Aggregate_PassFail_VerdictIsTheFirstFailureInOrder()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));
        var outcomes = Outcomes(package, t => t.Path switch
        {
            "secret/02-negative" => new TestOutcome(Verdict.WA),
            "secret/04-mixed" => new TestOutcome(Verdict.RE),
            _ => Ac,
        });

        var result = ScoreAggregator.Aggregate(package, outcomes);

        Assert.Equal(Verdict.WA, result.Verdict);
        Assert.Equal(["secret/02-negative", "secret/04-mixed"], result.FailedTests);
        Assert.Equal((0.0, 1.0), (result.Score, result.MaxScore));
    }

    [Fact]
    public void Aggregate_AllAccepted_IsAcceptedWithFullScore()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("maxsub"));

        var result = ScoreAggregator.Aggregate(package, Outcomes(package, _ => Ac));

        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.Equal((100.0, 100.0), (result.Score, result.MaxScore));
        Assert.Empty(result.FailedTests);
    }

    [Fact]
    public void Aggregate_PointsPerGroup_GroupScoresItsPointsOnlyWhenAllPass()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("maxsub"));
        var outcomes = Outcomes(package, t => t.Path.StartsWith("secret/group1", StringComparison.Ordinal) || t.IsSample ? Ac
            : t.Path == "secret/group2/01" ? new TestOutcome(Verdict.TLE)
            : t.Path.StartsWith("secret/group3", StringComparison.Ordinal) ? new TestOutcome(Verdict.TLE) : null);

        var result = ScoreAggregator.Aggregate(package, outcomes);

        Assert.Equal(Verdict.TLE, result.Verdict);
        Assert.Equal((20.0, 100.0), (result.Score, result.MaxScore));
        var group2 = result.Groups.Single(g => g.Path == "secret/group2");
        Assert.Equal((Verdict.TLE, 0.0, 30.0, 3, 1), (group2.Verdict!.Value, group2.Score, group2.MaxScore, group2.Tests, group2.Judged));
    }

    [Fact]
    public void ShouldSkip_PassFailGroupAfterFailure_SkipsTheRestOfThatGroupOnly()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("maxsub"));
        var outcomes = new Dictionary<string, TestOutcome> { ["secret/group2/01"] = new(Verdict.WA) };

        Assert.True(ScoreAggregator.ShouldSkip(package.TestData, "secret/group2/02", outcomes));
        Assert.False(ScoreAggregator.ShouldSkip(package.TestData, "secret/group3/01", outcomes));
        Assert.False(ScoreAggregator.ShouldSkip(package.TestData, "secret/group1/01", outcomes));
    }

    [Fact]
    public void ShouldSkip_PassFailProblem_StopsAfterTheFirstFailure()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));
        var outcomes = new Dictionary<string, TestOutcome> { ["sample/1"] = new(Verdict.WA) };

        Assert.True(ScoreAggregator.ShouldSkip(package.TestData, "secret/03-large", outcomes));
        Assert.False(ScoreAggregator.ShouldSkip(package.TestData, "sample/1", outcomes));
    }

    [Fact]
    public void Aggregate_2023DefaultSecretScore_IsSplitEvenlyOverTests()
    {
        using var dir = TempPackage.Minimal("problem_format_version: 2023-07-draft\nname: x\ntype: scoring\n");
        dir.Test("secret/2", "", "").Test("secret/3", "", "").Test("secret/4", "", "");
        using var package = ProblemLoader.Load(dir.Root);

        var result = ScoreAggregator.Aggregate(package, Outcomes(package, t => t.Path == "secret/3" ? new TestOutcome(Verdict.WA) : Ac));

        Assert.Equal((75.0, 100.0), (result.Score, result.MaxScore));
        Assert.Equal(Verdict.WA, result.Verdict);
    }

    [Fact]
    public void Aggregate_ValidatorScores_UseScoreTxtAndMultiplier()
    {
        using var dir = TempPackage.Minimal("problem_format_version: 2023-07-draft\nname: x\ntype: scoring\n");
        dir.Test("secret/2", "", "");
        using var package = ProblemLoader.Load(dir.Root);
        var outcomes = new Dictionary<string, TestOutcome>
        {
            ["secret/1"] = new(Verdict.AC, ScoreMultiplier: 0.5),
            ["secret/2"] = new(Verdict.AC, Score: 10),
        };

        Assert.Equal(35.0, ScoreAggregator.Aggregate(package, outcomes).Score);
    }

    [Fact]
    public void Aggregate_UnboundedTestWithoutScore_IsInternalError()
    {
        using var dir = TempPackage.Minimal("problem_format_version: 2023-07-draft\nname: x\ntype: scoring\n");
        dir.Write("data/secret/test_group.yaml", "scoring: {score: unbounded}\n");
        using var package = ProblemLoader.Load(dir.Root);

        var result = ScoreAggregator.Aggregate(package, Outcomes(package, _ => Ac));

        Assert.Equal(Verdict.IE, result.Verdict);
        Assert.Contains("score.txt", result.Message, StringComparison.Ordinal);
        Assert.Equal(12.5, ScoreAggregator.Aggregate(package, Outcomes(package, _ => new TestOutcome(Verdict.AC, 12.5))).Score);
    }

    [Fact]
    public void Aggregate_LegacyAcceptScores_SumBottomUp()
    {
        using var dir = TempPackage.Minimal("type: scoring\n");
        dir.Write("data/secret/testdata.yaml", "on_reject: continue\naccept_score: 2\n");
        dir.Test("secret/2", "", "").Test("secret/3", "", "");
        using var package = ProblemLoader.Load(dir.Root);

        var result = ScoreAggregator.Aggregate(package, Outcomes(package, t => t.Path == "secret/2" ? new TestOutcome(Verdict.TLE) : Ac));

        Assert.Equal((4.0, 6.0), (result.Score, result.MaxScore));
    }

    [Fact]
    public void Aggregate_LegacyMinGrader_TakesTheMinimum()
    {
        using var dir = TempPackage.Minimal("type: scoring\n");
        dir.Write("data/secret/testdata.yaml", "grader_flags: min\n");
        dir.Test("secret/2", "", "");
        using var package = ProblemLoader.Load(dir.Root);

        var outcomes = new Dictionary<string, TestOutcome> { ["secret/1"] = new(Verdict.AC, 3), ["secret/2"] = new(Verdict.AC, 0.5) };

        Assert.Equal(0.5, ScoreAggregator.Aggregate(package, outcomes).Score);
    }

    [Fact]
    public void Aggregate_PointsWithSumAggregation_GivePartialPoints()
    {
        using var dir = TempPackage.Minimal("problem_format_version: 2023-07-draft\nname: x\n");
        dir.Write("arbiter.yaml", "points: {secret/g: 40}\n").Write("data/secret/g/test_group.yaml", "scoring: {aggregation: sum}\n");
        dir.Test("secret/g/1", "", "").Test("secret/g/2", "", "").Test("secret/g/3", "", "").Test("secret/g/4", "", "");
        using var package = ProblemLoader.Load(dir.Root);

        var result = ScoreAggregator.Aggregate(package, Outcomes(package, t => t.Path == "secret/g/4" ? new TestOutcome(Verdict.WA) : Ac));

        Assert.Equal(30.0, result.Groups.Single(g => g.Path == "secret/g").Score);
        Assert.Equal(Verdict.WA, result.Verdict);
    }

    [Fact]
    public void Aggregate_WorstErrorMode_PicksTheMostSevereVerdict()
    {
        using var dir = TempPackage.Minimal();
        dir.Write("data/testdata.yaml", "on_reject: continue\ngrader_flags: worst_error\n").Test("secret/2", "", "");
        using var package = ProblemLoader.Load(dir.Root);
        var outcomes = new Dictionary<string, TestOutcome> { ["secret/1"] = new(Verdict.WA), ["secret/2"] = new(Verdict.RE) };

        Assert.Equal(Verdict.RE, ScoreAggregator.Aggregate(package, outcomes).Verdict);
    }

    [Fact]
    public void Aggregate_MissingResultsWithoutFailure_IsInternalError()
    {
        using var dir = TempPackage.Minimal();
        dir.Test("secret/2", "", "");
        using var package = ProblemLoader.Load(dir.Root);

        var result = ScoreAggregator.Aggregate(package, new Dictionary<string, TestOutcome> { ["secret/1"] = Ac });

        Assert.Equal(Verdict.IE, result.Verdict);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void Aggregate_RequirePass_ZeroesTheGroupWhenTheRequirementFails()
    {
        using var dir = TempPackage.Minimal("problem_format_version: 2023-07-draft\nname: x\ntype: scoring\n");
        dir.Test("sample/1", "", "").Write("data/secret/g/test_group.yaml", "scoring: {require_pass: sample}\n").Test("secret/g/1", "", "");
        using var package = ProblemLoader.Load(dir.Root);
        var outcomes = Outcomes(package, t => t.IsSample ? new TestOutcome(Verdict.WA) : Ac);

        var result = ScoreAggregator.Aggregate(package, outcomes);

        Assert.Equal(0.0, result.Groups.Single(g => g.Path == "secret/g").Score);
        Assert.True(ScoreAggregator.ShouldSkip(package.TestData, "secret/g/1", outcomes));
    }

    [Fact]
    public void Aggregate_LegacyBreakGroup_TestsAfterTheFirstRejectionDoNotCount()
    {
        using var dir = new TempPackage();
        dir.Write("problem.yaml", "type: scoring\n").Write("data/secret/g/testdata.yaml", "on_reject: break\n");
        dir.Test("secret/g/1", "", "").Test("secret/g/2", "", "").Test("secret/g/3", "", "");
        using var package = ProblemLoader.Load(dir.Root);

        var result = ScoreAggregator.Aggregate(package, Outcomes(package, t => t.Path == "secret/g/1" ? new TestOutcome(Verdict.WA) : Ac));

        var group = result.Groups.Single(g => g.Path == "secret/g");
        Assert.Equal((Verdict.WA, 0.0, 3.0), (group.Verdict!.Value, group.Score, group.MaxScore));
        Assert.Equal((0.0, 3.0), (result.Score, result.MaxScore));
    }

    [Fact]
    public void Aggregate_LegacyBreakGroup_CountsTheItemsBeforeTheRejectionAndItsRejectScore()
    {
        using var dir = new TempPackage();
        dir.Write("problem.yaml", "type: scoring\n")
            .Write("data/secret/testdata.yaml", "on_reject: break\naccept_score: 2\nreject_score: 0.5\n");
        dir.Test("secret/1", "", "").Test("secret/2", "", "").Test("secret/3", "", "").Test("secret/4", "", "");
        using var package = ProblemLoader.Load(dir.Root);

        var result = ScoreAggregator.Aggregate(package, Outcomes(package, t => t.Path switch
        {
            "secret/2" => new TestOutcome(Verdict.TLE),
            "secret/4" => new TestOutcome(Verdict.RE),
            _ => Ac,
        }));

        Assert.Equal((2.5, 8.0), (result.Score, result.MaxScore));
        Assert.Equal(Verdict.TLE, result.Verdict);
    }

    [Fact]
    public void Aggregate_ContinueGroup_CountsEveryTest()
    {
        using var dir = new TempPackage();
        dir.Write("problem.yaml", "type: scoring\n").Write("data/secret/g/testdata.yaml", "on_reject: continue\n");
        dir.Test("secret/g/1", "", "").Test("secret/g/2", "", "").Test("secret/g/3", "", "");
        using var package = ProblemLoader.Load(dir.Root);

        var result = ScoreAggregator.Aggregate(package, Outcomes(package, t => t.Path == "secret/g/1" ? new TestOutcome(Verdict.WA) : Ac));

        Assert.Equal((2.0, 3.0), (result.Score, result.MaxScore));
    }

    [Fact]
    public void Aggregate_BreakWithWorstError_IsTheFirstErrorAsTheFormatSays()
    {
        using var dir = new TempPackage();
        dir.Write("problem.yaml", "name: x\n").Write("data/secret/testdata.yaml", "on_reject: break\ngrader_flags: worst_error\n");
        dir.Test("secret/1", "", "").Test("secret/2", "", "");
        using var package = ProblemLoader.Load(dir.Root);
        var outcomes = new Dictionary<string, TestOutcome> { ["secret/1"] = new(Verdict.WA), ["secret/2"] = new(Verdict.RE) };

        Assert.Equal(Verdict.WA, ScoreAggregator.Aggregate(package, outcomes).Verdict);
    }

    [Fact]
    public void Aggregate_BreakSubgroups_SkippingGivesWhatJudgingEverythingGives()
    {
        using var dir = new TempPackage();
        dir.Write("problem.yaml", "type: scoring\n").Write("data/secret/testdata.yaml", "on_reject: break\n");
        dir.Test("secret/a/1", "", "").Test("secret/a/2", "", "").Test("secret/b/1", "", "").Test("secret/c/1", "", "");
        using var package = ProblemLoader.Load(dir.Root);
        var everything = Outcomes(package, t => t.Path == "secret/b/1" ? new TestOutcome(Verdict.WA) : Ac);
        var skipped = new Dictionary<string, TestOutcome>();
        foreach (var test in package.TestData.AllTests().Where(t => !ScoreAggregator.ShouldSkip(package.TestData, t.Path, skipped)))
        {
            skipped[test.Path] = everything[test.Path];
        }

        var full = ScoreAggregator.Aggregate(package, everything);
        var partial = ScoreAggregator.Aggregate(package, skipped);

        Assert.DoesNotContain("secret/c/1", skipped.Keys);
        Assert.Equal((Verdict.WA, 2.0), (full.Verdict, full.Score));
        Assert.Equal((full.Verdict, full.Score, full.MaxScore), (partial.Verdict, partial.Score, partial.MaxScore));
    }

    [Fact]
    public void Aggregate_RootIgnoresSamples_RootGroupCountsAndScoresOnlySecret()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("power"));
        var outcomes = Outcomes(package, t => t.IsSample ? new TestOutcome(Verdict.WA) : Ac);

        var result = ScoreAggregator.Aggregate(package, outcomes);

        var root = result.Groups.Single(g => g.Path.Length == 0);
        var secret = result.Groups.Single(g => g.Path == "secret");
        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.Equal((Verdict.AC, secret.Score, secret.MaxScore), (root.Verdict!.Value, root.Score, root.MaxScore));
        Assert.Equal((secret.Tests, secret.Passed, secret.Judged), (root.Tests, root.Passed, root.Judged));
        Assert.Equal((result.Score, result.MaxScore), (root.Score, root.MaxScore));
    }

    [Fact]
    public void Aggregate_2023FormatScoresSecretOnly_RootGroupScoreLeavesSamplesOutButCountsThem()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("maxsub"));

        var result = ScoreAggregator.Aggregate(package, Outcomes(package, _ => Ac));

        var root = result.Groups.Single(g => g.Path.Length == 0);
        var all = package.TestData.AllTests().Count();
        Assert.Equal((100.0, 100.0), (root.Score, root.MaxScore));
        Assert.Equal((all, all, all), (root.Tests, root.Passed, root.Judged));
    }
}

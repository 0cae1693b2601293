using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>The sample packages, as their authors would check them: every example submission gets
/// the verdict its folder names (a default-validator, a float-tolerance, a custom-validator, an
/// interactive and two scoring packages, with submissions in C, C++, Python, Java, Rust, Go,
/// JavaScript and C#).</summary>
[Collection(SharedEngine.Name)]
public sealed class PackageVerifierTests(EngineFixture fixture)
{
    // power is verified below, where its scores are checked too (judging it twice would cost CI time).
    [Theory]
    [InlineData("sum")]
    [InlineData("circle")]
    [InlineData("factor")]
    [InlineData("guess")]
    [InlineData("maxsub")]
    public async Task Verify_SamplePackage_EverySubmissionGetsItsExpectedVerdict(string id)
    {
        using var package = ProblemLoader.Load(SamplePackages.Path(id));

        var (timeLimit, note, inputs, checks, _) = await fixture.Verifier().VerifyAsync(package, TestContext.Current.CancellationToken);

        Assert.NotEmpty(checks);
        Assert.True(inputs.Problems.Count == 0, string.Join("\n", inputs.Problems.Select(p => $"{p.Validator} on {p.Test}: {p.Message}")));
        Assert.True(inputs.Validators == package.InputValidators.Count, string.Join("\n", inputs.Warnings)); // each one ran
        Assert.True(checks.All(c => c.Matches), string.Join("\n", checks.Where(c => !c.Matches).Select(c => $"{c.Folder}/{c.Name}: {c.Problem}")));
        Assert.Contains(checks, c => c.Folder == "accepted");
        Assert.Contains(checks, c => c.Folder != "accepted");
        Assert.True(timeLimit > TimeSpan.Zero, note);
        Assert.All(checks.Where(c => c.Folder == "accepted"), c => Assert.Equal(c.MaxScore, c.Score));
    }

    [Fact]
    public async Task Verify_PowerPackage_ScoresEachGroupAllOrNothingFromItsTestdataYamlAndSumsThem()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("power"));

        var (_, _, _, checks, _) = await fixture.Verifier().VerifyAsync(package, TestContext.Current.CancellationToken);

        Assert.All(checks, c => Assert.True(c.Matches, $"{c.Folder}/{c.Name}: {c.Problem}"));
        // Groups are worth 20, 30 and 50: failing group 3 leaves 50, failing groups 2 and 3 leaves
        // 20, and a wrong answer in every group leaves nothing.
        Assert.Equal(
            [
                ("accepted/power.c", 100.0, 100.0), ("accepted/power.py", 100, 100), ("accepted/power.rs", 100, 100),
                ("partially_accepted/int_exponent.cs", 20, 100), ("partially_accepted/overflow.go", 50, 100),
                ("wrong_answer/forgets_mod_one.js", 0, 100),
            ],
            checks.Select(c => ($"{c.Folder}/{c.Name}", c.Score, c.MaxScore)));
        // accept_if_any_accepted in data/secret: a partial score is an accepted verdict, as in legacy tools.
        Assert.All(checks.Where(c => c.Folder == "partially_accepted"), c => Assert.Equal(Verdict.AC, c.Verdict));
        Assert.Equal(Verdict.WA, checks.Single(c => c.Folder == "wrong_answer").Verdict);
    }

    [Fact]
    public async Task Verify_PackageWithoutATimeLimit_CalibratesOneFromItsAcceptedSubmissions()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("factor"));
        Assert.Null(package.Limits.TimeLimit);

        var (timeLimit, note, _, _, _) = await fixture.Verifier().VerifyAsync(package, TestContext.Current.CancellationToken);

        Assert.StartsWith("calibrated", note, StringComparison.Ordinal);
        // Whole multiples of the package's resolution (1 s by default).
        Assert.Equal(0, timeLimit.TotalMilliseconds % 1000);
    }
}

using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>The sample packages, as their authors would check them: every example submission gets
/// the verdict its folder names (a default-validator, a float-tolerance, a custom-validator, an
/// interactive and a scoring package, with submissions in C, C++, Python and Java).</summary>
[Collection(SharedEngine.Name)]
public sealed class PackageVerifierTests(EngineFixture fixture)
{
    [Theory]
    [InlineData("sum")]
    [InlineData("circle")]
    [InlineData("factor")]
    [InlineData("guess")]
    [InlineData("maxsub")]
    public async Task Verify_SamplePackage_EverySubmissionGetsItsExpectedVerdict(string id)
    {
        using var package = ProblemLoader.Load(SamplePackages.Path(id));

        var (timeLimit, note, checks) = await fixture.Verifier().VerifyAsync(package, TestContext.Current.CancellationToken);

        Assert.NotEmpty(checks);
        Assert.True(checks.All(c => c.Matches), string.Join("\n", checks.Where(c => !c.Matches).Select(c => $"{c.Folder}/{c.Name}: {c.Problem}")));
        Assert.Contains(checks, c => c.Folder == "accepted");
        Assert.Contains(checks, c => c.Folder != "accepted");
        Assert.True(timeLimit > TimeSpan.Zero, note);
    }

    [Fact]
    public async Task Verify_PackageWithoutATimeLimit_CalibratesOneFromItsAcceptedSubmissions()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("factor"));
        Assert.Null(package.Limits.TimeLimit);

        var (timeLimit, note, _) = await fixture.Verifier().VerifyAsync(package, TestContext.Current.CancellationToken);

        Assert.StartsWith("calibrated", note, StringComparison.Ordinal);
        // Whole multiples of the package's resolution (1 s by default).
        Assert.Equal(0, timeLimit.TotalMilliseconds % 1000);
    }
}

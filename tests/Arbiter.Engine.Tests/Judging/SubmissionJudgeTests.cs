using System.Text;
using Arbiter.Engine.Building;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Building;
using Arbiter.Engine.Tests.Problems;
using Arbiter.Engine.Tests.Running;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>The use case "judge this submission against this package", as the service's workers,
/// <c>arbiter judge</c> and <c>problem verify</c> call it: the package's time limit is chosen
/// here (its own, or calibrated from its example submissions), never by the caller, and the
/// submission is compiled once.</summary>
[Collection(SharedEngine.Name)]
public sealed class SubmissionJudgeTests(EngineFixture fixture)
{
    private const string SumC = "#include <stdio.h>\nint main(void) { long a, b; if (scanf(\"%ld %ld\", &a, &b) != 2) return 1; printf(\"%ld\\n\", a + b); return 0; }\n";
    private const string SumPython = "a, b = map(int, input().split())\nprint(a + b)\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task JudgeAsync_PackageWithoutTimeLimit_JudgesWithTheCalibratedLimit()
    {
        using var package = new TempPackage("calibrated")
            .Write("problem.yaml", "name: Sum\n")
            .Test("secret/1", "3 4\n", "7\n")
            .Write("submissions/accepted/sum.c", SumC);
        using var loaded = ProblemLoader.Load(package.Root);
        var judging = fixture.SubmissionJudge();
        var stages = new StageLog<JudgeStage>();

        var result = await judging.JudgeAsync(loaded, fixture.Language("python3"), Encoding.UTF8.GetBytes(SumPython), null, stages, Token);
        var calibrated = await judging.TimeLimitAsync(loaded, Token);

        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.Equal("Calibration", calibrated.Source);
        Assert.Equal(calibrated.Limit, result.TimeLimit);
        Assert.Equal("Calibration", result.TimeLimitSource);
        Assert.Equal([JudgeStage.Compiling, JudgeStage.Testing], stages.Seen);
    }

    [Fact]
    public async Task JudgeAsync_PackageWithItsOwnLimit_TestsRunWithItAndTheSourceCompilesOnce()
    {
        using var package = TempPackage.Minimal("name: Echo\nlimits:\n  time_limit: 3\n");
        using var loaded = ProblemLoader.Load(package.Root);
        var sandbox = new CountingSandbox(fixture.Pool);
        var judge = new Judge(sandbox, fixture.Languages, new ProgramBuilder(sandbox, new BuildCache(null)));
        var judging = new SubmissionJudge(judge, new PackageTimeLimits(new TimeLimitCalibrator(judge, fixture.Languages), fixture.Languages, null));
        var python = fixture.Language("python3");
        var source = Encoding.UTF8.GetBytes("print(input())\n");

        var first = await judging.JudgeAsync(loaded, python, source, null, null, Token);
        var testLimits = sandbox.Requests[^1].Limits;
        var startsForFirst = sandbox.Requests.Count;
        var second = await judging.JudgeAsync(loaded, python, source, null, null, Token);

        Assert.Equal((Verdict.AC, Verdict.AC), (first.Verdict, second.Verdict));
        Assert.Equal(TimeSpan.FromSeconds(3), first.TimeLimit);
        Assert.Equal("ProblemYaml", first.TimeLimitSource);
        Assert.Equal(ProgramRunner.ForLanguage(TestLimits.For(loaded, TimeSpan.FromSeconds(3)), python).CpuTime, testLimits.CpuTime);
        // The compile and the one test; the second judging only runs the test again.
        Assert.Equal(2, startsForFirst);
        Assert.True(second.Compile.CacheHit);
        Assert.Equal(3, sandbox.Requests.Count);
    }
}

using System.Text;
using Arbiter.Engine.Building;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Judging;

[Collection(SharedEngine.Name)]
public sealed class BrokenValidatorTests(EngineFixture fixture)
{
    private const int Tests = 6;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Judge_HangingValidator_StopsAtTheFirstJudgeErrorLeavingTheRestUnjudged()
    {
        using var package = Package("name: Hang\nvalidation: custom\nlimits:\n  validation_time: 1\n", "import time\ntime.sleep(3600)\n");
        using var loaded = ProblemLoader.Load(package.Root);

        var result = await fixture.Judge().JudgeAsync(
            loaded,
            fixture.Language("python3"),
            Encoding.UTF8.GetBytes("print(input())\n"),
            new JudgeOptions(TimeLimit: TimeSpan.FromSeconds(1)),
            Token);

        Assert.Equal(Verdict.IE, result.Verdict);
        // Only the tests already running beside the first failed one can have a result.
        Assert.InRange(result.Tests.Count, 1, fixture.Pool.Capacity);
        Assert.All(result.Tests, t => Assert.Equal(Verdict.IE, t.Verdict));
        Assert.Contains("tests not judged", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_ParallelCustomChecks_CheckingTimeIsASpanWithinTheTestsStep()
    {
        using var package = Package("name: Fine\nvalidation: custom\n", "import sys\nsys.exit(42)\n");
        using var loaded = ProblemLoader.Load(package.Root);

        var result = await fixture.Judge().JudgeAsync(
            loaded,
            fixture.Language("python3"),
            Encoding.UTF8.GetBytes("print(input())\n"),
            new JudgeOptions(TimeLimit: TimeSpan.FromSeconds(1)),
            Token);

        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.Equal(Tests, result.Tests.Count);
        Assert.InRange(result.Times.CheckMs, 0.001, result.Times.TestsMs);
    }

    [Fact]
    public void ValidatorRequest_NoValidationTime_GetsTheTightDefaultUnscaledByItsLanguage()
    {
        using var package = Package("name: Default\nvalidation: custom\n", "import sys\nsys.exit(42)\n");
        using var loaded = ProblemLoader.Load(package.Root);
        var python = new CompiledProgram(fixture.Language("python3"), []);

        var limits = OutputChecker.ValidatorRequest(
            python,
            loaded.TestData.AllTests().First(),
            [],
            SandboxInput.None,
            TestLimits.ForValidator(loaded, TimeSpan.FromSeconds(1))).Limits;

        Assert.True(fixture.Language("python3").Limits.TimeMultiplier > 1);
        Assert.Equal(TestLimits.DefaultValidationTime, limits.CpuTime);
        Assert.Equal(SandboxLimits.WallTimeFor(TestLimits.DefaultValidationTime), limits.WallTime);
    }

    [Fact]
    public void ForValidator_PackageValidationTime_IsTheCpuLimit()
    {
        using var package = Package("name: Given\nvalidation: custom\nlimits:\n  validation_time: 2\n", "import sys\nsys.exit(42)\n");
        using var loaded = ProblemLoader.Load(package.Root);

        Assert.Equal(TimeSpan.FromSeconds(2), TestLimits.ForValidator(loaded, TimeSpan.FromSeconds(1)).CpuTime);
    }

    private static TempPackage Package(string problemYaml, string validator)
    {
        var package = new TempPackage().Write("problem.yaml", problemYaml).Write("output_validators/check/check.py", validator);
        for (var i = 1; i <= Tests; i++)
        {
            package.Test($"secret/{i}", $"{i}\n", $"{i}\n");
        }

        return package;
    }
}

using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>Interactive judgings sharing the fixture's 2-slot pool: each test holds two sandboxes
/// at once, so judgings that took one slot each and waited for a second would starve each other.</summary>
[Collection(SharedEngine.Name)]
public sealed class ConcurrentInteractionTests(EngineFixture fixture)
{
    /// <summary>Only a guard against a hang; no timing is asserted.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Judge_FourInteractiveJudgingsOnTwoSlots_AllFinishWithTheirExpectedVerdicts()
    {
        Assert.Equal(2, fixture.Pool.Capacity);
        using var package = ProblemLoader.Load(SamplePackages.Path("guess"));
        var submissions = new[]
        {
            ("accepted/binary_search.py", "python3", Verdict.AC),
            ("accepted/binary_search.c", "c", Verdict.AC),
            ("wrong_answer/linear.py", "python3", Verdict.WA),
            ("accepted/binary_search.py", "python3", Verdict.AC),
        };
        var judge = fixture.Judge();

        var judgings = submissions.Select(s => judge.JudgeAsync(
            package,
            fixture.Language(s.Item2),
            File.ReadAllBytes(Path.Combine(package.RootDirectory, "submissions", s.Item1)),
            JudgeOptions.Default,
            TestContext.Current.CancellationToken)).ToList();
        var results = await Task.WhenAll(judgings).WaitAsync(HangGuard, TestContext.Current.CancellationToken);

        for (var i = 0; i < submissions.Length; i++)
        {
            Assert.True(submissions[i].Item3 == results[i].Verdict, $"{submissions[i].Item1}: {results[i].Verdict} ({results[i].Message})");
        }
    }

    /// <summary>A submission started while its interactor still waits for a sandbox would sit on
    /// an empty pipe until its wall limit: both sides must get their sandboxes together. The
    /// sleeper outlasts the submission's wall limit (2.5 s at a 0.5 s time limit) by far.</summary>
    [Fact]
    public async Task Judge_InteractiveTestWhileAnotherRunHoldsASlot_StartsOnlyWithBothSandboxes()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("guess"));
        var source = File.ReadAllBytes(Path.Combine(package.RootDirectory, "submissions", "accepted", "binary_search.c"));
        var sleeper = fixture.Pool.RunAsync(
            new SandboxRequest("/bin/sleep", ["8"]) { Limits = SandboxLimits.Default with { WallTime = TimeSpan.FromSeconds(30) } },
            TestContext.Current.CancellationToken);

        var result = await fixture.Judge()
            .JudgeAsync(package, fixture.Language("c"), source, new JudgeOptions(TimeLimit: TimeSpan.FromSeconds(0.5)), TestContext.Current.CancellationToken)
            .WaitAsync(HangGuard, TestContext.Current.CancellationToken);

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict} ({result.Message})");
        Assert.Equal(RunStatus.OK, (await sleeper).Status);
    }
}

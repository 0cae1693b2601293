using Arbiter.Autoscaling.Policies;
using Arbiter.Autoscaling.Simulation;
using Arbiter.Autoscaling.Traces;

namespace Arbiter.Autoscaling.Tests.Simulation;

public sealed class SimulatorTests
{
    private static SimulationResult Simulate(Trace trace, string policy, SimulationOptions options) =>
        new Simulator(trace, PolicyFactory.Create(policy, options.Policy), options).Run();

    private static Trace Bursty()
    {
        var rates = new double[600];
        for (var s = 0; s < rates.Length; s++)
        {
            rates[s] = s % 200 < 40 ? 12 : 2;
        }

        return new Trace("bursty", rates);
    }

    [Fact]
    public void Run_OneSteadyReplica_ScoresByHand()
    {
        // 1 request/s, each served in exactly 0.5 s by the one replica: every batch's mean is 0.5 s,
        // so 0.5² + 0 failures + 1 replica = 1.25.
        var options = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(0.5, 0), Bounds = new(1, 1) };

        var summary = Simulate(TraceProfiles.Create("constant:1", 60), "reactive", options).Report.Summary;

        Assert.Equal(60, summary.Sent);
        Assert.Equal(60, summary.Succeeded);
        Assert.Equal(1.25, summary.Penalty, 9);
        Assert.Equal(1, summary.AverageReplicas, 9);
    }

    [Fact]
    public void Run_Overloaded_FailsWhatWaitsPastTheTimeout()
    {
        // 3 requests/s for 60 s at 1 s each on one replica: the queue grows by 2 a second, so a
        // request sent after about 15 s waits more than 30 s.
        var options = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(1, 0), Bounds = new(1, 1) };

        var summary = Simulate(TraceProfiles.Create("constant:3", 60), "reactive", options).Report.Summary;

        Assert.Equal(180, summary.Sent);
        Assert.Equal(summary.Sent, summary.Succeeded + summary.Failed);
        Assert.InRange(summary.Failed, 120, 140);
        Assert.True(summary.Penalty > summary.Failed * 900);
    }

    [Fact]
    public void Run_SameSeed_SameResult_OtherSeed_Different()
    {
        var options = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(0.5, 1), Bounds = new(1, 20), Seed = 7 };

        var first = Simulate(Bursty(), "predictive", options);
        var again = Simulate(Bursty(), "predictive", options);
        var other = Simulate(Bursty(), "predictive", options with { Seed = 8 });

        Assert.Equal(first.Report.Summary, again.Report.Summary);
        Assert.Equal(first.Report.Intervals, again.Report.Intervals);
        Assert.Equal(first.Decisions.Select(d => d.Decision), again.Decisions.Select(d => d.Decision));
        Assert.NotEqual(first.Report.Summary.Penalty, other.Report.Summary.Penalty);
    }

    [Theory]
    [InlineData("reactive")]
    [InlineData("linear")]
    [InlineData("knn")]
    [InlineData("predictive")]
    public void Run_EveryPolicy_KeepsWithinTheBoundsAndLosesNoRequest(string policy)
    {
        var options = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(0.5, 1), Bounds = new(2, 5), StartupSeconds = 5, DrainNoticeSeconds = 2.5 };

        var result = Simulate(Bursty(), policy, options);

        Assert.All(result.Decisions, d => Assert.InRange(d.Decision.Replicas, 2, 5));
        Assert.Contains(result.Decisions, d => d.Decision.Replicas == 5);
        var summary = result.Report.Summary;
        Assert.Equal(ArrivalSchedule.Count(Bursty()), summary.Sent);
        Assert.Equal(summary.Sent, summary.Succeeded + summary.Failed);
    }

    [Fact]
    public void Run_NewReplicas_WorkOnlyAfterTheStartupTime()
    {
        // A step from 1 to 8 requests/s of 0.5 s work: one replica cannot keep up; with a
        // 60-second start-up, help arrives a minute after the first decision, and waits grow meanwhile.
        var step = new Trace("step", [.. Enumerable.Repeat(1.0, 30), .. Enumerable.Repeat(8.0, 170)]);
        var quick = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(0.5, 0), Bounds = new(1, 10), StartupSeconds = 1 };
        var slow = quick with { StartupSeconds = 60 };

        var fast = Simulate(step, "predictive", quick).Report.Summary;
        var late = Simulate(step, "predictive", slow).Report.Summary;

        Assert.True(late.P95Ms > fast.P95Ms * 2, $"p95 {late.P95Ms} ms with a 60 s start-up, {fast.P95Ms} ms with 1 s");
    }

    [Fact]
    public void Run_ConcurrentStartups_ReplicasAskedForTogetherShareTheStart()
    {
        // 8 requests/s of exactly 0.5 s is 4 erlangs: the first decision (10 s) takes the pool from
        // 1 to its bound of 4. With one start at full speed at a time, the three asked for together
        // take 3 × 2 s each, so at the next decision they are ready and the policy is told 6 s;
        // without the limit they took the configured 2 s, and the queue was shorter.
        var load = TraceProfiles.Create("constant:8", 40);
        var free = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(0.5, 0), Bounds = new(1, 4), StartupSeconds = 2 };
        var shared = free with { ConcurrentStartups = 1 };

        var quick = Simulate(load, "predictive", free);
        var slow = Simulate(load, "predictive", shared);

        Assert.Equal(4, quick.Decisions[0].Decision.Replicas);
        Assert.Equal(4, slow.Decisions[0].Decision.Replicas);
        Assert.Equal(2, quick.Decisions[1].Signals.StartupSeconds);
        Assert.Equal(6, slow.Decisions[1].Signals.StartupSeconds);
        Assert.Equal(4, slow.Decisions[1].Signals.ReadyReplicas);
        Assert.True(slow.Report.Summary.Penalty > quick.Report.Summary.Penalty,
            $"penalty {slow.Report.Summary.Penalty} with shared start-ups, {quick.Report.Summary.Penalty} without");
    }

    [Fact]
    public void Run_WarmingReplica_ServesItsFirstJobsSlower_ByHand()
    {
        // 1 request/s at 0.5, 1.5, … s; the replica's first 4 jobs take 0.5 × 1.5 = 0.75 s. The first
        // decision (10 s) saw 4 × 0.75 + 6 × 0.5 = 6 s of service over 10 jobs, the second 0.5 s each.
        // Batches of 5 s: the first's mean is (4 × 0.75 + 0.5) / 5 = 0.7 s, the other five 0.5 s, so
        // the penalty is (0.49 + 5 × 0.25) / 6 + 1 replica = 1.29.
        var options = new SimulationOptions
        {
            ServiceTimes = new LogNormalServiceTimes(0.5, 0),
            Bounds = new(1, 1),
            WarmupJobs = 4,
            WarmupServiceFactor = 1.5,
        };

        var result = Simulate(TraceProfiles.Create("constant:1", 30), "reactive", options);

        Assert.Equal(0.6, result.Decisions[0].Signals.MeanServiceSeconds!.Value, 9);
        Assert.Equal(0.5, result.Decisions[1].Signals.MeanServiceSeconds!.Value, 9);
        Assert.Equal(1.29, result.Report.Summary.Penalty, 9);
    }

    [Theory]
    [InlineData(-1, 1.0, "the warm-up jobs must be 0 to 1000000")]
    [InlineData(90, 0.9, "the warm-up factor must be 1 to 100")]
    [InlineData(90, double.NaN, "the warm-up factor must be 1 to 100")]
    public void Validate_BadWarmup_IsRefused(int jobs, double factor, string expected)
    {
        var options = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(0.5, 0), WarmupJobs = jobs, WarmupServiceFactor = factor };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Validate_ConcurrentStartupsBelowOne_IsRefused()
    {
        var options = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(0.5, 0), ConcurrentStartups = 0 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("concurrent start-ups", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ScaledToZero_CountsWhatNoOneServedAsFailed()
    {
        var options = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(0.5, 0), Bounds = new(0, 1), InitialReplicas = 0 };

        var summary = Simulate(TraceProfiles.Create("constant:1", 20), "reactive", options).Report.Summary;

        Assert.Equal(20, summary.Failed);
        Assert.Equal(0, summary.AverageReplicas);
    }

    [Fact]
    public void Run_Signals_CarryTheQueueWaitOfTheJobsStartedInTheWindow()
    {
        // 4 requests/s, evenly spaced, of exactly 0.5 s: 2 erlangs. Six replicas never queue;
        // one falls further behind every second, so each window's jobs have waited longer.
        var constant = TraceProfiles.Create("constant:4", 60);
        var ample = new SimulationOptions { ServiceTimes = new LogNormalServiceTimes(0.5, 0), Bounds = new(6, 6), InitialReplicas = 6 };
        var scarce = ample with { Bounds = new(1, 1), InitialReplicas = 1 };

        var none = Simulate(constant, "reactive", ample).Decisions.Select(d => d.Signals.MeanWaitSeconds).ToList();
        var growing = Simulate(constant, "reactive", scarce).Decisions.Select(d => d.Signals.MeanWaitSeconds!.Value).ToList();

        Assert.All(none, wait => Assert.Equal(0, wait!.Value, 9));
        Assert.True(growing.Count >= 5 && growing.Zip(growing.Skip(1)).All(pair => pair.Second > pair.First + 1), string.Join(", ", growing));
    }
}

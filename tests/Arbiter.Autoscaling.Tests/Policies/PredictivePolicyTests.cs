using Arbiter.Autoscaling.Policies;

namespace Arbiter.Autoscaling.Tests.Policies;

public sealed class PredictivePolicyTests
{
    private static readonly PolicySettings Settings = new() { ServiceSeconds = 0.5, StartupSeconds = 1 };

    [Fact]
    public void Decide_SteadyLoad_SizesByErlangC()
    {
        var policy = PolicyFactory.Create("predictive", Settings);
        ScalingDecision? decision = null;
        // 4 requests/s of 0.5 s work: 2 erlangs; the penalty's optimum is 3 replicas (see PenaltySizing).
        for (var t = 0; t < 100; t += 10)
        {
            decision = policy.Decide(Signals.At(t, busy: 2, ready: 3, arrivals: 40, service: 0.5, completed: 40));
        }

        Assert.Equal(3, decision!.Replicas);
    }

    [Fact]
    public void Decide_RisingLoad_LeadsTheObservedRate()
    {
        var policy = PolicyFactory.Create("predictive", Settings with { StartupSeconds = 20 });
        var steady = PolicyFactory.Create("predictive", Settings with { StartupSeconds = 20 });
        ScalingDecision? rising = null, flat = null;
        for (var i = 0; i < 6; i++)
        {
            rising = policy.Decide(Signals.At(i * 10, busy: 1, ready: 2, arrivals: 20 + (i * 40), service: 0.5, completed: 20));
            flat = steady.Decide(Signals.At(i * 10, busy: 1, ready: 2, arrivals: 220, service: 0.5, completed: 20));
        }

        // Both end at 22 requests/s observed; the one that saw the climb expects more.
        Assert.True(rising!.Replicas > flat!.Replicas, $"{rising.Reason} vs {flat.Reason}");
    }

    [Fact]
    public void Decide_Backlog_AsksForCapacityToClearIt()
    {
        var calm = PolicyFactory.Create("predictive", Settings).Decide(Signals.At(10, busy: 2, ready: 2, desired: 2, arrivals: 20, service: 0.5, completed: 20));
        var backlogged = PolicyFactory.Create("predictive", Settings).Decide(Signals.At(10, busy: 2, ready: 2, desired: 2, arrivals: 20, queue: 200, service: 0.5, completed: 20));

        // 200 waiting to clear in 10 s at 0.5 s each needs about 10 more replicas.
        Assert.True(backlogged.Replicas >= calm.Replicas + 9, $"{backlogged.Reason} vs {calm.Reason}");
    }

    [Fact]
    public void Decide_AfterAPeak_ScalesDownWithinAFewIntervals()
    {
        var policy = PolicyFactory.Create("predictive", Settings);
        var desired = 1;
        for (var t = 0; t < 60; t += 10)
        {
            desired = policy.Decide(Signals.At(t, busy: desired * 0.7, ready: desired, desired: desired, arrivals: 200, service: 0.5, completed: 200)).Replicas;
        }

        var peak = desired;
        for (var t = 60; t < 60 + (10 * (PredictivePolicy.DownWindowIntervals + 6)); t += 10)
        {
            desired = policy.Decide(Signals.At(t, busy: 0.1, ready: desired, desired: desired, arrivals: 2, service: 0.5, completed: 2)).Replicas;
        }

        Assert.True(peak >= 10, $"peak {peak}");
        Assert.True(desired <= 2, $"still {desired} replicas a minute and a half after the load went");
    }
}

using Arbiter.Autoscaling.Policies;
using Arbiter.Autoscaling.Queueing;

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
        for (var t = 60; t < 60 + (10 * (ScaleDownWindow.DefaultIntervals + 6)); t += 10)
        {
            desired = policy.Decide(Signals.At(t, busy: 0.1, ready: desired, desired: desired, arrivals: 2, service: 0.5, completed: 2)).Replicas;
        }

        Assert.True(peak >= 10, $"peak {peak}");
        Assert.True(desired <= 2, $"still {desired} replicas a minute and a half after the load went");
    }

    [Fact]
    public void Decide_WithAScaleDownHold_KeepsThePeakForThatLongAfterTheLoadDrops()
    {
        static int IntervalsAtPeak(PolicySettings settings)
        {
            var policy = PolicyFactory.Create("predictive", settings);
            var desired = 1;
            for (var t = 0; t < 60; t += 10)
            {
                desired = policy.Decide(Signals.At(t, busy: desired * 0.7, ready: desired, desired: desired, arrivals: 200, service: 0.5, completed: 200)).Replicas;
            }

            var peak = desired;
            for (var low = 0; low < 20; low++)
            {
                desired = policy.Decide(Signals.At(60 + (10 * low), busy: 0.1, ready: desired, desired: desired, arrivals: 2, service: 0.5, completed: 2)).Replicas;
                if (desired < peak)
                {
                    return low;
                }
            }

            return int.MaxValue;
        }

        // The default window is two intervals: the peak's need leaves it after the second low one.
        Assert.True(IntervalsAtPeak(Settings) <= ScaleDownWindow.DefaultIntervals - 1, "the default held the peak too long");
        // A minute at 10-second intervals: six needs, the peak's last one leaving after the sixth low one.
        Assert.Equal(5, IntervalsAtPeak(Settings with { ScaleDownHold = TimeSpan.FromMinutes(1) }));
        Assert.Equal(2, IntervalsAtPeak(Settings with { ScaleDownHold = TimeSpan.FromSeconds(25) }));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3601)]
    public void Validate_ScaleDownHoldOutOfRange_Refuses(int seconds) =>
        Assert.Throws<ArgumentException>(() => PolicyFactory.Create("predictive", Settings with { ScaleDownHold = TimeSpan.FromSeconds(seconds) }));

    [Fact]
    public void Decide_ServiceFarShorterThanConfigured_TrustsTheMeasurementsWithinAFewIntervals()
    {
        // The first 25 seconds of a real replay (course-deadline, 5-second decisions): 500 ms
        // configured, 45-106 ms measured, about 1 request/s, so one replica is busy 5 % of the
        // time. The configured guess outweighed the measurements and a second replica ran for
        // a minute and a half.
        var policy = PolicyFactory.Create("predictive", Settings with { Interval = TimeSpan.FromSeconds(5), StartupSeconds = 1.7 });
        (long Arrivals, double Service)[] windows = [(0, 0), (2, 0.106), (4, 0.059), (5, 0.045), (5, 0.058), (5, 0.072), (5, 0.041)];
        var replicas = new List<string>();
        for (var i = 0; i < windows.Length; i++)
        {
            var (arrivals, service) = windows[i];
            var signals = new PoolSignals(TimeSpan.FromSeconds(5 * (i + 1)), TimeSpan.FromSeconds(5), arrivals, 0, TimeSpan.Zero, arrivals * service / 5,
                arrivals, arrivals > 0 ? service : null, ReadyReplicas: 1, StartingReplicas: 0, DrainingReplicas: 0, DesiredReplicas: 1, SlotsPerReplica: 1,
                StartupSeconds: 1.7, ServiceCv: arrivals > 1 ? 0.4 : null);
            replicas.Add(policy.Decide(signals) is { Replicas: var count, Reason: var reason } && count > 1 ? $"{count}: {reason}" : "at most 1");
        }

        Assert.All(replicas, decision => Assert.Equal("at most 1", decision));
    }

    [Fact]
    public void Decide_SteadyLoadWaitingFarLessThanErlangC_SizesByTheMeasuredWaits()
    {
        // 5.2 requests/s of 0.5 s work on 3 replicas: 2.6 erlangs, 87 % busy. Erlang C expects
        // about a second of wait and buys a fourth replica; evenly spaced arrivals of constant
        // jobs hardly wait at all, and the measured waits say so.
        var modelled = ErlangC.MeanWait(3, 5.2, 0.5);
        var evenly = PolicyFactory.Create("predictive", Settings);
        var poisson = PolicyFactory.Create("predictive", Settings);
        ScalingDecision? measuredShort = null, measuredAsModelled = null;
        for (var t = 0; t < 200; t += 10)
        {
            measuredShort = evenly.Decide(Signals.At(t, busy: 2.6, ready: 3, arrivals: 52, service: 0.5, completed: 52, wait: 0.02));
            measuredAsModelled = poisson.Decide(Signals.At(t, busy: 2.6, ready: 3, arrivals: 52, service: 0.5, completed: 52, wait: modelled));
        }

        Assert.InRange(modelled, 0.5, 2);
        Assert.Equal(3, measuredShort!.Replicas);
        Assert.Equal(4, measuredAsModelled!.Replicas);
    }

    [Fact]
    public void Decide_SteepClimbAfterCalmWaits_SizesByTheModelAlone()
    {
        // A pool that learned in steady windows that its waits are short, then a deadline's climb
        // (half as much again every interval): the calm says nothing about the climb, so the
        // policy sizes as one that never measured a wait.
        var calibrated = PolicyFactory.Create("predictive", Settings);
        var uncalibrated = PolicyFactory.Create("predictive", Settings);
        ScalingDecision? calm = null;
        for (var t = 0; t < 200; t += 10)
        {
            calm = calibrated.Decide(Signals.At(t, busy: 2.6, ready: 3, arrivals: 52, service: 0.5, completed: 52, wait: 0));
            uncalibrated.Decide(Signals.At(t, busy: 2.6, ready: 3, arrivals: 52, service: 0.5, completed: 52));
        }

        ScalingDecision? learned = null, model = null;
        var arrivals = 52.0;
        for (var t = 200; t < 250; t += 10)
        {
            arrivals *= 1.5;
            learned = calibrated.Decide(Signals.At(t, busy: 3, ready: 3, arrivals: (long)arrivals, service: 0.5, completed: 60, wait: 0));
            model = uncalibrated.Decide(Signals.At(t, busy: 3, ready: 3, arrivals: (long)arrivals, service: 0.5, completed: 60));
        }

        Assert.Contains("wait ×0.0", calm!.Reason, StringComparison.Ordinal);
        Assert.Equal(model!.Replicas, learned!.Replicas);
        Assert.Contains("wait ×1,", learned.Reason, StringComparison.Ordinal);
    }
}

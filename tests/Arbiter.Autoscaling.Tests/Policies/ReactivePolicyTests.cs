using Arbiter.Autoscaling.Policies;

namespace Arbiter.Autoscaling.Tests.Policies;

public sealed class ReactivePolicyTests
{
    private static IScalingPolicy Reactive() => PolicyFactory.Create("reactive", new PolicySettings());

    [Fact]
    public void Decide_AboveTarget_ScalesToCeilingOfCurrentTimesMetricOverTarget()
    {
        // 2 ready, both busy: utilisation 1 / 0.75 → ⌈2 · 1.333⌉ = 3.
        Assert.Equal(3, Reactive().Decide(Signals.At(10, busy: 2, ready: 2)).Replicas);
        // 10 ready, 9 busy: 0.9 / 0.75 = 1.2 → ⌈12⌉ = 12.
        Assert.Equal(12, Reactive().Decide(Signals.At(10, busy: 9, ready: 10)).Replicas);
    }

    [Fact]
    public void Decide_WithinTolerance_KeepsTheCount()
    {
        // 4 ready, 3.2 busy: 0.8 / 0.75 = 1.067, within 0.1 of 1.
        Assert.Equal(4, Reactive().Decide(Signals.At(10, busy: 3.2, ready: 4)).Replicas);
        // 0.7 / 0.75 = 0.933: within too.
        Assert.Equal(4, Reactive().Decide(Signals.At(10, busy: 2.8, ready: 4)).Replicas);
    }

    [Fact]
    public void Decide_ScaleUp_IsLimitedToFourMoreOrDouble()
    {
        var policy = PolicyFactory.Create("reactive", new PolicySettings { TargetUtilisation = 0.1 });

        // 1 ready, busy: ratio 10 → 10, limited to max(1 + 4, 2) = 5.
        Assert.Equal(5, policy.Decide(Signals.At(10, busy: 1, ready: 1)).Replicas);
    }

    [Fact]
    public void Decide_ReplicasStillStarting_CountAsIdleWhenScalingUp()
    {
        // 2 ready and busy, 2 starting: (2 / 4) / 0.75 = 0.667 → no scale-up.
        Assert.Equal(4, Reactive().Decide(Signals.At(10, busy: 2, ready: 2, starting: 2)).Replicas);
        // 3 ready and busy, 1 starting: (3 / 4) / 0.75 = 1.0 → within tolerance, stays 4.
        Assert.Equal(4, Reactive().Decide(Signals.At(10, busy: 3, ready: 3, starting: 1)).Replicas);
    }

    [Fact]
    public void Decide_NothingReady_KeepsTheCount()
    {
        Assert.Equal(2, Reactive().Decide(Signals.At(10, busy: 0, ready: 0, starting: 2)).Replicas);
    }

    [Fact]
    public void Decide_ScaleDown_WaitsForFiveMinutesOfLowerRecommendations()
    {
        var policy = Reactive();
        Assert.Equal(8, policy.Decide(Signals.At(0, busy: 6, ready: 6)).Replicas); // 1 / 0.75 · 6 = 8

        // Then idle: the raw recommendation is 0, but the window still holds the 8.
        for (var t = 10; t <= 300; t += 10)
        {
            Assert.Equal(8, policy.Decide(Signals.At(t, busy: 0, ready: 8)).Replicas);
        }

        // Once the 8 is more than 300 s old, the highest left is 0.
        Assert.Equal(0, policy.Decide(Signals.At(310, busy: 0, ready: 8)).Replicas);
    }

    [Fact]
    public void Decide_ScaleDown_GoesToTheHighestRecommendationInTheWindow()
    {
        var policy = Reactive();
        Assert.Equal(8, policy.Decide(Signals.At(0, busy: 6, ready: 6)).Replicas);
        Assert.Equal(8, policy.Decide(Signals.At(200, busy: 3, ready: 8, desired: 8)).Replicas); // raw 4
        Assert.Equal(8, policy.Decide(Signals.At(290, busy: 0, ready: 8, desired: 8)).Replicas); // raw 0
        Assert.Equal(4, policy.Decide(Signals.At(320, busy: 0, ready: 8, desired: 8)).Replicas); // 8 expired, 4 remains
        Assert.Equal(0, policy.Decide(Signals.At(510, busy: 0, ready: 4, desired: 4)).Replicas); // 4 expired
    }
}

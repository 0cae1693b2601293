using Arbiter.Autoscaling.Policies;

namespace Arbiter.Autoscaling.Tests.Policies;

public sealed class ForecastPolicyTests
{
    [Fact]
    public void LinearForecast_IsTheLeastSquaresLineOneStepAhead()
    {
        Assert.Equal(5, new LinearForecast().Forecast([2, 3, 4]), 12);
        // Points (0,1) (1,1) (2,4): slope 1.5, mean 2 at x = 1 → 2 + 1.5·2 = 5.
        Assert.Equal(5, new LinearForecast().Forecast([1, 1, 4]), 12);
        Assert.Equal(0, new LinearForecast().Forecast([6, 3, 0]), 12); // would be −3: clamped
        Assert.Equal(7, new LinearForecast().Forecast([7]), 12);
    }

    [Fact]
    public void NearestNeighboursForecast_IsTheMeanOfTheLastK()
    {
        Assert.Equal(5, new NearestNeighboursForecast(3).Forecast([100, 4, 5, 6]), 12);
        Assert.Equal(4.5, new NearestNeighboursForecast(3).Forecast([4, 5]), 12);
    }

    [Fact]
    public void Linear_OnARisingLoad_ScalesAheadOfTheReactiveRule()
    {
        var linear = PolicyFactory.Create("linear", new PolicySettings());
        var reactive = PolicyFactory.Create("reactive", new PolicySettings());
        ScalingDecision? l = null, r = null;
        // 4 ready; busy 1.5, 2.25, 3.75, 4 → utilisation/target 0.5, 0.75, 1.25, 1.33 → raw 2, 3, 5, 6.
        foreach (var (busy, i) in new[] { 1.5, 2.25, 3.75, 4 }.Select((b, i) => (b, i)))
        {
            var signals = Signals.At(i * 10, busy: busy, ready: 4, desired: 4);
            l = linear.Decide(signals);
            r = reactive.Decide(signals);
        }

        Assert.Equal(6, r!.Replicas);
        // The line through (0,2) (1,3) (2,5) (3,6) has slope 1.4 and passes 4 at x = 1.5: at x = 4, 7.5 → 8.
        Assert.Equal(8, l!.Replicas);
    }

    [Fact]
    public void Linear_KeepsOnlyTheLastTwelveRecommendations()
    {
        var linear = PolicyFactory.Create("linear", new PolicySettings());
        ScalingDecision? last = null;
        for (var i = 0; i < 20; i++)
        {
            last = linear.Decide(Signals.At(i * 10, busy: 3, ready: 4)); // raw 4 every time (within tolerance)
        }

        Assert.Contains("over 12", last!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Knn_SmoothsAOneIntervalSpikeAway()
    {
        var knn = PolicyFactory.Create("knn", new PolicySettings());
        knn.Decide(Signals.At(0, busy: 3, ready: 4)); // raw 4
        knn.Decide(Signals.At(10, busy: 3, ready: 4)); // raw 4
        var spike = knn.Decide(Signals.At(20, busy: 4, ready: 4)); // raw ⌈5.33⌉ = 6; mean(4, 4, 6) = 4.67 → 5

        Assert.Equal(5, spike.Replicas);
    }
}

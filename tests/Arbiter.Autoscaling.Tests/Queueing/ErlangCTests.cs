using Arbiter.Autoscaling.Queueing;

namespace Arbiter.Autoscaling.Tests.Queueing;

public sealed class ErlangCTests
{
    [Fact]
    public void WaitProbability_OneServer_IsTheUtilisation()
    {
        Assert.Equal(0.6, ErlangC.WaitProbability(1, 0.6), 12);
    }

    [Fact]
    public void WaitProbability_TwoServersHalfLoaded_IsOneThird()
    {
        // By hand: B(1) = 1/2, B(2) = 0.5 / 2.5 = 0.2, C = 2·0.2 / (2 − 1·0.8) = 1/3.
        Assert.Equal(1.0 / 3, ErlangC.WaitProbability(2, 1), 12);
    }

    [Fact]
    public void MeanWait_TwoServers_IsCTimesServiceOverSpareCapacity()
    {
        // λ = 2/s, s = 0.5 s: a = 1, C = 1/3, W = (1/3)·0.5 / (2 − 1) = 1/6 s.
        Assert.Equal(1.0 / 6, ErlangC.MeanWait(2, 2, 0.5), 12);
        Assert.Equal(0.5 + (1.0 / 6), ErlangC.MeanResponse(2, 2, 0.5), 12);
    }

    [Fact]
    public void MeanWait_Overloaded_IsInfinite()
    {
        Assert.True(double.IsPositiveInfinity(ErlangC.MeanWait(2, 4, 0.5)));
        Assert.Equal(1, ErlangC.WaitProbability(0, 0.1));
    }

    [Fact]
    public void WaitProbability_ThousandsOfServers_StaysFinite()
    {
        var p = ErlangC.WaitProbability(5000, 4900);

        Assert.InRange(p, 0, 1);
        Assert.True(double.IsFinite(ErlangC.MeanWait(5000, 9800, 0.5)));
    }

    [Fact]
    public void PenaltySizing_PicksTheCheapestCountByHand()
    {
        // λ = 2/s, s = 0.5 s, one slot each, weight 1, scarcity 1:
        // c = 2: T = 0.5 + 1/6 → T² + 2 = 2.444; c = 3: C(3, 1) = 1/11 → W = (1/11)·0.5/2, T² + 3 = 3.27.
        Assert.Equal(2, PenaltySizing.Replicas(2, 0.5, 1, 1, 1));
        // A heavy weight (a busy interval of the run) buys more: 100·T² + c is 46.4, 30.3, 29.3, 30.0 for c = 2…5.
        Assert.Equal(4, PenaltySizing.Replicas(2, 0.5, 1, 100, 1));
        Assert.Equal(0, PenaltySizing.Replicas(0, 0.5, 1, 1, 1));
    }
}

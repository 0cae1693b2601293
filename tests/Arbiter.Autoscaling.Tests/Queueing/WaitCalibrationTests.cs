using Arbiter.Autoscaling.Queueing;

namespace Arbiter.Autoscaling.Tests.Queueing;

public sealed class WaitCalibrationTests
{
    private const double AllenCunneen = 0.55; // the model's own factor, (1 + cv²)/2 with cv ≈ 0.32
    private const double Service = 0.5;

    [Fact]
    public void Factor_BeforeAnyWindow_IsTheModelsOwn()
    {
        Assert.Equal(AllenCunneen, new WaitCalibration().Factor(AllenCunneen, Service), 12);
    }

    [Fact]
    public void Factor_WaitsATenthOfTheModels_IsTheRatioOfTheFadingSumsWithThePrior()
    {
        var calibration = new WaitCalibration();
        for (var i = 0; i < 50; i++)
        {
            calibration.Observe(measuredWaitSeconds: 0.1, modelledWaitSeconds: 1.0);
        }

        // Both sums are 1 + 0.9 + … + 0.9⁴⁹; the prior adds one service time of modelled wait at the model's factor.
        var windows = (1 - Math.Pow(WaitCalibration.Decay, 50)) / (1 - WaitCalibration.Decay);
        var expected = ((AllenCunneen * Service) + (0.1 * windows)) / (Service + windows);
        Assert.Equal(expected, calibration.Factor(AllenCunneen, Service), 12);
        Assert.InRange(expected, 0.12, 0.13);
    }

    [Fact]
    public void Factor_WaitsLongerThanTheModels_NeverRaisesIt()
    {
        var calibration = new WaitCalibration();
        for (var i = 0; i < 20; i++)
        {
            calibration.Observe(measuredWaitSeconds: 5, modelledWaitSeconds: 1);
        }

        Assert.Equal(AllenCunneen, calibration.Factor(AllenCunneen, Service), 12);
    }

    [Fact]
    public void Factor_NoWaitAtAll_StopsAtTheFloor()
    {
        var calibration = new WaitCalibration();
        for (var i = 0; i < 100; i++)
        {
            calibration.Observe(measuredWaitSeconds: 0, modelledWaitSeconds: 1);
        }

        Assert.Equal(WaitCalibration.MinimumFactor, calibration.Factor(AllenCunneen, Service), 12);
    }

    [Fact]
    public void Observe_NonsenseWindow_IsIgnored()
    {
        var calibration = new WaitCalibration();
        calibration.Observe(double.NaN, 1);
        calibration.Observe(0, double.PositiveInfinity);
        calibration.Observe(-1, 1);

        Assert.Equal(AllenCunneen, calibration.Factor(AllenCunneen, Service), 12);
    }
}

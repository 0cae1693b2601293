using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Tests.Problems;

public sealed class TimeCalibrationTests
{
    private static readonly TimeCalibration Default2023 = new(2, 1.5, TimeSpan.FromSeconds(1));

    [Fact]
    public void Compute_RoundsUpToTheResolution()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Default2023.Compute(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TimeSpan.FromSeconds(2), Default2023.Compute(TimeSpan.FromMilliseconds(1000)));
        Assert.Equal(TimeSpan.FromSeconds(3), Default2023.Compute(TimeSpan.FromMilliseconds(1001)));
    }

    [Fact]
    public void Compute_TooFastTleSubmission_HasNoValidLimit()
    {
        Assert.Null(Default2023.Compute(TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(2500)));
        Assert.Equal(TimeSpan.FromSeconds(2), Default2023.Compute(TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(3)));
    }
}

using Arbiter.Autoscaling.Scoring;

namespace Arbiter.Autoscaling.Tests.Scoring;

public sealed class IntervalRecorderTests
{
    [Fact]
    public void Build_CountsEachRequestInTheIntervalItWasSentIn()
    {
        var recorder = new IntervalRecorder(5);
        recorder.RecordSent(1);
        recorder.Success(1, 7); // answered in the next interval, counted in the one it was sent in
        recorder.RecordSent(4.9);
        recorder.Success(4.9, 1);
        recorder.RecordSent(6);
        recorder.Failure(6);

        var intervals = recorder.Build(10);

        Assert.Equal(2, intervals.Count);
        Assert.Equal((2L, 2L, 0L), (intervals[0].Sent, intervals[0].Succeeded, intervals[0].Failed));
        Assert.Equal(4, intervals[0].MeanSeconds, 9);
        Assert.Equal((1L, 0L, 1L), (intervals[1].Sent, intervals[1].Succeeded, intervals[1].Failed));
    }

    [Fact]
    public void Build_AveragesReplicaSamplesAndCarriesTheLastOneForward()
    {
        var recorder = new IntervalRecorder(5);
        recorder.Replicas(0, 1);
        recorder.Replicas(2, 3);
        recorder.Replicas(11, 4);

        var intervals = recorder.Build(15);

        Assert.Equal([2.0, 2.0, 4.0], intervals.Select(i => i.Replicas));
    }

    [Fact]
    public void Build_PartialLastInterval_IsShorter()
    {
        var intervals = new IntervalRecorder(5).Build(12);

        Assert.Equal([5.0, 5.0, 2.0], intervals.Select(i => i.LengthSeconds));
    }

    [Fact]
    public void Percentiles_AreNearestRankWithinHalfAPercent()
    {
        var recorder = new IntervalRecorder(60);
        for (var i = 1; i <= 100; i++)
        {
            recorder.RecordSent(0);
            recorder.Success(0, i / 100.0);
        }

        Assert.Equal(0.95, recorder.OverallPercentile(0.95), 0.95 * 0.005);
        Assert.Equal(0.50, recorder.OverallPercentile(0.50), 0.50 * 0.005);
        Assert.Equal(0.505, recorder.OverallMean, 9);
        Assert.Equal(0.95, recorder.Build(60)[0].P95Seconds, 0.95 * 0.005);
    }
}

using Arbiter.Autoscaling.Scoring;

namespace Arbiter.Autoscaling.Tests.Scoring;

public sealed class PenaltyScoreTests
{
    private static IntervalStats Batch(long succeeded, double meanSeconds, long failed = 0, double replicas = 1, double length = 5) =>
        new(0, length, succeeded + failed, succeeded, failed, meanSeconds, meanSeconds, meanSeconds, replicas);

    [Fact]
    public void Compute_TwoBatches_IsTheSuccessWeightedMeanOfSquaredMeansPlusFailuresPlusReplicas()
    {
        // By hand: batch 1: 2 ok at mean 1 s, 2 replicas; batch 2: 2 ok at mean 3 s, 1 failed, 4 replicas.
        // (2·1² + 2·3²) / (2 + 2) = 20 / 4 = 5; failures 1 · 30² = 900; replicas (2 + 4) / 2 = 3.
        var score = PenaltyScore.Compute([Batch(2, 1, replicas: 2), Batch(2, 3, failed: 1, replicas: 4)], new PenaltyOptions());

        Assert.Equal(5, score.LatencyTerm, 12);
        Assert.Equal(900, score.FailedTerm, 12);
        Assert.Equal(3, score.ReplicaTerm, 12);
        Assert.Equal(908, score.Total, 12);
        Assert.Equal(1, score.Failed);
    }

    [Fact]
    public void Compute_UnequalBatches_WeighsEachSquaredMeanBySuccessesNotByBatch()
    {
        // 3 ok at 0.2 s and 1 ok at 1.0 s: (3·0.04 + 1·1) / 4 = 1.12 / 4 = 0.28
        // (a plain mean of the squared batch means would give (0.04 + 1) / 2 = 0.52).
        var score = PenaltyScore.Compute([Batch(3, 0.2, replicas: 1), Batch(1, 1.0, replicas: 1)], new PenaltyOptions());

        Assert.Equal(0.28, score.LatencyTerm, 12);
        Assert.Equal(1.28, score.Total, 12);
    }

    [Fact]
    public void Compute_SquaresTheBatchMean_NotEachRequest()
    {
        // One batch of requests at 1 s and 3 s: mean 2 s, squared 4 (not (1 + 9) / 2 = 5).
        var score = PenaltyScore.Compute([Batch(2, 2, replicas: 0)], new PenaltyOptions());

        Assert.Equal(4, score.Total, 12);
    }

    [Fact]
    public void Compute_FactorsFromTheDiscussion_ScaleFailuresAndReplicas()
    {
        // 1 ok at 0.5 s (0.25), 3 failed × 100, 2 replicas × 3 = 0.25 + 300 + 6.
        var score = PenaltyScore.Compute([Batch(1, 0.5, failed: 3, replicas: 2)], new PenaltyOptions(FailedPenalty: 100, ScarcityFactor: 3));

        Assert.Equal(306.25, score.Total, 12);
        Assert.Equal(2, score.AverageReplicas, 12);
    }

    [Fact]
    public void Compute_FailuresAreCountedNotAveraged()
    {
        // 77 failures (the paper's first KNN run) cost 77 · 900 whatever the run's length.
        var batches = Enumerable.Range(0, 360).Select(i => Batch(10, 0.1, failed: i < 77 ? 1 : 0, replicas: 2)).ToList();

        var score = PenaltyScore.Compute(batches, new PenaltyOptions());

        Assert.Equal(77 * 900, score.FailedTerm, 9);
        Assert.Equal(0.01, score.LatencyTerm, 12);
        Assert.Equal(2, score.ReplicaTerm, 12);
    }

    [Fact]
    public void Compute_ShortLastBatch_CountsItsReplicasForItsLength()
    {
        // 5 s at 2 replicas and 2.5 s at 5 replicas: (10 + 12.5) / 7.5 = 3.
        var score = PenaltyScore.Compute([Batch(1, 0, replicas: 2, length: 5), Batch(1, 0, replicas: 5, length: 2.5)], new PenaltyOptions());

        Assert.Equal(3, score.ReplicaTerm, 12);
    }

    [Fact]
    public void Compute_NoSuccessfulRequest_HasNoLatencyTerm()
    {
        var score = PenaltyScore.Compute([Batch(0, 0, failed: 2, replicas: 1)], new PenaltyOptions());

        Assert.Equal(0, score.LatencyTerm);
        Assert.Equal(1801, score.Total, 12);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(double.NaN, 1)]
    [InlineData(900, double.PositiveInfinity)]
    public void Compute_InvalidFactors_AreRejected(double failed, double scarcity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PenaltyScore.Compute([], new PenaltyOptions(failed, scarcity)));
    }
}

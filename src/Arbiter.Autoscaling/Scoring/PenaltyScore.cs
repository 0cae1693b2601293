namespace Arbiter.Autoscaling.Scoring;

/// <summary>
/// The paper's penalty equation, exactly as it reads (seed 003, section IV.D):
/// <code>
///   Σᵢ successful(i) · mean response time(i)²      (a)
///   ─────────────────────────────────────────
///            Σᵢ successful(i)
/// + failed request count · 30²                      (b)
/// + average pod replica count                       (c)
/// </code>
/// over the batches i of a run, response times in seconds. (a) is the success-weighted mean of
/// each batch's squared mean response time; (b) is the total count of failed requests, not
/// normalised, times <see cref="PenaltyOptions.FailedPenalty"/>; (c) is the replicas averaged over
/// the batches (weighted by length, so a shorter last batch counts less) times
/// <see cref="PenaltyOptions.ScarcityFactor"/>. With no successful request at all (a) is 0.
/// </summary>
public sealed record PenaltyScore(double LatencyTerm, double FailedTerm, double ReplicaTerm, long Failed, double AverageReplicas)
{
    public double Total => LatencyTerm + FailedTerm + ReplicaTerm;

    public static PenaltyScore Compute(IReadOnlyList<IntervalStats> intervals, PenaltyOptions options)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        double weighted = 0, successes = 0, replicaSeconds = 0, seconds = 0;
        long failed = 0;
        foreach (var interval in intervals)
        {
            weighted += interval.Succeeded * interval.MeanSeconds * interval.MeanSeconds;
            successes += interval.Succeeded;
            failed += interval.Failed;
            replicaSeconds += interval.Replicas * interval.LengthSeconds;
            seconds += interval.LengthSeconds;
        }

        var latency = successes > 0 ? weighted / successes : 0;
        var replicas = seconds > 0 ? replicaSeconds / seconds : 0;
        return new PenaltyScore(latency, failed * options.FailedPenalty, replicas * options.ScarcityFactor, failed, replicas);
    }
}

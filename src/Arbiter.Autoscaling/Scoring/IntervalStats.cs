namespace Arbiter.Autoscaling.Scoring;

/// <summary>
/// One interval of a run (the paper's "batch"): the requests sent in it and what became of them,
/// and the replicas alive during it. Latencies are of the successful requests, in seconds.
/// </summary>
public sealed record IntervalStats(
    double StartSeconds,
    double LengthSeconds,
    long Sent,
    long Succeeded,
    long Failed,
    double MeanSeconds,
    double P50Seconds,
    double P95Seconds,
    double Replicas);

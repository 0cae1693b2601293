namespace Arbiter.Autoscaling.Scoring;

/// <summary>
/// What a load test or a simulation prints with <c>--json</c>: the penalty score and its three
/// terms, request counts, replicas and latency percentiles (of the successful requests, in ms).
/// </summary>
public sealed record RunSummary(
    string Mode,
    string Trace,
    string? Policy,
    double Penalty,
    double LatencyTerm,
    double FailedTerm,
    double ReplicaTerm,
    long Sent,
    long Succeeded,
    long Failed,
    double AverageReplicas,
    double MaxReplicas,
    double MeanMs,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double DurationSeconds,
    double IntervalSeconds,
    double FailedPenalty,
    double ScarcityFactor)
{
    public static RunSummary From(
        string mode,
        string trace,
        string? policy,
        IntervalRecorder recorder,
        IReadOnlyList<IntervalStats> intervals,
        double durationSeconds,
        PenaltyOptions options)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(options);
        var score = PenaltyScore.Compute(intervals, options);
        return new RunSummary(
            mode, trace, policy,
            Round(score.Total), Round(score.LatencyTerm), Round(score.FailedTerm), Round(score.ReplicaTerm),
            recorder.Sent, recorder.Succeeded, recorder.Failed,
            Round(score.AverageReplicas), intervals.Count == 0 ? 0 : intervals.Max(i => i.Replicas),
            Ms(recorder.OverallMean), Ms(recorder.OverallPercentile(0.5)), Ms(recorder.OverallPercentile(0.95)), Ms(recorder.OverallPercentile(0.99)),
            Math.Round(durationSeconds, 3), recorder.IntervalSeconds, options.FailedPenalty, options.ScarcityFactor);
    }

    private static double Round(double value) => Math.Round(value, 4);

    private static double Ms(double seconds) => Math.Round(seconds * 1000, 1);
}

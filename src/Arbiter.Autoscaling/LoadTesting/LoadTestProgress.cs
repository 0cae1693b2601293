namespace Arbiter.Autoscaling.LoadTesting;

/// <summary>A snapshot for the progress line: elapsed, totals, the last interval's percentiles and
/// the live workers (null when the server does not say).</summary>
public sealed record LoadTestProgress(double ElapsedSeconds, long Sent, long Succeeded, long Failed, long InFlight, double? P50Ms, double? P95Ms, int? Replicas);

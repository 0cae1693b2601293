namespace Arbiter.Autoscaling.Scoring;

/// <summary>A finished run: its summary and its intervals (for the CSV and the chart).</summary>
public sealed record ScoredRun(RunSummary Summary, IReadOnlyList<IntervalStats> Intervals);

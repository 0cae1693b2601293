namespace Arbiter.Bench;

/// <summary>Percentiles of measured times (nearest rank, rounded to the microsecond).</summary>
internal static class Stats
{
    public static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)(fraction * sorted.Count))], 3);
    }

    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);
}

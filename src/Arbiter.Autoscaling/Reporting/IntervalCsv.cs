using System.Globalization;
using System.Text;
using Arbiter.Autoscaling.Scoring;

namespace Arbiter.Autoscaling.Reporting;

/// <summary>The per-interval CSV of a run: when, sent, succeeded, failed, mean/p50/p95 latency of
/// the successful requests (ms), and the replicas (workers alive) on average.</summary>
public static class IntervalCsv
{
    public const string Header = "start_s,length_s,sent,succeeded,failed,mean_ms,p50_ms,p95_ms,replicas";

    public static string Write(IReadOnlyList<IntervalStats> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var text = new StringBuilder(Header).Append('\n');
        foreach (var i in intervals)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{i.StartSeconds:0.###},{i.LengthSeconds:0.###},{i.Sent},{i.Succeeded},{i.Failed}," +
                $"{i.MeanSeconds * 1000:0.#},{i.P50Seconds * 1000:0.#},{i.P95Seconds * 1000:0.#},{i.Replicas:0.##}\n");
        }

        return text.ToString();
    }
}

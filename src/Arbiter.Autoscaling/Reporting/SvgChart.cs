using System.Globalization;
using System.Security;
using System.Text;
using Arbiter.Autoscaling.Scoring;

namespace Arbiter.Autoscaling.Reporting;

/// <summary>
/// A self-contained SVG of a run that any browser opens: requests/s and replicas over time in the
/// upper panel, p50 and p95 latency (ms, of the successful requests) in the lower one, failed
/// requests as red ticks, and the summary in the title.
/// </summary>
public static class SvgChart
{
    private const int Width = 960;
    private const int Left = 64;
    private const int Right = 64;
    private const int PanelHeight = 220;
    private const int Gap = 56;
    private const int Top = 56;

    public static string Render(ScoredRun report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        var intervals = report.Intervals;
        var end = intervals.Count == 0 ? 1 : intervals[^1].StartSeconds + intervals[^1].LengthSeconds;
        var plotWidth = Width - Left - Right;
        var height = Top + (2 * PanelHeight) + Gap + 48;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" " +
            $"viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        var title = $"{s.Mode}: {s.Trace}{(s.Policy is null ? "" : $", policy {s.Policy}")}";
        var subtitle = string.Create(CultureInfo.InvariantCulture,
            $"penalty {s.Penalty:0.###} (latency {s.LatencyTerm:0.###} + failed {s.FailedTerm:0.#} + replicas {s.ReplicaTerm:0.###}); sent {s.Sent}, failed {s.Failed}, " +
                $"avg replicas {s.AverageReplicas:0.##}, p95 {s.P95Ms:0} ms");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"22\" font-size=\"16\" font-weight=\"bold\">{Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"42\">{Escape(subtitle)}</text>\n");

        double X(double seconds) => Left + (plotWidth * seconds / end);

        // Upper panel: requests/s (left axis) and replicas (right axis).
        var rates = intervals.Select(i => (T: i.StartSeconds + (i.LengthSeconds / 2), V: i.LengthSeconds > 0 ? i.Sent / i.LengthSeconds : 0)).ToList();
        var replicas = intervals.Select(i => (T: i.StartSeconds + (i.LengthSeconds / 2), V: i.Replicas)).ToList();
        var rateMax = Nice(rates.Count == 0 ? 1 : rates.Max(r => r.V));
        var replicaMax = Nice(replicas.Count == 0 ? 1 : replicas.Max(r => r.V));
        Panel(svg, Top, "requests/s", rateMax, "replicas", replicaMax, end, plotWidth);
        Line(svg, rates, X, v => Top + PanelHeight - (PanelHeight * v / rateMax), "#1f77b4");
        Line(svg, replicas, X, v => Top + PanelHeight - (PanelHeight * v / replicaMax), "#2ca02c", step: true);
        Legend(svg, Top, [("requests/s", "#1f77b4"), ("replicas", "#2ca02c")]);

        // Lower panel: p50 and p95 latency, and the failed requests.
        var lower = Top + PanelHeight + Gap;
        var p50 = intervals.Where(i => i.Succeeded > 0).Select(i => (T: i.StartSeconds + (i.LengthSeconds / 2), V: i.P50Seconds * 1000)).ToList();
        var p95 = intervals.Where(i => i.Succeeded > 0).Select(i => (T: i.StartSeconds + (i.LengthSeconds / 2), V: i.P95Seconds * 1000)).ToList();
        var latencyMax = Nice(p95.Count == 0 ? 1 : p95.Max(p => p.V));
        Panel(svg, lower, "latency ms", latencyMax, null, 0, end, plotWidth);
        Line(svg, p50, X, v => lower + PanelHeight - (PanelHeight * v / latencyMax), "#9467bd");
        Line(svg, p95, X, v => lower + PanelHeight - (PanelHeight * v / latencyMax), "#ff7f0e");
        foreach (var failed in intervals.Where(i => i.Failed > 0))
        {
            var x = X(failed.StartSeconds + (failed.LengthSeconds / 2));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" y1=\"{lower + PanelHeight - 8}\" x2=\"{x:0.#}\" y2=\"{lower + PanelHeight}\" stroke=\"#d62728\" " +
                $"stroke-width=\"2\"><title>{failed.Failed} failed</title></line>\n");
        }

        Legend(svg, lower, [("p50", "#9467bd"), ("p95", "#ff7f0e"), ("failed", "#d62728")]);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{height - 12}\" text-anchor=\"middle\">seconds</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, double top, string leftLabel, double leftMax, string? rightLabel, double rightMax, double end, int plotWidth)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{top}\" width=\"{plotWidth}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#999\"/>\n");
        for (var k = 0; k <= 4; k++)
        {
            var y = top + PanelHeight - (PanelHeight * k / 4.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Left + plotWidth}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{leftMax * k / 4:0.##}</text>\n");
            if (rightLabel is not null)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotWidth + 6}\" y=\"{y + 4:0.#}\">{rightMax * k / 4:0.##}</text>\n");
            }
        }

        for (var k = 0; k <= 6; k++)
        {
            var x = Left + (plotWidth * k / 6.0);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{top + PanelHeight + 16}\" text-anchor=\"middle\">{end * k / 6:0}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{top + (PanelHeight / 2)}\" " +
            $"transform=\"rotate(-90 14 {top + (PanelHeight / 2)})\" text-anchor=\"middle\">{Escape(leftLabel)}</text>\n");
        if (rightLabel is not null)
        {
            var x = Left + plotWidth + 50;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{top + (PanelHeight / 2)}\" " +
                $"transform=\"rotate(90 {x} {top + (PanelHeight / 2)})\" text-anchor=\"middle\">{Escape(rightLabel)}</text>\n");
        }
    }

    private static void Line(StringBuilder svg, List<(double T, double V)> points, Func<double, double> x, Func<double, double> y, string colour, bool step = false)
    {
        if (points.Count == 0)
        {
            return;
        }

        var path = new StringBuilder();
        double? lastY = null;
        foreach (var (t, v) in points)
        {
            if (step && lastY is { } previous)
            {
                path.Append(CultureInfo.InvariantCulture, $"{x(t):0.#},{previous:0.#} ");
            }

            path.Append(CultureInfo.InvariantCulture, $"{x(t):0.#},{y(v):0.#} ");
            lastY = y(v);
        }

        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{path.ToString().TrimEnd()}\"/>\n");
    }

    private static void Legend(StringBuilder svg, double top, IReadOnlyList<(string Label, string Colour)> entries)
    {
        var x = Left + 10.0;
        foreach (var (label, colour) in entries)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{top + 8}\" width=\"12\" height=\"4\" fill=\"{colour}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 16:0.#}\" y=\"{top + 14}\">{Escape(label)}</text>\n");
            x += 24 + (7 * label.Length);
        }
    }

    /// <summary>A round axis maximum at or above the value: 1, 2 or 5 times a power of ten.</summary>
    internal static double Nice(double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Arbiter.Autoscaling.Reporting;
using Arbiter.Autoscaling.Scoring;

namespace Arbiter.Cli.Commands;

/// <summary>The options and outputs <c>arbiter loadtest</c> and <c>arbiter autoscale simulate</c>
/// share: the penalty's two factors, the scoring interval, the CSV and SVG files, and the summary
/// (one JSON object with <c>--json</c>, a few lines otherwise).</summary>
internal sealed class RunOutputs
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Option<double> FailedPenalty { get; } = new("--failed-penalty")
    {
        Description = "What one failed request adds to the penalty, in s² (default 900 = 30², the paper's).",
        DefaultValueFactory = _ => PenaltyOptions.DefaultFailedPenalty,
    };

    public Option<double> ScarcityFactor { get; } = new("--scarcity-factor")
    {
        Description = "What one replica on average adds to the penalty (default 1; the paper suggests 2-4 where resources are scarce).",
        DefaultValueFactory = _ => 1,
    };

    public Option<double> Batch { get; } = new("--batch") { Description = "Seconds per scoring interval, the paper's batch (default 5).", DefaultValueFactory = _ => 5 };

    public Option<string?> Csv { get; } = new("--csv") { Description = "Write the per-interval CSV here." };

    public Option<string?> Svg { get; } = new("--svg") { Description = "Write the chart (SVG) here." };

    public Option<bool> AsJson { get; } = new("--json") { Description = "Print one JSON object (penalty, failed, averageReplicas, p95Ms, …)." };

    public IEnumerable<Option> All => [FailedPenalty, ScarcityFactor, Batch, Csv, Svg, AsJson];

    /// <summary>The penalty factors and interval, or a message saying what is wrong.</summary>
    public (PenaltyOptions? Penalty, double Batch, string? Error) Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var penalty = new PenaltyOptions(parse.GetValue(FailedPenalty), parse.GetValue(ScarcityFactor));
        var batch = parse.GetValue(Batch);
        if (!double.IsFinite(penalty.FailedPenalty) || penalty.FailedPenalty is < 0 or > 1e9)
        {
            return (null, 0, "--failed-penalty must be from 0 to 1000000000");
        }

        if (!double.IsFinite(penalty.ScarcityFactor) || penalty.ScarcityFactor is < 0 or > 1e6)
        {
            return (null, 0, "--scarcity-factor must be from 0 to 1000000");
        }

        if (!double.IsFinite(batch) || batch is < 0.1 or > 3600)
        {
            return (null, 0, "--batch must be from 0.1 to 3600 seconds");
        }

        return (penalty, batch, null);
    }

    /// <summary>Writes the files asked for and prints the summary; false (with a message) when a
    /// file cannot be written.</summary>
    public async Task<bool> WriteAsync(ParseResult parse, ScoredRun run, string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            if (parse.GetValue(Csv) is { } csv)
            {
                await File.WriteAllTextAsync(csv, IntervalCsv.Write(run.Intervals), cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(Svg) is { } svg)
            {
                await File.WriteAllTextAsync(svg, SvgChart.Render(run), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"arbiter {command}: {e.Message}").ConfigureAwait(false);
            return false;
        }

        var s = run.Summary;
        if (parse.GetValue(AsJson))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(s, Json));
        }
        else
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Mode} of {s.Trace}{(s.Policy is null ? "" : $" with policy {s.Policy}")}, " +
                $"{s.DurationSeconds:0} s"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  penalty      {s.Penalty:0.####}  " +
                $"= latency {s.LatencyTerm:0.####} + failed {s.FailedTerm:0.##} + replicas {s.ReplicaTerm:0.####}"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  requests     {s.Sent} sent, {s.Succeeded} succeeded, {s.Failed} failed"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  replicas     {s.AverageReplicas:0.##} on average, {s.MaxReplicas:0.##} at most"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  latency ms   mean {s.MeanMs:0.#}, p50 {s.P50Ms:0.#}, p95 {s.P95Ms:0.#}, p99 {s.P99Ms:0.#}"));
        }

        return true;
    }
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Arbiter.Server.Tests;

/// <summary>/metrics after real jobs: runs counted by verdict, a latency histogram per step, the
/// slot gauges, all in well-formed Prometheus text.</summary>
[Collection(SharedService.Name)]
public sealed partial class MetricsTests(ServiceFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_AfterAJudgedAndAPlaygroundJob_CountThemAndTimeEachStep()
    {
        var judged = await SubmitAsync(new { language = "python3", source = "a, b = map(int, input().split())\nprint(a + b)\n", problem = "sum" });
        var played = await SubmitAsync(new { language = "c", source = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n" });
        Assert.Equal("AC", (await fixture.Server.WaitFinishedAsync(judged)).GetProperty("verdict").GetString());
        await fixture.Server.WaitFinishedAsync(played);

        var samples = Parse(await fixture.Server.Http.GetStringAsync("/metrics", Token));

        Assert.True(samples["arbiter_jobs_finished_total{verdict=\"AC\"}"] >= 1);
        Assert.True(samples["arbiter_jobs_finished_total{verdict=\"OK\"}"] >= 1);
        foreach (var step in new[] { "compile", "run", "tests", "check" })
        {
            var count = samples[$"arbiter_step_duration_seconds_count{{step=\"{step}\"}}"];
            Assert.True(count >= 1, $"step {step} counted {count}");
            Assert.Equal(count, samples[$"arbiter_step_duration_seconds_bucket{{step=\"{step}\",le=\"+Inf\"}}"]);
            Assert.True(samples[$"arbiter_step_duration_seconds_sum{{step=\"{step}\"}}"] > 0 || step == "check");
        }

        Assert.True(samples["arbiter_step_duration_seconds_count{step=\"compile\"}"] >= 2); // both jobs compiled
        var busy = samples["arbiter_sandbox_slots_busy"];
        Assert.InRange(busy, 0, samples["arbiter_sandbox_slots"]);
        Assert.True(samples["arbiter_submissions_accepted_total"] >= 2);
    }

    [Fact]
    public async Task Metrics_Histograms_AreCumulative()
    {
        var samples = Parse(await fixture.Server.Http.GetStringAsync("/metrics", Token));
        var buckets = samples.Where(s => s.Key.Contains("_bucket{", StringComparison.Ordinal))
            .GroupBy(s => BucketLabel().Replace(s.Key, ""))
            .ToList();

        Assert.NotEmpty(buckets);
        foreach (var series in buckets)
        {
            var ordered = series.OrderBy(s => Bound(s.Key)).Select(s => s.Value).ToList();
            Assert.Equal(ordered.OrderBy(v => v), ordered); // never decreasing as the bound grows
        }
    }

    /// <summary>Every sample line as series → value; a malformed line fails the test.</summary>
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            // The exporter writes a series without labels as name{} (valid; Prometheus reads it as name).
            var series = match.Groups[1].Value.EndsWith("{}", StringComparison.Ordinal) ? match.Groups[1].Value[..^2] : match.Groups[1].Value;
            samples[series] = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    private static double Bound(string series)
    {
        var le = BucketBound().Match(series).Groups[1].Value;
        return le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
    }

    private async Task<string> SubmitAsync(object body)
    {
        using var response = await fixture.Server.Http.PostAsJsonAsync("/api/v1/submissions", body, Token);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;
    }

    /// <summary>A sample: the series (name and labels, values with escapes), its value, and the
    /// timestamp an exporter may add.</summary>
    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\.)*"",?)*\})?) (\S+)(?: -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"le=""([^""]+)""")]
    private static partial Regex BucketBound();

    [GeneratedRegex(@",?le=""[^""]+""")]
    private static partial Regex BucketLabel();
}

using System.Xml.Linq;

namespace Arbiter.Cli.Tests.Commands;

public sealed class AutoscaleCommandTests
{
    private static string Trace(string name) => Path.Combine(AppContext.BaseDirectory, "traces", name);

    [Fact]
    public async Task Simulate_Json_PrintsThePenaltyAndItsParts()
    {
        var run = await Cli.RunAsync("autoscale", "simulate", "--trace", Trace("course-deadline.csv"), "--policy", "reactive", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("simulation", json.GetProperty("mode").GetString());
        Assert.Equal("reactive", json.GetProperty("policy").GetString());
        var penalty = json.GetProperty("penalty").GetDouble();
        var parts = json.GetProperty("latencyTerm").GetDouble() + json.GetProperty("failedTerm").GetDouble() + json.GetProperty("replicaTerm").GetDouble();
        Assert.Equal(parts, penalty, 3);
        Assert.Equal(5175, json.GetProperty("sent").GetInt64());
        Assert.True(json.GetProperty("averageReplicas").GetDouble() >= 1);
        Assert.True(json.GetProperty("p95Ms").GetDouble() > 0);
        Assert.Equal(0, json.GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task Simulate_RandomArrivals_SendTheSameRequestsAndWaitLonger()
    {
        // The same trace, its requests at random times within each second instead of evenly
        // spaced: the same count, and with a pool held at 3 replicas, more queueing.
        string[] common = ["autoscale", "simulate", "--trace", "constant:4", "--duration", "600", "--service-cv", "0", "--min", "3", "--max", "3", "--json"];
        var even = await Cli.RunAsync(common);
        var random = await Cli.RunAsync([.. common, "--arrivals", "random"]);

        Assert.True(even.ExitCode == 0, even.ToString());
        Assert.True(random.ExitCode == 0, random.ToString());
        Assert.Equal(even.Json().GetProperty("sent").GetInt64(), random.Json().GetProperty("sent").GetInt64());
        Assert.True(random.Json().GetProperty("p95Ms").GetDouble() > even.Json().GetProperty("p95Ms").GetDouble() + 100, $"{even.StdoutText} vs {random.StdoutText}");
    }

    [Fact]
    public async Task Simulate_WritesTheIntervalCsvAndAChartABrowserOpens()
    {
        var directory = Directory.CreateTempSubdirectory("arbiter-simulate-");
        try
        {
            var csv = Path.Combine(directory.FullName, "run.csv");
            var svg = Path.Combine(directory.FullName, "run.svg");
            var run = await Cli.RunAsync("autoscale", "simulate", "--trace", "spike:1-8", "--duration", "120", "--csv", csv, "--svg", svg);

            Assert.True(run.ExitCode == 0, run.ToString());
            var lines = File.ReadAllLines(csv);
            Assert.Equal("start_s,length_s,sent,succeeded,failed,mean_ms,p50_ms,p95_ms,replicas", lines[0]);
            Assert.Equal(1 + 24, lines.Length); // 120 s in 5-second batches
            var chart = XDocument.Load(svg);
            Assert.Equal("svg", chart.Root!.Name.LocalName);
            Assert.Contains("penalty", run.StdoutText, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(true);
        }
    }

    [Theory]
    [InlineData("--trace", "no-such-file.csv", "no such file")]
    [InlineData("--trace", "constant:-3", "is not a rate")]
    [InlineData("--failed-penalty", "-1", "--failed-penalty must be")]
    [InlineData("--compress", "0", "--compress must be")]
    [InlineData("--min", "5", "replica bounds")]
    [InlineData("--arrivals", "poisson", "poisson")]
    [InlineData("--concurrent-startups", "0", "the concurrent start-ups must be 1 to 100000")]
    [InlineData("--warmup-factor", "0.5", "the warm-up factor must be 1 to 100")]
    [InlineData("--scale-down-hold", "1e20", "--scale-down-hold must be 0 to 3600 seconds")]
    [InlineData("--scale-down-hold", "NaN", "--scale-down-hold must be 0 to 3600 seconds")]
    public async Task Simulate_BadInput_IsAUsageErrorThatSaysWhy(string option, string value, string expected)
    {
        var arguments = new List<string> { "autoscale", "simulate" };
        if (option != "--trace")
        {
            arguments.AddRange(["--trace", "constant:1", "--max", "3"]);
        }

        arguments.AddRange([option, value]);
        var run = await Cli.RunAsync([.. arguments]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_NotATrace_IsAUsageError()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, [0x31, 0x2c, 0xff, 0xfe, 0x0a], TestContext.Current.CancellationToken);
            var run = await Cli.RunAsync("autoscale", "simulate", "--trace", file);

            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains(Path.GetFileName(file), run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

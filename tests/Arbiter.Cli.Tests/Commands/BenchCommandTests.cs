using System.Text.Json;

namespace Arbiter.Cli.Tests.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task BenchSandbox_Json_ReportsHeadlineFigures()
    {
        var run = await Cli.RunAsync(TimeSpan.FromMinutes(5), "bench", "sandbox", "--runs", "10", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(10, json.GetProperty("runs").GetInt32());
        foreach (var name in new[] { "bareMedianMs", "sandboxMedianMs", "bareRunsPerSec", "sandboxRunsPerSec" })
        {
            Assert.True(json.GetProperty(name).GetDouble() > 0, $"{name} is not a positive number: {run}");
        }

        // The sandbox may even beat bare Process.Start, so the overhead's sign is not asserted.
        Assert.Equal(JsonValueKind.Number, json.GetProperty("overheadMedianMs").ValueKind);
        // bare and sandbox for each of the two programs, plus bubblewrap per run where installed.
        var modes = json.GetProperty("programs").EnumerateArray().Select(p => p.GetProperty("mode").GetString()).ToList();
        Assert.Equal(2, modes.Count(m => m == "bare"));
        Assert.Equal(2, modes.Count(m => m == "sandbox"));
        Assert.Equal(File.Exists("/usr/bin/bwrap") ? 2 : 0, modes.Count(m => m == "bubblewrap per run"));
    }

    [Fact]
    public async Task BenchSandbox_TooFewRuns_IsUsageError()
    {
        var run = await Cli.RunAsync("bench", "sandbox", "--runs", "5");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--runs must be between 10 and 1000000", run.Stderr, StringComparison.Ordinal);
    }
}

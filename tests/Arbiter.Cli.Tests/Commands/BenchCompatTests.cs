namespace Arbiter.Cli.Tests.Commands;

/// <summary><c>arbiter bench compat</c>: the same C hello world through Arbiter's own API and
/// the three drop-in ones, in one run.</summary>
public sealed class BenchCompatTests
{
    [Fact]
    public async Task BenchCompat_Json_ReportsEachApiBesideTheNativeOne()
    {
        var run = await Cli.RunAsync(TimeSpan.FromMinutes(8), "bench", "compat", "--requests", "10", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(10, json.GetProperty("requests").GetInt32());
        var apis = json.GetProperty("apis").EnumerateArray().ToList();
        Assert.Equal(["native", "jobe", "piston", "judge0"], apis.Select(a => a.GetProperty("api").GetString()));
        foreach (var api in apis)
        {
            Assert.True(api.GetProperty("requestsPerSecond").GetDouble() > 0, api.ToString());
            Assert.True(api.GetProperty("p50Ms").GetDouble() > 0, api.ToString());
        }

        Assert.Equal(0, apis[0].GetProperty("addedP50Ms").GetDouble());
    }

    [Fact]
    public async Task BenchCompat_TooFewRequests_IsUsageError()
    {
        var run = await Cli.RunAsync("bench", "compat", "--requests", "5");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--requests must be between 10 and 100000", run.Stderr, StringComparison.Ordinal);
    }
}

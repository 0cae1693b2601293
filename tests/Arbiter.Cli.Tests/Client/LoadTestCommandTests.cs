namespace Arbiter.Cli.Tests.Client;

[Collection(SharedClientServer.Name)]
public sealed class LoadTestCommandTests(ClientServer server) : ClientTest(server)
{
    [Fact]
    public async Task LoadTest_AsStaff_SendsEveryRequestOnTimeAndScoresTheRun()
    {
        var login = await RunWithInputAsync(ClientServer.Password + "\n", "login", "--server", Server.Url, "--user", "teacher");
        Assert.True(login.ExitCode == 0, login.ToString());
        var csv = Path.Combine(Home, "run.csv");

        var run = await RunAsync("loadtest", "--trace", "constant:2", "--duration", "4", "--quiet", "--json", "--csv", csv);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("loadtest", json.GetProperty("mode").GetString());
        Assert.Equal(8, json.GetProperty("sent").GetInt64());
        Assert.Equal(8, json.GetProperty("succeeded").GetInt64());
        Assert.Equal(0, json.GetProperty("failed").GetInt64());
        Assert.True(json.GetProperty("averageReplicas").GetDouble() >= 1, run.ToString()); // the server's own worker
        Assert.True(json.GetProperty("p95Ms").GetDouble() > 0);
        Assert.Equal(json.GetProperty("latencyTerm").GetDouble() + json.GetProperty("replicaTerm").GetDouble(), json.GetProperty("penalty").GetDouble(), 3);
        Assert.Equal(8, File.ReadAllLines(csv).Skip(1).Sum(line => int.Parse(line.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task LoadTest_AsAStudent_StillRunsButSaysTheReplicasAreUnknown()
    {
        await LoginAsync("loader");

        var run = await RunAsync("loadtest", "--trace", "constant:1", "--duration", "2", "--quiet", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Json().GetProperty("succeeded").GetInt64());
        Assert.Contains("did not report its workers", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadTest_UnreachableServer_FailsEveryRequestWithoutCrashing()
    {
        var run = await RunAsync("loadtest", "--server", "http://127.0.0.1:9", "--trace", "constant:2", "--duration", "1", "--quiet", "--json", "--timeout", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Json().GetProperty("failed").GetInt64());
        Assert.Equal(1800, run.Json().GetProperty("penalty").GetDouble(), 3);
    }
}

using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>
/// A worker stopped with SIGTERM (a rolling update, a scale-down, a node drain) loses nothing and
/// runs nothing twice: it takes no new job, lets a running one finish within Server:DrainSeconds,
/// and hands back one that would not, so another worker starts it at once. Leases here last ten
/// minutes, so a job that only came back by expiring could not finish within these tests.
/// </summary>
public sealed class GracefulStopTests() : PostgresProcessTests("arbiter-stop-")
{
    [Fact]
    public async Task Sigterm_WhileAJobRuns_TheWorkerFinishesIt_ThenExitsCleanly()
    {
        var environment = await EnvironmentAsync();
        await using var api = await ServerProcess.StartAsync(NewDirectory(), "api", environment);
        await using var worker = await ServerProcess.StartAsync(NewDirectory(), "worker", With(environment, "ARBITER__SERVER__DRAINSECONDS", "120"));
        var id = await SubmitSleeperAsync(api, seconds: 4);
        await WaitUntilAsync(async () => (await api.GetJsonAsync($"/api/v1/submissions/{id}")).GetProperty("status").GetString() == "Running");

        var exitCode = await worker.TerminateAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(0, exitCode);
        var finished = await api.GetJsonAsync($"/api/v1/submissions/{id}");
        Assert.Equal("Judged", finished.GetProperty("status").GetString());
        Assert.Equal("done\n", finished.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        Assert.Equal(1, finished.GetProperty("attempts").GetInt32());
        Assert.Single(finished.GetProperty("history").EnumerateArray(), h => h.GetProperty("status").GetString() == "Judged");
        Assert.Contains($"-{worker.ProcessId}-", finished.GetProperty("history").EnumerateArray().Last().GetProperty("workerId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_WithAJobLongerThanTheDrain_HandsItBack_AndAnotherWorkerRunsItOnce()
    {
        var environment = await EnvironmentAsync();
        await using var api = await ServerProcess.StartAsync(NewDirectory(), "api", environment);
        await using var stopping = await ServerProcess.StartAsync(NewDirectory(), "worker", With(environment, "ARBITER__SERVER__DRAINSECONDS", "1"));
        await using var other = await ServerProcess.StartAsync(NewDirectory(), "worker", environment);
        // The other worker waits, drained, until the stopping one holds the job.
        var otherId = await WorkerIdAsync(api, other.ProcessId);
        await SetDrainingAsync(api, otherId, drain: true);
        var id = await SubmitSleeperAsync(api, seconds: 8);
        await WaitUntilAsync(async () => Running(await api.GetJsonAsync($"/api/v1/submissions/{id}"), stopping.ProcessId));
        await SetDrainingAsync(api, otherId, drain: false);

        var exitCode = await stopping.TerminateAsync(TimeSpan.FromSeconds(60));
        var finished = await api.WaitFinishedAsync(id, TimeSpan.FromSeconds(120));

        Assert.Equal(0, exitCode);
        Assert.Equal("Judged", finished.GetProperty("status").GetString());
        Assert.Equal("done\n", finished.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        var history = finished.GetProperty("history").EnumerateArray().ToList();
        Assert.Single(history, h => h.GetProperty("status").GetString() == "Judged");
        Assert.Contains(history, h => h.GetProperty("status").GetString() == "Queued" && h.GetProperty("detail").GetString() == "handed back by its worker, which is stopping");
        Assert.Contains($"-{other.ProcessId}-", history[^1].GetProperty("workerId").GetString(), StringComparison.Ordinal);
        // The interrupted run is not counted as a failed attempt.
        Assert.Equal(1, finished.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Sigterm_TheStoppedWorkerIsGoneAtOnce_NotLiveForAnotherHalfMinute()
    {
        var environment = await EnvironmentAsync();
        await using var api = await ServerProcess.StartAsync(NewDirectory(), "api", environment);
        await using var worker = await ServerProcess.StartAsync(NewDirectory(), "worker", environment);
        var workerId = await WorkerIdAsync(api, worker.ProcessId);
        await WaitUntilAsync(async () => (await api.GetJsonAsync("/api/v1/workers")).EnumerateArray()
            .Any(w => w.GetProperty("id").GetString() == workerId && w.GetProperty("capabilities").TryGetProperty("offers", out var o) && o.ValueKind == JsonValueKind.Array));

        var exitCode = await worker.TerminateAsync(TimeSpan.FromSeconds(60));
        var listed = (await api.GetJsonAsync("/api/v1/workers")).EnumerateArray().Single(w => w.GetProperty("id").GetString() == workerId);
        var submission = new { language = "python3", source = "print('nobody')\n" };
        using var response = await api.Http.PostAsJsonAsync("/api/v1/submissions?wait=true", submission, TestContext.Current.CancellationToken);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        // Before, it beat within the last 5 s and so stayed live for the API (30 s) and for the
        // autoscaler's and the load test's count (12 s) after its process had exited.
        Assert.False(listed.GetProperty("alive").GetBoolean(), listed.ToString());
        Assert.True(listed.GetProperty("heartbeatAgeSeconds").GetDouble() >= 30, listed.ToString());
        Assert.Equal(0, listed.GetProperty("runningJobs").GetInt32());
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("no live worker", accepted.GetProperty("waiting").GetString());
    }

    private async Task<Dictionary<string, string>> EnvironmentAsync()
    {
        var database = await Postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        return new Dictionary<string, string>
        {
            ["ARBITER__STORAGE__PROVIDER"] = "postgres",
            ["ARBITER__STORAGE__CONNECTIONSTRING"] = Postgres.ConnectionString(database),
            ["ARBITER__SERVER__LEASESECONDS"] = "600",
            ["ARBITER__SERVER__WORKERLANGUAGES"] = "python3",
        };
    }

    private static Dictionary<string, string> With(Dictionary<string, string> environment, string name, string value) =>
        new(environment) { [name] = value };

    private static async Task<string> SubmitSleeperAsync(ServerProcess api, int seconds)
    {
        using var response = await api.Http.PostAsJsonAsync("/api/v1/submissions", new
        {
            language = "python3",
            source = $"import time\ntime.sleep({seconds})\nprint('done')\n",
            limits = new { cpuTimeMs = 2000, wallTimeMs = 60000 },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
    }

    private static bool Running(JsonElement submission, int workerProcess) =>
        submission.GetProperty("status").GetString() == "Running" &&
        submission.GetProperty("history").EnumerateArray().Last().GetProperty("workerId").GetString()?.Contains($"-{workerProcess}-", StringComparison.Ordinal) == true;

    private static async Task<string> WorkerIdAsync(ServerProcess api, int processId)
    {
        string? id = null;
        await WaitUntilAsync(async () =>
        {
            id = (await api.GetJsonAsync("/api/v1/workers")).EnumerateArray()
                .Select(w => w.GetProperty("id").GetString()!)
                .FirstOrDefault(w => w.Contains($"-{processId}-", StringComparison.Ordinal));
            return id is not null;
        });
        return id!;
    }

    /// <summary>Sets the flag and waits for the worker's next heartbeat, which is when it obeys.</summary>
    private static async Task SetDrainingAsync(ServerProcess api, string workerId, bool drain)
    {
        using var response = await api.Http.PostAsync($"/api/v1/workers/{workerId}/{(drain ? "drain" : "resume")}", null, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        var since = DateTimeOffset.UtcNow;
        await WaitUntilAsync(async () => (await api.GetJsonAsync("/api/v1/workers")).EnumerateArray()
            .Any(w => w.GetProperty("id").GetString() == workerId && w.GetProperty("heartbeatAt").GetDateTimeOffset() > since && w.GetProperty("draining").GetBoolean() == drain));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

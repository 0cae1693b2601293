using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>
/// The service spread over processes sharing a real PostgreSQL: an API process and two workers.
/// A worker killed with -9 in the middle of a job loses nothing: its lease expires, the other
/// worker takes the job, and the result is stored exactly once. Workers dedicated to different
/// languages each run only theirs.
/// </summary>
public sealed class ScaleOutTests() : PostgresProcessTests("arbiter-scale-")
{
    [Fact]
    public async Task Worker_KilledMidJob_TheJobCompletesOnAnotherWorkerExactlyOnce()
    {
        var database = await Postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["ARBITER__STORAGE__PROVIDER"] = "postgres",
            ["ARBITER__STORAGE__CONNECTIONSTRING"] = Postgres.ConnectionString(database),
            ["ARBITER__SERVER__LEASESECONDS"] = "5",
        };
        await using var api = await ServerProcess.StartAsync(NewDirectory(), "api", environment);
        await using var first = await ServerProcess.StartAsync(NewDirectory(), "worker", environment);
        await using var second = await ServerProcess.StartAsync(NewDirectory(), "worker", environment);

        // The second worker waits, drained, until the first holds the job.
        var secondId = await WorkerIdAsync(api, second.ProcessId);
        await SetDrainingAsync(api, secondId, drain: true);
        using var response = await api.Http.PostAsJsonAsync("/api/v1/submissions", new
        {
            language = "python3",
            source = "import time\ntime.sleep(5)\nprint('done')\n",
            limits = new { cpuTimeMs = 2000, wallTimeMs = 60000 },
        }, TestContext.Current.CancellationToken);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
        await WaitUntilAsync(async () => Workers(await api.GetJsonAsync($"/api/v1/submissions/{id}")).Any(w => w.Contains($"-{first.ProcessId}-", StringComparison.Ordinal)));

        await SetDrainingAsync(api, secondId, drain: false);
        first.Kill();
        var finished = await api.WaitFinishedAsync(id, TimeSpan.FromSeconds(120));

        Assert.Equal("Judged", finished.GetProperty("status").GetString());
        Assert.Equal("done\n", finished.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        Assert.Equal(2, finished.GetProperty("attempts").GetInt32());
        var history = finished.GetProperty("history").EnumerateArray().ToList();
        Assert.Single(history, h => h.GetProperty("status").GetString() == "Judged");
        Assert.Contains($"-{second.ProcessId}-", history[^1].GetProperty("workerId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workers_WithDifferentLanguages_EachRunsOnlyTheirs_AndAnUnofferedLanguageWaitsSayingWhy()
    {
        var database = await Postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["ARBITER__STORAGE__PROVIDER"] = "postgres",
            ["ARBITER__STORAGE__CONNECTIONSTRING"] = Postgres.ConnectionString(database),
        };
        await using var api = await ServerProcess.StartAsync(NewDirectory(), "api", environment);
        await using var python = await ServerProcess.StartAsync(
            NewDirectory(),
            "worker",
            new Dictionary<string, string>(environment) { ["ARBITER__SERVER__WORKERLANGUAGES"] = "python3" });
        await using var c = await ServerProcess.StartAsync(NewDirectory(), "worker", new Dictionary<string, string>(environment) { ["ARBITER__SERVER__WORKERLANGUAGES"] = "c" });
        await WaitUntilAsync(async () => (await api.GetJsonAsync("/api/v1/workers")).EnumerateArray()
            .Count(w => w.GetProperty("capabilities").TryGetProperty("offers", out var offers) && offers.ValueKind == JsonValueKind.Array) == 2);

        var requests = Enumerable.Range(0, 4).SelectMany(i => new object[]
        {
            new { language = "python3", source = $"print('py{i}')\n" },
            new { language = "c", source = $"#include <stdio.h>\nint main(void) {{ puts(\"c{i}\"); return 0; }}\n" },
        }).Append(new { language = "ruby", source = "puts 'never'\n" }).ToList();
        using var response = await api.Http.PostAsJsonAsync("/api/v1/submissions/batch", new { submissions = requests }, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("items").EnumerateArray().ToList();

        foreach (var item in items.Take(8))
        {
            var finished = await api.WaitFinishedAsync(item.GetProperty("id").GetString()!, TimeSpan.FromSeconds(120));
            var language = finished.GetProperty("language").GetString();
            var runner = language == "python3" ? python : c;
            Assert.Equal(JsonValueKind.Null, item.GetProperty("waiting").ValueKind);
            Assert.Equal("Judged", finished.GetProperty("status").GetString());
            Assert.StartsWith(language == "python3" ? "py" : "c", finished.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString(), StringComparison.Ordinal);
            Assert.All(Workers(finished), w => Assert.Contains($"-{runner.ProcessId}-", w, StringComparison.Ordinal));
            Assert.Single(finished.GetProperty("history").EnumerateArray(), h => h.GetProperty("status").GetString() == "Judged");
        }

        var ruby = await api.GetJsonAsync($"/api/v1/submissions/{items[8].GetProperty("id").GetString()}");
        Assert.Equal("no live worker offers language 'ruby'", items[8].GetProperty("waiting").GetString());
        Assert.Equal(("Queued", 0, "no live worker offers language 'ruby'"),
            (ruby.GetProperty("status").GetString(), ruby.GetProperty("attempts").GetInt32(), ruby.GetProperty("waiting").GetString()));
    }

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

    private static IEnumerable<string> Workers(JsonElement submission) =>
        submission.GetProperty("history").EnumerateArray()
            .Select(h => h.GetProperty("workerId"))
            .Where(w => w.ValueKind == JsonValueKind.String)
            .Select(w => w.GetString()!);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

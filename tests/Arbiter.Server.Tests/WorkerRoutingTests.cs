using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>
/// A worker dedicated to some languages (<c>Server:WorkerLanguages</c>) takes only those. A
/// submission no live worker takes is still accepted (the queue is durable) but says why it
/// waits, in the 202 answer, while it stays queued and in /metrics, and <c>?wait=true</c> does
/// not hold it.
/// </summary>
public sealed class WorkerRoutingTests() : DedicatedServer(new Dictionary<string, string> { ["ARBITER__SERVER__WORKERLANGUAGES"] = "python3" })
{
    [Fact]
    public async Task Submit_LanguageNoLiveWorkerOffers_IsAcceptedQueuedAndSaysWhyItWaits()
    {
        await WaitForOffersAsync(["python3"]);

        using var response = await Server.Http.PostAsJsonAsync("/api/v1/submissions?wait=true", new { language = "c", source = "int main(void) { return 0; }\n" }, Token);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var judged = await Server.WaitFinishedAsync(await SubmitAsync("python3", "print('routed')\n"));
        var waiting = await Server.GetJsonAsync($"/api/v1/submissions/{accepted.GetProperty("id").GetString()}");
        var metrics = await Server.Http.GetStringAsync("/metrics", Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("no live worker offers language 'c'", accepted.GetProperty("waiting").GetString());
        Assert.Equal("routed\n", judged.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        Assert.Equal(JsonValueKind.Null, judged.GetProperty("waiting").ValueKind);
        Assert.Equal("Queued", waiting.GetProperty("status").GetString());
        Assert.Equal(0, waiting.GetProperty("attempts").GetInt32());
        Assert.Equal("no live worker offers language 'c'", waiting.GetProperty("waiting").GetString());
        Assert.Contains("arbiter_queue_unroutable{language=\"c\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("arbiter_queue_unroutable{language=\"python3\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WhileTheOnlyWorkerOfferingTheLanguageDrains_SaysSo_AndRunsOnceItResumes()
    {
        var worker = await WaitForOffersAsync(["python3"]);
        await SetDrainingAsync(worker, drain: true);

        var id = await SubmitAsync("python3", "print('resumed')\n");
        var queued = await Server.GetJsonAsync($"/api/v1/submissions/{id}");
        await SetDrainingAsync(worker, drain: false);
        var finished = await Server.WaitFinishedAsync(id);

        Assert.Equal("every live worker offering language 'python3' is draining", queued.GetProperty("waiting").GetString());
        Assert.Equal("resumed\n", finished.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task LimitedWorker_ProbesOnlyItsOwnLanguages_SoItsSandboxesAreFreeForJobs()
    {
        await WaitForOffersAsync(["python3"]);

        // Before, the other languages were probed once python3 was offered, holding the sandboxes
        // (one per job slot) while the first jobs waited: C's probe finished long before this job.
        var judged = await Server.WaitFinishedAsync(await SubmitAsync("python3", "print('first')\n"));
        var languages = (await Server.GetJsonAsync("/api/v1/languages")).EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);

        Assert.Equal("first\n", judged.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        Assert.True(languages["python3"].GetProperty("available").GetBoolean());
        Assert.False(languages["c"].GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, languages["c"].GetProperty("version").ValueKind);
    }

    private async Task<string> SubmitAsync(string language, string source)
    {
        using var response = await Server.Http.PostAsJsonAsync("/api/v1/submissions", new { language, source }, Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;
    }

    /// <summary>Waits for this server's worker to report what it offers (its first heartbeat
    /// after probing) and checks it; returns the worker's id.</summary>
    private async Task<string> WaitForOffersAsync(string[] expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var worker = (await Server.GetJsonAsync("/api/v1/workers")).EnumerateArray().Single();
            if (worker.GetProperty("capabilities").TryGetProperty("offers", out var offers) && offers.ValueKind == JsonValueKind.Array)
            {
                Assert.Equal(expected, offers.EnumerateArray().Select(o => o.GetString()));
                return worker.GetProperty("id").GetString()!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the worker never reported its languages: {worker}");
            await Task.Delay(50, Token);
        }
    }

    /// <summary>Sets the flag and waits for the worker's next heartbeat, which is when it obeys.</summary>
    private async Task SetDrainingAsync(string workerId, bool drain)
    {
        using var response = await Server.Http.PostAsync($"/api/v1/workers/{workerId}/{(drain ? "drain" : "resume")}", null, Token);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var since = DateTimeOffset.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await Server.GetJsonAsync("/api/v1/workers")).EnumerateArray()
            .Any(w => w.GetProperty("heartbeatAt").GetDateTimeOffset() > since && w.GetProperty("draining").GetBoolean() == drain))
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker did not take up the flag");
            await Task.Delay(50, Token);
        }
    }
}

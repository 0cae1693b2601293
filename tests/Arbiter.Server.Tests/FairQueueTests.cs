using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>Two users' floods through a real server with two worker slots: the second user's
/// five submissions, sent after the first user's fifty, are not starved behind them; the
/// dashboard's API shows each owner's share meanwhile.</summary>
public sealed class FairQueueTests() : DedicatedServer(new Dictionary<string, string>
{
    ["ARBITER__SERVER__ANONYMOUS"] = "off",
    ["ARBITER__SERVER__SUBMISSIONINTERVALSECONDS"] = "0",
    ["ARBITER__SERVER__WORKERPARALLELISM"] = "2",
})
{
    [Fact]
    public async Task SecondUsersSubmissions_AfterAFloodOfFifty_RunAlongsideIt()
    {
        using var admin = await AdminKeyClientAsync();
        using var flood = await StudentAsync("flood");
        using var late = await StudentAsync("late");

        var floodIds = await BatchAsync(flood, 50, "flood");
        var lateIds = await BatchAsync(late, 5, "late");
        var overview = await ReadAsync(await admin.GetAsync("/api/v1/admin/overview", Token));

        while (await FinishedAsync(admin, lateIds) < lateIds.Count)
        {
            await Task.Delay(100, Token);
        }

        // First come, first served would have finished all fifty first.
        var floodDone = await FinishedAsync(admin, floodIds);
        Assert.True(floodDone < 25, $"{floodDone} of the flood's 50 finished before the late user's 5");

        // The dashboard's API showed both owners' shares while they waited.
        var shares = overview.GetProperty("shares").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString() ?? "", s => s);
        Assert.True(shares["flood"].GetProperty("waiting").GetInt64() + shares["flood"].GetProperty("running").GetInt64() > 10, overview.GetProperty("shares").ToString());
        Assert.Equal(5, shares["late"].GetProperty("waiting").GetInt64() + shares["late"].GetProperty("running").GetInt64());
    }

    private static async Task<List<string>> BatchAsync(HttpClient client, int count, string tag)
    {
        var submissions = Enumerable.Range(0, count).Select(i => new { language = "python3", source = $"import time\ntime.sleep(0.2)\nprint('{tag}{i}')" });
        var accepted = await ReadAsync(await client.PostAsJsonAsync("/api/v1/submissions/batch", new { submissions }, Token), HttpStatusCode.Accepted);
        return [.. accepted.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
    }

    private static async Task<int> FinishedAsync(HttpClient admin, List<string> ids)
    {
        var submissions = await ReadAsync(await admin.GetAsync($"/api/v1/submissions/batch?ids={string.Join(',', ids)}", Token));
        return submissions.EnumerateArray().Count(s => s.GetProperty("status").GetString() is "Judged" or "Failed");
    }

    private async Task<HttpClient> StudentAsync(string name)
    {
        var session = Session();
        var credentials = new { name, password = $"{name}-correct-horse" };
        await ReadAsync(await session.PostAsJsonAsync("/api/v1/auth/signup", credentials, Token), HttpStatusCode.Created);
        await ReadAsync(await session.PostAsJsonAsync("/api/v1/auth/login", credentials, Token));
        return session;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Token);
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>
/// A public playground (<c>Server:Anonymous=tickets</c>): visitors without an account run code
/// and read it back by ticket, but list nothing and reach no operator route, and they are rate
/// limited by address; signed-in students' submissions stay theirs.
/// </summary>
public sealed class PublicPlaygroundTests() : DedicatedServer(new Dictionary<string, string>
{
    ["ARBITER__SERVER__ANONYMOUS"] = "tickets",
    ["ARBITER__SERVER__SUBMISSIONINTERVALSECONDS"] = "60",
})
{
    [Fact]
    public async Task Visitors_RunByTicket_ListNothing_AndAreLimitedByAddress()
    {
        using var run = await Server.Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print('visitor')" }, Token);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var ticket = (await run.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("ticket").GetString()!;
        var finished = await Server.WaitFinishedAsync(ticket);
        Assert.Equal("visitor\n", finished.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());

        using var again = await Server.Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(2)" }, Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.True(again.Headers.Contains("Retry-After"));

        foreach (var path in new[] { "/api/v1/languages", "/api/v1/problems" })
        {
            using var open = await Server.Http.GetAsync(path, Token);
            Assert.True(open.StatusCode == HttpStatusCode.OK, $"{path}: {(int)open.StatusCode}");
        }

        foreach (var path in new[] { "/api/v1/submissions", "/api/v1/workers", "/api/v1/users" })
        {
            using var closed = await Server.Http.GetAsync(path, Token);
            Assert.True(closed.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)closed.StatusCode}");
        }

        using var upload = await Server.Http.PostAsync(
            "/api/v1/problems",
            new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } },
            Token);
        Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
    }

    [Fact]
    public async Task SignedInStudentsSubmissions_AreNotReadableByTicket()
    {
        using var signup = await Server.Http.PostAsJsonAsync("/api/v1/auth/signup", new { name = "first", password = "first-password" }, Token);
        using var signup2 = await Server.Http.PostAsJsonAsync("/api/v1/auth/signup", new { name = "ivan", password = "ivan-password" }, Token);
        using var session = Session();
        using var login = await session.PostAsJsonAsync("/api/v1/auth/login", new { name = "ivan", password = "ivan-password" }, Token);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        using var submitted = await session.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print('mine')" }, Token);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var accepted = await submitted.Content.ReadFromJsonAsync<JsonElement>(Token);

        foreach (var key in new[] { "id", "ticket" })
        {
            var path = $"/api/v1/submissions/{accepted.GetProperty(key).GetString()}";
            using var visitor = await Server.Http.GetAsync(path, Token);
            Assert.Equal(HttpStatusCode.NotFound, visitor.StatusCode);
            using var owner = await session.GetAsync(path, Token);
            Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        }
    }
}

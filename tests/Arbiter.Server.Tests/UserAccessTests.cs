using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>
/// Users, sessions, API keys, roles and the submission rate limit, on a real service started
/// the way a course would run it: anonymous mode off, one submission per 60 s for students.
/// </summary>
public sealed class UserAccessTests() : DedicatedServer(new Dictionary<string, string>
{
    ["ARBITER__SERVER__ANONYMOUS"] = "off",
    ["ARBITER__SERVER__SUBMISSIONINTERVALSECONDS"] = "60",
})
{
    [Fact]
    public async Task ClosedServer_RefusesAnonymousCallers_ButStillAnswersHealth()
    {
        foreach (var path in new[] { "/api/v1/languages", "/api/v1/problems", "/api/v1/submissions", "/api/v1/workers", "/api/v1/keys", "/api/v1/users" })
        {
            using var response = await Server.Http.GetAsync(path, Token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var submit = await Server.Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(1)" }, Token);
        Assert.Equal(HttpStatusCode.Unauthorized, submit.StatusCode);
        using var health = await Server.Http.GetAsync("/healthz", Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task SignUp_FirstUserIsAdmin_NamesAreUnique_AndBadCredentialsAreRefused()
    {
        Assert.Equal("admin", (await SignUpAsync("alice")).GetProperty("role").GetString());
        Assert.Equal("student", (await SignUpAsync("bob")).GetProperty("role").GetString());

        foreach (var body in new object?[]
        {
            new { name = "alice", password = "another password" },
            new { name = "a", password = "long enough" },
            new { name = "bad name!", password = "long enough" },
            new { name = "carol", password = "short" },
            new { },
            null,
        })
        {
            using var response = await Server.Http.PostAsJsonAsync("/api/v1/auth/signup", body, Token);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using var malformed = await Server.Http.PostAsync("/api/v1/auth/signup", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"), Token);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        foreach (var (name, password) in new[] { ("bob", "wrong password"), ("nobody", "whatever pw") })
        {
            using var login = await Server.Http.PostAsJsonAsync("/api/v1/auth/login", new { name, password }, Token);
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        }

        using var users = await KeyClient(await NewKeyAsync("alice")).GetAsync("/api/v1/users", Token);
        var text = await users.Content.ReadAsStringAsync(Token);
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains("\"bob\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Session_IsAnHttpOnlyStrictCookie_AndSignOutEndsIt()
    {
        await SignUpAsync("dora");
        using var session = Session();
        using var login = await session.PostAsJsonAsync("/api/v1/auth/login", new { name = "dora", password = Password("dora") }, Token);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("arbiter=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var me = await (await session.GetAsync("/api/v1/whoami", Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal("dora", me.GetProperty("name").GetString());
        using var languages = await session.GetAsync("/api/v1/languages", Token);
        Assert.Equal(HttpStatusCode.OK, languages.StatusCode);

        using var logout = await session.PostAsync("/api/v1/auth/logout", null, Token);
        using var after = await session.GetAsync("/api/v1/languages", Token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Students_SeeOnlyTheirOwnSubmissions_AndAreRateLimited_StaffSeeAll()
    {
        await SignUpAsync("admin1");
        await SignUpAsync("erin");
        await SignUpAsync("frank");
        using var admin = KeyClient(await NewKeyAsync("admin1"));
        using var erin = KeyClient(await NewKeyAsync("erin"));
        using var frank = KeyClient(await NewKeyAsync("frank"));

        using var submitted = await erin.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print('erin')" }, Token);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var accepted = await submitted.Content.ReadFromJsonAsync<JsonElement>(Token);
        var id = accepted.GetProperty("id").GetString()!;
        var ticket = accepted.GetProperty("ticket").GetString()!;

        // A second submission inside the interval: 429 with Retry-After; an admin is not limited.
        using var again = await erin.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(2)" }, Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.InRange(int.Parse(again.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        for (var i = 0; i < 3; i++)
        {
            using var staff = await admin.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = $"print({i})" }, Token);
            Assert.Equal(HttpStatusCode.Accepted, staff.StatusCode);
        }

        // Someone else's submission answers like a missing one, by id, ticket or batch.
        foreach (var path in new[] { $"/api/v1/submissions/{id}", $"/api/v1/submissions/{ticket}" })
        {
            using var hidden = await frank.GetAsync(path, Token);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            using var own = await erin.GetAsync(path, Token);
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            using var staff = await admin.GetAsync(path, Token);
            Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        }

        using var batch = await frank.GetAsync($"/api/v1/submissions/batch?ids={id}", Token);
        Assert.Equal(HttpStatusCode.NotFound, batch.StatusCode);

        var erinList = await (await erin.GetAsync("/api/v1/submissions", Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal([id], erinList.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var frankList = await (await frank.GetAsync("/api/v1/submissions", Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(0, frankList.GetProperty("items").GetArrayLength());
        var adminList = await (await admin.GetAsync("/api/v1/submissions", Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(4, adminList.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Roles_GuardOperatorEndpoints_AndARoleChangeAppliesAtOnce()
    {
        await SignUpAsync("root");
        var grace = await SignUpAsync("grace");
        using var root = KeyClient(await NewKeyAsync("root"));
        using var session = Session();
        using var login = await session.PostAsJsonAsync("/api/v1/auth/login", new { name = "grace", password = Password("grace") }, Token);

        using var workers = await session.GetAsync("/api/v1/workers", Token);
        Assert.Equal(HttpStatusCode.Forbidden, workers.StatusCode);
        using var upload = await session.PostAsync(
            "/api/v1/problems",
            new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } },
            Token);
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        using var promoteSelf = await session.PostAsJsonAsync($"/api/v1/users/{grace.GetProperty("id").GetString()}/role", new { role = "admin" }, Token);
        Assert.Equal(HttpStatusCode.Forbidden, promoteSelf.StatusCode);

        using var badRole = await root.PostAsJsonAsync($"/api/v1/users/{grace.GetProperty("id").GetString()}/role", new { role = "king" }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        using var noUser = await root.PostAsJsonAsync("/api/v1/users/no-such-user/role", new { role = "staff" }, Token);
        Assert.Equal(HttpStatusCode.NotFound, noUser.StatusCode);
        using var promote = await root.PostAsJsonAsync($"/api/v1/users/{grace.GetProperty("id").GetString()}/role", new { role = "staff" }, Token);
        Assert.Equal(HttpStatusCode.NoContent, promote.StatusCode);

        // The same session, no new sign-in.
        using var nowAllowed = await session.GetAsync("/api/v1/workers", Token);
        Assert.Equal(HttpStatusCode.OK, nowAllowed.StatusCode);
    }

    [Fact]
    public async Task ApiKeys_AreShownOnce_Listed_AndARevokedKeyIsRefused()
    {
        await SignUpAsync("heidi");
        var secret = await NewKeyAsync("heidi");
        using var client = KeyClient(secret);

        var keys = await (await client.GetAsync("/api/v1/keys", Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        var key = Assert.Single(keys.EnumerateArray());
        Assert.DoesNotContain(secret, keys.ToString(), StringComparison.Ordinal);
        Assert.StartsWith(key.GetProperty("prefix").GetString()!, secret, StringComparison.Ordinal);

        using var emptyName = await client.PostAsJsonAsync("/api/v1/keys", new { name = "" }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, emptyName.StatusCode);

        using var revoke = await client.DeleteAsync($"/api/v1/keys/{key.GetProperty("id").GetString()}", Token);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var afterRevoke = await client.GetAsync("/api/v1/languages", Token);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);

        foreach (var bogus in new[] { "arb_" + new string('x', 43), "not-a-key" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/languages");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bogus);
            using var response = await Server.Http.SendAsync(request, Token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    private static string Password(string name) => $"{name}-correct-horse";

    private async Task<JsonElement> SignUpAsync(string name)
    {
        using var response = await Server.Http.PostAsJsonAsync("/api/v1/auth/signup", new { name, password = Password(name) }, Token);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Token);
    }

    /// <summary>Signs in with a password and creates an API key, as the CLI's user would.</summary>
    private async Task<string> NewKeyAsync(string name)
    {
        using var session = Session();
        using var login = await session.PostAsJsonAsync("/api/v1/auth/login", new { name, password = Password(name) }, Token);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var created = await session.PostAsJsonAsync("/api/v1/keys", new { name = "tests" }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("key").GetString()!;
        Assert.StartsWith("arb_", secret, StringComparison.Ordinal);
        return secret;
    }

    private HttpClient KeyClient(string secret)
    {
        var client = new HttpClient { BaseAddress = Server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}

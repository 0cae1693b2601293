using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests.Compat;

/// <summary>Judge0's doors are the service's own: on a server that lets nobody in without a key
/// and serves Judge0 at the root too, X-Auth-Token is an Arbiter key, another user's token reads
/// as a missing one (the read rule and ResultPolicy of every other door), staff read everyone's,
/// and only the owner or an admin deletes.</summary>
public sealed class Judge0AccessTests() : DedicatedServer(new Dictionary<string, string>
{
    ["ARBITER__SERVER__ANONYMOUS"] = "Off",
    ["ARBITER__COMPAT__JUDGE0ATROOT"] = "true",
})
{
    private static readonly object Run = new { source_code = "print('mine')", language_id = 71 };

    [Fact]
    public async Task AnotherUsersToken_IsNotFound_AndStaffReadIt()
    {
        using var admin = await AdminKeyClientAsync();
        using var student = await StudentAsync();

        using (var anonymous = await Server.Http.PostAsJsonAsync("/judge0/submissions", Run, Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var adminToken = await CreateAsync(admin, "/judge0/submissions?wait=true");
        var studentToken = await CreateAsync(student, "/judge0/submissions?wait=true");

        using (var foreign = await student.GetAsync($"/judge0/submissions/{adminToken}", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.Equal("Not Found", (await foreign.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("error").GetString());
        }

        var batch = await (await student.GetAsync($"/judge0/submissions/batch?tokens={adminToken},{studentToken}", Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("submissions")[0].ValueKind);
        Assert.Equal("mine\n", batch.GetProperty("submissions")[1].GetProperty("stdout").GetString());

        using var staffRead = await admin.GetAsync($"/judge0/submissions/{studentToken}", Token);
        Assert.Equal(HttpStatusCode.OK, staffRead.StatusCode);
    }

    /// <summary>Only the owner or an admin deletes: another user's token is 404 exactly as a GET
    /// of it is, staff who may read it get 403, and nobody without a key gets in.</summary>
    [Fact]
    public async Task Delete_ByTheOwnerOrAnAdmin_AnotherUsersTokenIsNotFound()
    {
        using var admin = await AdminKeyClientAsync();
        using var student = await StudentAsync();
        var adminToken = await CreateAsync(admin, "/judge0/submissions?wait=true");
        var studentToken = await CreateAsync(student, "/judge0/submissions?wait=true");

        using (var anonymous = await Server.Http.DeleteAsync($"/judge0/submissions/{studentToken}", Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var foreign = await student.DeleteAsync($"/judge0/submissions/{adminToken}", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.Equal("Not Found", (await foreign.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("error").GetString());
        }

        using (var own = await student.DeleteAsync($"/judge0/submissions/{studentToken}", Token))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(studentToken, (await own.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("token").GetString());
        }

        // Staff read everyone's submissions, but deleting one is its owner's or an admin's call.
        var users = await (await admin.GetAsync("/api/v1/users", Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        var studentId = users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == "student").GetProperty("id").GetString();
        using (var promote = await admin.PostAsJsonAsync($"/api/v1/users/{studentId}/role", new { role = "staff" }, Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, promote.StatusCode);
        }

        using (var staff = await student.DeleteAsync($"/judge0/submissions/{adminToken}", Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
            Assert.Equal("only the submission's owner or an admin may delete it", (await staff.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("error").GetString());
        }

        var staffToken = await CreateAsync(student, "/judge0/submissions?wait=true");
        using (var byAdmin = await admin.DeleteAsync($"/submissions/{staffToken}", Token))
        {
            Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        }

        foreach (var token in new[] { studentToken, staffToken })
        {
            using var gone = await admin.GetAsync($"/api/v1/submissions/{token}", Token);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        using var kept = await admin.GetAsync($"/judge0/submissions/{adminToken}", Token);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

    [Fact]
    public async Task AtRoot_ServesJudge0BesideTheNativeApi()
    {
        using var admin = await AdminKeyClientAsync();

        var token = await CreateAsync(admin, "/submissions?wait=true");

        using var statuses = await admin.GetAsync("/statuses", Token);
        Assert.Equal(HttpStatusCode.OK, statuses.StatusCode);
        Assert.Equal(
            3,
            (await (await admin.GetAsync($"/submissions/{token}", Token)).Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal(
            "Judged",
            (await (await admin.GetAsync($"/api/v1/submissions/{token}", Token)).Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownArbiterKeyAsAuthToken_Is401()
    {
        using var client = new HttpClient { BaseAddress = Server.Address };
        client.DefaultRequestHeaders.Add("X-Auth-Token", "arb_" + new string('x', 43));

        using var response = await client.PostAsJsonAsync("/judge0/submissions", Run, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>A second user (a student) with a key, sent as Judge0's X-Auth-Token.</summary>
    private async Task<HttpClient> StudentAsync()
    {
        using var session = Session();
        var credentials = new { name = "student", password = "student-correct-horse" };
        (await session.PostAsJsonAsync("/api/v1/auth/signup", credentials, Token)).EnsureSuccessStatusCode();
        (await session.PostAsJsonAsync("/api/v1/auth/login", credentials, Token)).EnsureSuccessStatusCode();
        using var created = await session.PostAsJsonAsync("/api/v1/keys", new { name = "judge0" }, Token);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Token));
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("key").GetString()!;
        var client = new HttpClient { BaseAddress = Server.Address };
        client.DefaultRequestHeaders.Add("X-Auth-Token", key);
        return client;
    }

    private static async Task<string> CreateAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsJsonAsync(path, Run, Token);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Token)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(3, body.GetProperty("status").GetProperty("id").GetInt32());
        return body.GetProperty("token").GetString()!;
    }
}

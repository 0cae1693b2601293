using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Cli.Tests.Client;

/// <summary><c>arbiter submit --assignment</c>: a student answers a course assignment from the
/// terminal, and the answer counts in the course's grades.</summary>
[Collection(SharedClientServer.Name)]
public sealed class AssignmentSubmitTests(ClientServer server) : ClientTest(server)
{
    [Fact]
    public async Task SubmitToAssignment_IsJudgedAgainstItsProblem_AndCountsInGrades()
    {
        using var teacher = await TeacherAsync();
        var course = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var created = await JsonAsync(await teacher.PostAsJsonAsync("/api/v1/courses", new { id = course, title = "CLI course" }, Token));
        var assignment = (await JsonAsync(await teacher.PostAsJsonAsync($"/api/v1/courses/{course}/assignments", new { problem = "sum" }, Token))).GetProperty("id").GetString()!;

        var student = await LoginAsync("course");
        using (var asStudent = KeyClient(StoredKey()))
        {
            await JsonAsync(await asStudent.PostAsJsonAsync("/api/v1/courses/join", new { code = created.GetProperty("joinCode").GetString() }, Token));
        }

        var source = Path.Combine(Home, "sum.py");
        await File.WriteAllTextAsync(source, "a, b = map(int, input().split())\nprint(a + b)\n", Token);
        var submit = await RunAsync("submit", source, "--assignment", assignment, "--wait");

        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("verdict: AC", submit.StdoutText, StringComparison.Ordinal);
        var grades = await JsonAsync(await teacher.GetAsync($"/api/v1/courses/{course}/grades", Token));
        var row = Assert.Single(grades.GetProperty("rows").EnumerateArray());
        Assert.Equal(student, row.GetProperty("name").GetString());
        Assert.True(row.GetProperty("cells")[0].GetProperty("accepted").GetBoolean());

        // Someone outside the course is refused with the server's words, as a usage error.
        await LoginAsync("outsider");
        var refused = await RunAsync("submit", source, "--assignment", assignment);
        Assert.True(refused.ExitCode == ExitCodes.Usage, refused.ToString());
        Assert.Contains("unknown assignment", refused.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The server's first user (its admin) with an API key, made through a session as the web page would.</summary>
    private async Task<HttpClient> TeacherAsync()
    {
        using var session = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(Server.Url) };
        (await session.PostAsJsonAsync("/api/v1/auth/login", new { name = "teacher", password = ClientServer.Password }, Token)).EnsureSuccessStatusCode();
        var token = await session.GetFromJsonAsync<JsonElement>("/api/v1/auth/antiforgery", Token);
        session.DefaultRequestHeaders.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        var key = (await JsonAsync(await session.PostAsJsonAsync("/api/v1/keys", new { name = "course set-up" }, Token))).GetProperty("key").GetString()!;
        return KeyClient(key);
    }

    private HttpClient KeyClient(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(Server.Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Token);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}

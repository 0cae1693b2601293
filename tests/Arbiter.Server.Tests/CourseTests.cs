using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>
/// Courses end to end on a closed server: staff create a course and an assignment, students
/// join with the code, save drafts, answer, and the grades follow; every door a student must
/// not pass is tried.
/// </summary>
public sealed class CourseTests() : DedicatedServer(new Dictionary<string, string>
{
    ["ARBITER__SERVER__ANONYMOUS"] = "off",
    ["ARBITER__SERVER__SUBMISSIONINTERVALSECONDS"] = "0",
})
{
    private const string Right = "a, b = map(int, input().split())\nprint(a + b)\n";
    private const string Wrong = "a, b = map(int, input().split())\nprint(a - b)\n";

    [Fact]
    public async Task Course_FromCreationToGrades_WithDraftsAttemptsAndCsv()
    {
        using var admin = await SignedInAsync("root");     // the first user: admin
        using var teacher = await SignedInAsync("teacher");
        using var ann = await SignedInAsync("ann");
        using var ben = await SignedInAsync("ben");
        await PromoteAsync(admin, "teacher", "staff");

        // Students cannot create courses; staff can, and become the course's staff.
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PostAsJsonAsync("/api/v1/courses", new { id = "cs101", title = "x" }, Token)).StatusCode);
        var course = await ReadAsync(await teacher.PostAsJsonAsync("/api/v1/courses", new { id = "cs101", title = "Programming 1" }, Token), HttpStatusCode.Created);
        Assert.Equal("staff", course.GetProperty("role").GetString());
        var code = course.GetProperty("joinCode").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, (await teacher.PostAsJsonAsync("/api/v1/courses", new { id = "cs101", title = "again" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await teacher.PostAsJsonAsync("/api/v1/courses", new { id = "Bad Id", title = "x" }, Token)).StatusCode);

        var assignment = await ReadAsync(
            await teacher.PostAsJsonAsync("/api/v1/courses/cs101/assignments", new { problem = "sum", title = "=Add two numbers" }, Token),
            HttpStatusCode.Created);
        var id = assignment.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.BadRequest, (await teacher.PostAsJsonAsync("/api/v1/courses/cs101/assignments", new { problem = "nope" }, Token)).StatusCode);

        // Before joining, the course and its assignment do not exist for a student.
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync("/api/v1/courses/cs101", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/api/v1/assignments/{id}", Token)).StatusCode);
        var refused = await ann.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = Right, assignment = id }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("unknown assignment", await refused.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.PostAsJsonAsync("/api/v1/courses/join", new { code = "WRONGCODE" }, Token)).StatusCode);

        var joined = await ReadAsync(await ann.PostAsJsonAsync("/api/v1/courses/join", new { code = code.ToLowerInvariant() }, Token), HttpStatusCode.OK);
        Assert.Equal("student", joined.GetProperty("role").GetString());
        Assert.False(joined.TryGetProperty("joinCode", out var hidden) && hidden.ValueKind != JsonValueKind.Null);
        await ReadAsync(await ben.PostAsJsonAsync("/api/v1/courses/join", new { code }, Token), HttpStatusCode.OK);

        // The assignment page: statement, samples, template, no draft yet; then a saved draft.
        var page = await ReadAsync(await ann.GetAsync($"/api/v1/assignments/{id}", Token), HttpStatusCode.OK);
        Assert.Equal("Programming 1", page.GetProperty("courseTitle").GetString());
        Assert.NotEmpty(page.GetProperty("problem").GetProperty("samples").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("draft").ValueKind);
        const string typed = "# half done ✓\r\nprint(";
        await ReadAsync(await ann.PutAsJsonAsync($"/api/v1/assignments/{id}/draft", new { language = "python3", source = typed }, Token), HttpStatusCode.OK);
        page = await ReadAsync(await ann.GetAsync($"/api/v1/assignments/{id}", Token), HttpStatusCode.OK);
        Assert.Equal(typed, page.GetProperty("draft").GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await ben.GetAsync($"/api/v1/assignments/{id}/draft", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ann.PutAsJsonAsync($"/api/v1/assignments/{id}/draft", new { language = "python3", source = "a\0b" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ann.PutAsJsonAsync($"/api/v1/assignments/{id}/draft", new { language = "intercal", source = "x" }, Token)).StatusCode);

        // Attempts: ann wrong then right, ben wrong.
        var annWrong = await SubmitAsync(ann, Wrong, id);
        var annRight = await SubmitAsync(ann, Right, id);
        var benWrong = await SubmitAsync(ben, Wrong, id);
        Assert.Equal(("WA", "AC", "WA"), (Verdict(annWrong), Verdict(annRight), Verdict(benWrong)));
        Assert.Equal(id, annRight.GetProperty("assignment").GetString());

        // Students read their own attempts only; the course's staff read all of them.
        var benId = benWrong.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/api/v1/submissions/{benId}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/api/v1/submissions/{benWrong.GetProperty("ticket").GetString()}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/api/v1/submissions/{benId}/source", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/api/v1/submissions/{benId}", Token)).StatusCode);
        // Secret tests keep their verdicts but not their data from the student; staff see all.
        var secret = benWrong.GetProperty("result").GetProperty("tests").EnumerateArray().Where(t => !t.GetProperty("sample").GetBoolean()).ToList();
        Assert.NotEmpty(secret);
        Assert.All(
            secret,
            t => Assert.True(t.GetProperty("hidden").GetBoolean()
                && t.GetProperty("diff").ValueKind == JsonValueKind.Null && t.GetProperty("message").ValueKind == JsonValueKind.Null));
        Assert.Contains(
            benWrong.GetProperty("result").GetProperty("tests").EnumerateArray(),
            t => t.GetProperty("sample").GetBoolean() && t.GetProperty("diff").ValueKind == JsonValueKind.Object);
        var asStaff = await ReadAsync(await teacher.GetAsync($"/api/v1/submissions/{benId}", Token), HttpStatusCode.OK);
        Assert.Contains(
            asStaff.GetProperty("result").GetProperty("tests").EnumerateArray(),
            t => !t.GetProperty("sample").GetBoolean() && t.GetProperty("diff").ValueKind == JsonValueKind.Object);
        var source = await ReadAsync(await ben.GetAsync($"/api/v1/submissions/{benId}/source", Token), HttpStatusCode.OK);
        Assert.Equal(Wrong, source.GetProperty("files")[0].GetProperty("content").GetString());

        var annAttempts = await ReadAsync(await ann.GetAsync($"/api/v1/assignments/{id}/attempts", Token), HttpStatusCode.OK);
        Assert.Equal(["AC", "WA"], annAttempts.EnumerateArray().Select(a => a.GetProperty("verdict").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync($"/api/v1/assignments/{id}/attempts?user=x", Token)).StatusCode);
        Assert.Equal(3, (await ReadAsync(await teacher.GetAsync($"/api/v1/assignments/{id}/attempts", Token), HttpStatusCode.OK)).GetArrayLength());

        // Grades: the best score per student; a student sees their own row only.
        var table = await ReadAsync(await teacher.GetAsync("/api/v1/courses/cs101/grades", Token), HttpStatusCode.OK);
        var rows = table.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("cells")[0]);
        Assert.Equal(["ann", "ben"], rows.Keys.Order());
        Assert.True(rows["ann"].GetProperty("accepted").GetBoolean());
        Assert.Equal(2, rows["ann"].GetProperty("attempts").GetInt32());
        Assert.False(rows["ben"].GetProperty("accepted").GetBoolean());
        Assert.True(rows["ann"].GetProperty("best").GetDouble() > rows["ben"].GetProperty("best").GetDouble());
        var own = await ReadAsync(await ann.GetAsync("/api/v1/courses/cs101/grades", Token), HttpStatusCode.OK);
        Assert.Equal(["ann"], own.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var mine = await ReadAsync(await ben.GetAsync("/api/v1/grades", Token), HttpStatusCode.OK);
        Assert.Equal("cs101", Assert.Single(mine.EnumerateArray()).GetProperty("courseId").GetString());

        using var csv = await teacher.GetAsync("/api/v1/courses/cs101/grades?format=csv", Token);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Token)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("student,'=Add two numbers,total", lines[0]);
        Assert.StartsWith("ann,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("ben,", lines[2], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await teacher.GetAsync("/api/v1/courses/cs101/grades?format=xls", Token)).StatusCode);

        // Staff-only doors stay shut for students.
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync("/api/v1/courses/cs101/members", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PostAsJsonAsync("/api/v1/courses/cs101/members", new { user = "ben", role = "staff" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PostAsJsonAsync("/api/v1/courses/cs101/assignments", new { problem = "sum" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync("/api/v1/users", Token)).StatusCode);
        var members = await ReadAsync(await teacher.GetAsync("/api/v1/courses/cs101/members", Token), HttpStatusCode.OK);
        Assert.Equal(
            ["teacher:staff", "ann:student", "ben:student"],
            members.EnumerateArray().Select(m => m.GetProperty("name").GetString() + ":" + m.GetProperty("role").GetString()));

        // Staff rename and remove assignments; students may not.
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PutAsJsonAsync($"/api/v1/assignments/{id}", new { title = "mine now" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.DeleteAsync($"/api/v1/assignments/{id}", Token)).StatusCode);
        var renamed = await ReadAsync(await teacher.PutAsJsonAsync($"/api/v1/assignments/{id}", new { title = "Sum", dueAt = "2030-01-01T00:00:00Z" }, Token), HttpStatusCode.OK);
        Assert.Equal("Sum", renamed.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await teacher.PutAsJsonAsync($"/api/v1/assignments/{id}", new { title = "" }, Token)).StatusCode);
        var extra = (await ReadAsync(
            await teacher.PostAsJsonAsync("/api/v1/courses/cs101/assignments", new { problem = "sum" }, Token),
            HttpStatusCode.Created)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await teacher.DeleteAsync($"/api/v1/assignments/{extra}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/v1/assignments/{extra}", Token)).StatusCode);

        // The admin sees every course as its staff.
        var all = await ReadAsync(await admin.GetAsync("/api/v1/courses", Token), HttpStatusCode.OK);
        Assert.Equal("staff", Assert.Single(all.EnumerateArray()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task AssignmentImport_CreatesACourseOwnProblem_AndRefusesBadPackages()
    {
        using var admin = await SignedInAsync("root");
        await ReadAsync(await admin.PostAsJsonAsync("/api/v1/courses", new { id = "algo", title = "Algorithms" }, Token), HttpStatusCode.Created);
        var zip = ZipOf(Path.Combine(RepositoryRoot(), "problems", "sum"));

        using var body = new ByteArrayContent(zip);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var created = await ReadAsync(await admin.PostAsync("/api/v1/courses/algo/assignments/import?title=Sum%20again", body, Token), HttpStatusCode.Created);
        Assert.StartsWith("algo-", created.GetProperty("problemId").GetString(), StringComparison.Ordinal);
        Assert.Equal("Sum again", created.GetProperty("title").GetString());

        using var junk = new ByteArrayContent([1, 2, 3]);
        junk.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var refused = await admin.PostAsync("/api/v1/courses/algo/assignments/import", junk, Token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task SessionChanges_NeedTheAntiforgeryToken_ApiKeysDoNot()
    {
        await SignedInAsync("root");
        using var forged = SessionWithoutToken();
        Assert.Equal(HttpStatusCode.OK, (await forged.PostAsJsonAsync("/api/v1/auth/login", new { name = "root", password = Password("root") }, Token)).StatusCode);

        using var refused = await forged.PostAsJsonAsync("/api/v1/keys", new { name = "forged" }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("X-CSRF-TOKEN", await refused.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await forged.GetAsync("/api/v1/keys", Token)).StatusCode);

        // A token of another session does not pass either.
        using var other = await SignedInAsync("someone");
        var token = await ReadAsync(await other.GetAsync("/api/v1/auth/antiforgery", Token), HttpStatusCode.OK);
        using var withForeignToken = new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys") { Content = JsonContent.Create(new { name = "forged" }) };
        withForeignToken.Headers.Add("X-CSRF-TOKEN", token.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await forged.SendAsync(withForeignToken, Token)).StatusCode);

        using var session = Session();
        Assert.Equal(HttpStatusCode.OK, (await session.PostAsJsonAsync("/api/v1/auth/login", new { name = "root", password = Password("root") }, Token)).StatusCode);
        var key = (await ReadAsync(await session.PostAsJsonAsync("/api/v1/keys", new { name = "cli" }, Token), HttpStatusCode.Created)).GetProperty("key").GetString()!;
        using var script = new HttpClient { BaseAddress = Server.Address };
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.Created, (await script.PostAsJsonAsync("/api/v1/keys", new { name = "by key" }, Token)).StatusCode);
    }

    [Fact]
    public async Task SignIn_AfterRepeatedFailures_Answers429_EvenWithTheRightPassword()
    {
        await SignedInAsync("root");
        await SignedInAsync("victim");
        using var guesser = Session();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.PostAsJsonAsync("/api/v1/auth/login", new { name = "victim", password = $"guess-{i}-xx" }, Token)).StatusCode);
        }

        using var locked = await guesser.PostAsJsonAsync("/api/v1/auth/login", new { name = "VICTIM", password = Password("victim") }, Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Another account from the same address is not locked by five failures.
        Assert.Equal(HttpStatusCode.OK, (await guesser.PostAsJsonAsync("/api/v1/auth/login", new { name = "root", password = Password("root") }, Token)).StatusCode);
    }

    [Fact]
    public async Task PasswordChange_NeedsTheCurrentOne_AndEndsEveryOtherSession()
    {
        await SignedInAsync("root");
        using var here = await SignedInAsync("pat");
        using var elsewhere = Session();
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.PostAsJsonAsync("/api/v1/auth/login", new { name = "pat", password = Password("pat") }, Token)).StatusCode);

        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await here.PostAsJsonAsync("/api/v1/auth/password", new { current = "wrong-password", password = "a new password" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await here.PostAsJsonAsync("/api/v1/auth/password", new { current = Password("pat"), password = "short" }, Token)).StatusCode);
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await here.PostAsJsonAsync("/api/v1/auth/password", new { current = Password("pat"), password = "a new password" }, Token)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/v1/keys", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/v1/keys", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("pat", Password("pat")));
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("pat", "a new password"));

        // Forgotten: an admin sets a new one (students may not); pat's sessions end.
        using var root = Session();
        Assert.Equal(HttpStatusCode.OK, (await root.PostAsJsonAsync("/api/v1/auth/login", new { name = "root", password = Password("root") }, Token)).StatusCode);
        var users = await ReadAsync(await root.GetAsync("/api/v1/users", Token), HttpStatusCode.OK);
        var patId = users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == "pat").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await here.PostAsJsonAsync($"/api/v1/users/{patId}/password", new { password = "chosen by pat" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await root.PostAsJsonAsync($"/api/v1/users/{patId}/password", new { password = "short" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await root.PostAsJsonAsync("/api/v1/users/nobody/password", new { password = "long enough" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await root.PostAsJsonAsync($"/api/v1/users/{patId}/password", new { password = "reset by admin" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await here.GetAsync("/api/v1/keys", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("pat", "reset by admin"));
    }

    [Fact]
    public async Task KeyWithDailyQuota_Answers429WithRetryAfter_OnceSpent()
    {
        using var root = await SignedInAsync("root");
        Assert.Equal(HttpStatusCode.BadRequest, (await root.PostAsJsonAsync("/api/v1/keys", new { name = "zero", dailyQuota = 0 }, Token)).StatusCode);
        var created = await ReadAsync(await root.PostAsJsonAsync("/api/v1/keys", new { name = "limited", dailyQuota = 2 }, Token), HttpStatusCode.Created);
        Assert.Equal(2, created.GetProperty("dailyQuota").GetInt32());
        using var script = new HttpClient { BaseAddress = Server.Address };
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("key").GetString());

        var whoami = await ReadAsync(await script.GetAsync("/api/v1/whoami", Token), HttpStatusCode.OK);
        Assert.Equal(created.GetProperty("id").GetString(), whoami.GetProperty("keyId").GetString());
        Assert.Contains("arbiter login --server", whoami.GetProperty("cli").GetString(), StringComparison.Ordinal);

        var batch = new
        {
            submissions = new[]
            {
                new { language = "python3", source = "print(1)" },
                new { language = "python3", source = "print(2)" },
                new { language = "python3", source = "print(3)" },
            },
        };
        using var tooMany = await script.PostAsJsonAsync("/api/v1/submissions/batch", batch, Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await script.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(1)" }, Token)).StatusCode);
        }

        using var spent = await script.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(1)" }, Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, spent.StatusCode);
        Assert.InRange(spent.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 86_400);
        Assert.Contains("quota", await spent.Content.ReadAsStringAsync(Token), StringComparison.OrdinalIgnoreCase);

        // The session (no key) is not bound by the key's quota.
        Assert.Equal(HttpStatusCode.Accepted, (await root.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(1)" }, Token)).StatusCode);
    }

    private static string Password(string name) => $"{name}-correct-horse";

    /// <summary>How a sign-in from a fresh client (no cookie yet) answers.</summary>
    private async Task<HttpStatusCode> LoginStatusAsync(string name, string password)
    {
        using var client = new HttpClient { BaseAddress = Server.Address };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { name, password }, Token);
        return response.StatusCode;
    }

    private static string Verdict(JsonElement submission) => submission.GetProperty("verdict").GetString()!;

    private async Task<HttpClient> SignedInAsync(string name)
    {
        var session = Session();
        using var signup = await session.PostAsJsonAsync("/api/v1/auth/signup", new { name, password = Password(name) }, Token);
        Assert.True(signup.StatusCode == HttpStatusCode.Created, await signup.Content.ReadAsStringAsync(Token));
        using var login = await session.PostAsJsonAsync("/api/v1/auth/login", new { name, password = Password(name) }, Token);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return session;
    }

    private static async Task PromoteAsync(HttpClient admin, string name, string role)
    {
        var users = await ReadAsync(await admin.GetAsync("/api/v1/users", Token), HttpStatusCode.OK);
        var id = users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == name).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/users/{id}/role", new { role }, Token)).StatusCode);
    }

    private static async Task<JsonElement> SubmitAsync(HttpClient client, string source, string assignment)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/submissions?wait=true", new { language = "python3", source, assignment }, Token);
        var body = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal("judged", body.GetProperty("status").GetString(), ignoreCase: true);
        return body;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Token);
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static byte[] ZipOf(string directory)
    {
        using var buffer = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(archive, file, Path.GetRelativePath(directory, file));
            }
        }

        return buffer.ToArray();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Arbiter.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>
/// A closed server with a course whose problem has a secret test, and one wrong answer to it
/// from a student, sent with <c>?wait=true</c> and a callback URL. The secret test's input and
/// answer are marked strings, so any door that lets them out to the student shows them.
/// </summary>
public sealed class ResultDoorsFixture : IAsyncLifetime
{
    /// <summary>In the secret test's input: the student's program prints its input to stderr.</summary>
    public const string SecretInput = "SECRET-INPUT-7f3a";

    /// <summary>The secret test's answer: a wrong answer's diff would show it.</summary>
    public const string SecretAnswer = "SECRET-ANSWER-9c1e";

    public const string SampleAnswer = "sample-answer";

    private const string Student = "student";
    private const string Teacher = "teacher";

    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-doors-").FullName;
    private readonly HookListener _hook = new();

    internal ServerProcess Server { get; private set; } = null!;

    internal HttpClient StudentSession { get; private set; } = null!;

    internal HttpClient TeacherSession { get; private set; } = null!;

    public string SubmissionId { get; private set; } = "";

    public string Ticket { get; private set; } = "";

    public string AssignmentId { get; private set; } = "";

    /// <summary>The body of the student's <c>?wait=true</c> answer.</summary>
    public string WaitBody { get; private set; } = "";

    /// <summary>The body the student's callback URL received.</summary>
    public string CallbackBody { get; private set; } = "";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(_data, environment: new Dictionary<string, string>
        {
            ["ARBITER__SERVER__ANONYMOUS"] = "off",
            ["ARBITER__SERVER__SUBMISSIONINTERVALSECONDS"] = "0",
            [LoopbackCallbacks.Setting] = LoopbackCallbacks.Range,
            // The logs are a door too: the most a log shows (the per-job lines are Debug).
            ["Logging__LogLevel__Default"] = "Debug",
        });
        using var admin = await SignedInAsync("root");
        TeacherSession = await SignedInAsync(Teacher);
        StudentSession = await SignedInAsync(Student);
        await PromoteAsync(admin, Teacher, "staff");

        using var package = new ByteArrayContent(Package());
        package.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        await ReadAsync(await TeacherSession.PostAsync("/api/v1/problems?id=doors", package, Token), HttpStatusCode.Created);
        var course = await ReadAsync(await TeacherSession.PostAsJsonAsync("/api/v1/courses", new { id = "doors101", title = "Doors" }, Token), HttpStatusCode.Created);
        AssignmentId = (await ReadAsync(
            await TeacherSession.PostAsJsonAsync("/api/v1/courses/doors101/assignments", new { problem = "doors" }, Token),
            HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await ReadAsync(await StudentSession.PostAsJsonAsync("/api/v1/courses/join", new { code = course.GetProperty("joinCode").GetString() }, Token), HttpStatusCode.OK);

        var received = _hook.ReceiveAsync(failFirst: 0, Token);
        using var response = await StudentSession.PostAsJsonAsync("/api/v1/submissions?wait=true", new
        {
            language = "python3",
            // Wrong everywhere, and it tells stderr what it read.
            source = "import sys\ndata = sys.stdin.read()\nsys.stderr.write(data)\nprint('nope')\n",
            assignment = AssignmentId,
            callbackUrl = _hook.Url,
        }, Token);
        WaitBody = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, WaitBody);
        var judged = JsonDocument.Parse(WaitBody).RootElement;
        Assert.Equal("WA", judged.GetProperty("verdict").GetString());
        SubmissionId = judged.GetProperty("id").GetString()!;
        Ticket = judged.GetProperty("ticket").GetString()!;
        CallbackBody = await received.WaitAsync(TimeSpan.FromSeconds(60), Token);
    }

    public async ValueTask DisposeAsync()
    {
        StudentSession?.Dispose();
        TeacherSession?.Dispose();
        _hook.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }

    /// <summary>Fails when <paramref name="text"/>, which the student got, holds the secret test's data.</summary>
    public static void AssertNoSecret(string text, string door)
    {
        Assert.False(text.Contains(SecretAnswer, StringComparison.Ordinal), $"{door} shows the secret answer to a student: {text}");
        Assert.False(text.Contains(SecretInput, StringComparison.Ordinal), $"{door} shows the secret input to a student: {text}");
    }

    internal static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Token);
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private async Task<HttpClient> SignedInAsync(string name)
    {
        var session = new HttpClient(new BrowserLikeSession()) { BaseAddress = Server.Address };
        var credentials = new { name, password = $"{name}-correct-horse" };
        await ReadAsync(await session.PostAsJsonAsync("/api/v1/auth/signup", credentials, Token), HttpStatusCode.Created);
        await ReadAsync(await session.PostAsJsonAsync("/api/v1/auth/login", credentials, Token), HttpStatusCode.OK);
        return session;
    }

    private static async Task PromoteAsync(HttpClient admin, string name, string role)
    {
        var users = await ReadAsync(await admin.GetAsync("/api/v1/users", Token), HttpStatusCode.OK);
        var id = users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == name).GetProperty("id").GetString();
        await ReadAsync(await admin.PostAsJsonAsync($"/api/v1/users/{id}/role", new { role }, Token), HttpStatusCode.NoContent);
    }

    private static byte[] Package()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, body) in new[]
            {
                ("problem.yaml", "name: Doors\n"),
                ("data/sample/1.in", "sample-input\n"), ("data/sample/1.ans", SampleAnswer + "\n"),
                ("data/secret/1.in", SecretInput + "\n"), ("data/secret/1.ans", SecretAnswer + "\n"),
            })
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(System.Text.Encoding.UTF8.GetBytes(body));
            }
        }

        return zip.ToArray();
    }
}

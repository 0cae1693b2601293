using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>Problems, languages, workers, health, metrics and the OpenAPI document.</summary>
[Collection(SharedService.Name)]
public sealed class OperationsApiTests(ServiceFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Server.Http;

    [Fact]
    public async Task Problems_UploadedZip_IsListedAndShowsSamplesButNeverSecretData()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, body) in new[]
            {
                ("problem.yaml", "name: Echo\n"),
                ("data/sample/1.in", "sample-in\n"),
                ("data/sample/1.ans", "sample-in\n"),
                ("data/secret/1.in", "TOP-SECRET-INPUT\n"),
                ("data/secret/1.ans", "TOP-SECRET-INPUT\n"),
            })
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(System.Text.Encoding.UTF8.GetBytes(body));
            }
        }

        using var content = new ByteArrayContent(zip.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var created = await Http.PostAsync("/api/v1/problems?id=echo-test", content, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var listed = await fixture.Server.GetJsonAsync("/api/v1/problems");
        Assert.Contains(listed.EnumerateArray(), p => p.GetProperty("id").GetString() == "echo-test");
        using var problem = await Http.GetAsync("/api/v1/problems/echo-test", Token);
        var text = await problem.Content.ReadAsStringAsync(Token);
        Assert.Contains("sample-in", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TOP-SECRET", text, StringComparison.Ordinal);

        using var judged = await Http.PostAsJsonAsync("/api/v1/submissions?wait=true", new { language = "python3", source = "print(input())", problem = "echo-test" }, Token);
        Assert.Equal("AC", (await judged.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("result").GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task AdminOverview_ShowsQueueWorkersActivityRecentJobsAndLogLines()
    {
        using var judged = await Http.PostAsJsonAsync("/api/v1/submissions?wait=true", new { language = "python3", source = "print(1)" }, Token);
        var ticket = (await judged.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("ticket").GetString();

        var overview = await fixture.Server.GetJsonAsync("/api/v1/admin/overview");

        Assert.True(overview.GetProperty("queue").GetProperty("depth").GetInt64() >= 0);
        Assert.True(overview.GetProperty("workersAlive").GetInt32() >= 1);
        Assert.Equal("all", overview.GetProperty("instance").GetProperty("role").GetString());
        Assert.Contains(overview.GetProperty("recent").EnumerateArray(), s => s.GetProperty("ticket").GetString() == ticket);
        Assert.Contains(overview.GetProperty("activity").EnumerateArray(), b => b.GetProperty("verdict").GetString() == "OK" && b.GetProperty("count").GetInt64() >= 1);
        Assert.NotEmpty(overview.GetProperty("logs").EnumerateArray());
    }

    [Theory]
    [InlineData("not a zip at all", "application/zip", HttpStatusCode.BadRequest)]
    [InlineData("", "application/zip", HttpStatusCode.BadRequest)]
    [InlineData("name: x", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task Problems_MalformedUpload_IsRefusedWithProblemDetails(string body, string contentType, HttpStatusCode expected)
    {
        using var content = new StringContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await Http.PostAsync("/api/v1/problems", content, Token);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Languages_DescribeEveryLanguageWithItsVersionAndLimits()
    {
        var languages = (await fixture.Server.GetJsonAsync("/api/v1/languages")).EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);

        Assert.True(languages["python3"].GetProperty("available").GetBoolean());
        Assert.StartsWith("Python 3", languages["python3"].GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("1.", languages["python3"].GetProperty("packages").GetProperty("numpy").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            2 * languages["c"].GetProperty("defaultLimits").GetProperty("cpuTimeMs").GetDouble(),
            languages["java"].GetProperty("defaultLimits").GetProperty("cpuTimeMs").GetDouble());
    }

    [Fact]
    public async Task Workers_ShowTheLocalWorkerAndCanBeDrainedAndResumed()
    {
        var worker = (await fixture.Server.GetJsonAsync("/api/v1/workers")).EnumerateArray().Single(w => w.GetProperty("alive").GetBoolean());
        var id = worker.GetProperty("id").GetString()!;
        Assert.True(worker.GetProperty("capabilities").GetProperty("cores").GetInt32() > 0);
        Assert.False(worker.GetProperty("capabilities").GetProperty("gpu").GetProperty("present").GetBoolean());

        using (var drain = await Http.PostAsync($"/api/v1/workers/{id}/drain", null, Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, drain.StatusCode);
        }

        var drained = (await fixture.Server.GetJsonAsync("/api/v1/workers")).EnumerateArray().Single(w => w.GetProperty("id").GetString() == id);
        Assert.True(drained.GetProperty("draining").GetBoolean());
        using (var resume = await Http.PostAsync($"/api/v1/workers/{id}/resume", null, Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, resume.StatusCode);
        }

        using var unknown = await Http.PostAsync("/api/v1/workers/no-such-worker/drain", null, Token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Operations_HealthReadinessMetricsAndOpenApiAnswer()
    {
        Assert.Equal("ok\n", await Http.GetStringAsync("/healthz", Token));
        Assert.Equal("ready\n", await Http.GetStringAsync("/readyz", Token));
        var metrics = await Http.GetStringAsync("/metrics", Token);
        Assert.Contains("# TYPE arbiter_queue_depth gauge", metrics, StringComparison.Ordinal);
        Assert.Matches(@"\narbiter_sandbox_slots(\{\})? \d", metrics);
        // A histogram's family appears with its first measurement (MetricsTests runs jobs first).
        Assert.Contains("# TYPE arbiter_workers_alive gauge", metrics, StringComparison.Ordinal);
        var openapi = await fixture.Server.GetJsonAsync("/openapi/v1.json");
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/v1/submissions", out _));
    }

    [Theory]
    [InlineData("/api/v1/submissions", "post", "202,200,400,413,422,429")]
    [InlineData("/api/v1/submissions/batch", "post", "202,400,413,422,429")]
    [InlineData("/api/v1/submissions/batch", "get", "200,400,404")]
    [InlineData("/api/v1/submissions/{idOrTicket}", "get", "200,404")]
    [InlineData("/api/v1/problems", "post", "201,400,413")]
    [InlineData("/api/v1/problems/{id}", "get", "200,404")]
    public async Task OpenApi_DocumentsEveryAnswerOfAnEndpoint(string path, string method, string statuses)
    {
        var openapi = await fixture.Server.GetJsonAsync("/openapi/v1.json");

        var responses = openapi.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        Assert.Equal(statuses.Split(',').Order(), responses.EnumerateObject().Select(r => r.Name).Order());
        foreach (var error in responses.EnumerateObject().Where(r => r.Name.StartsWith('4')))
        {
            Assert.True(error.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {error.Name} is not a ProblemDetails");
        }
    }

    [Fact]
    public async Task Submit_BodyOverTheRequestLimit_Is413BeforeItIsRead()
    {
        // Announce a body over the server's 32 MiB limit and send none: the server must refuse
        // from the header alone rather than read (and buffer) it.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(fixture.Server.Address.Host, fixture.Server.Address.Port, Token);
        using var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"POST /api/v1/submissions HTTP/1.1\r\nHost: {fixture.Server.Address.Authority}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {40 * 1024 * 1024}\r\n\r\n"), Token);
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer, Token);

        Assert.StartsWith("HTTP/1.1 413", System.Text.Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>The submission API over real HTTP against a real server: submit, wait, poll, by
/// ticket, batch, judged submissions, and every error path answered with ProblemDetails.</summary>
[Collection(SharedService.Name)]
public sealed class SubmissionApiTests(ServiceFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Server.Http;

    [Fact]
    public async Task Submit_PlaygroundRun_Is202WithLocationAndTicketThenPollsToTheOutput()
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(input()[::-1])", stdin = "arbiter\n" }, Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Matches("^[A-Z]{5}$", accepted.GetProperty("ticket").GetString()!);
        Assert.Equal($"/api/v1/submissions/{id}", response.Headers.Location?.OriginalString);
        var finished = await fixture.Server.WaitFinishedAsync(id);
        Assert.Equal("Judged", finished.GetProperty("status").GetString());
        Assert.Equal("retibra\n", finished.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        var history = finished.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
        Assert.Equal(["Queued", "Compiling", "Running", "Judged"], history);
    }

    [Fact]
    public async Task Submit_WithWait_AnswersWithTheFinishedResult()
    {
        using var response = await Http.PostAsJsonAsync(
            "/api/v1/submissions?wait=true",
            new { language = "c", source = "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n" },
            Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("result");
        Assert.Equal("hi\n", result.GetProperty("run").GetProperty("stdout").GetString());
        Assert.True(result.GetProperty("compile").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task Submit_AgainstASampleProblem_IsJudgedWithVerdictAndTests()
    {
        var accepted = await SubmitAsync(new { language = "python3", source = "a, b = map(int, input().split())\nprint(a + b)\n", problem = "sum" });
        var wrong = await SubmitAsync(new { language = "python3", source = "a, b = map(int, input().split())\nprint(abs(a + b))\n", problem = "sum" });

        var ok = (await fixture.Server.WaitFinishedAsync(accepted)).GetProperty("result");
        var wa = (await fixture.Server.WaitFinishedAsync(wrong)).GetProperty("result");

        Assert.Equal("AC", ok.GetProperty("verdict").GetString());
        Assert.True(ok.GetProperty("tests").GetArrayLength() >= 2);
        Assert.Equal("WA", wa.GetProperty("verdict").GetString());
        Assert.Contains("secret/02-negative", wa.GetProperty("failedTests").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Get_ByTicketInAnyCase_FindsTheSubmission()
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(1)" }, Token);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        var byTicket = await fixture.Server.GetJsonAsync($"/api/v1/submissions/{accepted.GetProperty("ticket").GetString()!.ToLowerInvariant()}");

        Assert.Equal(accepted.GetProperty("id").GetString(), byTicket.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Batch_ManySubmissions_AreAcceptedTogetherAndAllFinish()
    {
        var items = Enumerable.Range(0, 8).Select(i => new { language = "python3", source = $"print({i} * {i})" }).ToArray();
        using var response = await Http.PostAsJsonAsync("/api/v1/submissions/batch", new { submissions = items }, Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        foreach (var id in ids)
        {
            await fixture.Server.WaitFinishedAsync(id);
        }

        var batch = await fixture.Server.GetJsonAsync($"/api/v1/submissions/batch?ids={string.Join(',', ids)}");
        var outputs = batch.EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        Assert.Equal(ids.Select((id, i) => $"{i * i}\n"), ids.Select(id => outputs[id]));
    }

    [Fact]
    public async Task Submit_JudgedNewSource_IsCompiledOnceSoItsBuildIsNoCacheHit()
    {
        // A source no one has built before: the worker used to build it and then the judge built
        // it again, finding the worker's build in the cache (cacheHit true on a first submission).
        var source = $"// {Guid.NewGuid():N}\n#include <stdio.h>\nint main(void){{long a,b;scanf(\"%ld %ld\",&a,&b);printf(\"%ld\\n\",a+b);return 0;}}\n";
        var id = await SubmitAsync(new { language = "c", source, problem = "sum" });

        var finished = await fixture.Server.WaitFinishedAsync(id);

        var result = finished.GetProperty("result");
        Assert.Equal("AC", result.GetProperty("verdict").GetString());
        Assert.False(result.GetProperty("compile").GetProperty("cacheHit").GetBoolean());
        var history = finished.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
        Assert.Equal(["Queued", "Compiling", "Running", "Judged"], history);
    }

    [Fact]
    public async Task Submit_CpuTimeWithoutWallTime_GetsTheOneWallRuleNotAFixedFiveSeconds()
    {
        // 10 s of CPU gives 31 s of wall time (3 × CPU + 1 s, as the CLI and the judge); the API's
        // old fixed 5 s killed this 6 s sleeper.
        using var response = await Http.PostAsJsonAsync(
            "/api/v1/submissions?wait=true",
            new { language = "python3", source = "import time\ntime.sleep(6)\nprint('done')\n", limits = new { cpuTimeMs = 10000 } },
            Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("result").GetProperty("run");
        Assert.Equal("OK", run.GetProperty("status").GetString());
        Assert.Equal("done\n", run.GetProperty("stdout").GetString());
    }

    [Theory]
    [InlineData("""{"language":"intercal","source":"x"}""", "unknown language 'intercal'")]
    [InlineData("""{"source":"x"}""", "'language' is required")]
    [InlineData("""{"language":"python3"}""", "give either 'source' or 'files'")]
    [InlineData("""{"language":"python3","source":"x","problem":"no-such-problem"}""", "unknown problem 'no-such-problem'")]
    [InlineData("""{"language":"python3","source":"x","limits":{"cpuTimeMs":999999999}}""", "limits: cpu time must be between")]
    [InlineData("""{"language":"python3","source":"x","limits":{"memoryMiB":0}}""", "limits: memory must be between")]
    [InlineData("""{"language":"python3","files":[{"name":"main.py","content":"!!!","encoding":"base64"}]}""", "files[0]")]
    [InlineData("""{"language":"python3","files":[{"name":"main.py","content":"/w==","encoding":"base64"}]}""", "not valid UTF-8")]
    [InlineData("""{"language":"python3","files":[{"name":"../x.py","content":"x"}]}""", "must be a plain file name")]
    [InlineData("""{"language":"python3","source":"x","callbackUrl":"file:///etc/passwd"}""", "'callbackUrl' must be an absolute http or https URL")]
    [InlineData("""{"language":"python3","source":"x","problem":"sum","compilerFlags":["-w"]}""", "'compilerFlags' are for playground runs")]
    [InlineData(
        """{"language":"python3","source":"x","problem":"sum","limits":{"cpuTimeMs":100}}""",
        "'limits' are for playground runs; a judged submission runs with the problem's limits")]
    public async Task Submit_InvalidRequest_Is400ProblemDetailsSayingWhy(string body, string expected)
    {
        using var response = await Http.PostAsync("/api/v1/submissions", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "The body is not valid JSON at $ (line 1, byte 2)")]
    [InlineData("[1, 2]", "The JSON value at $ (line 1, byte 2) has the wrong type.")]
    [InlineData("", "the request body must be a JSON object")]
    public async Task Submit_MalformedJson_Is400ProblemDetails(string body, string expected)
    {
        using var response = await Http.PostAsync("/api/v1/submissions", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_SourceOverTheLimit_IsRefused()
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = new string('#', 2 * 1024 * 1024) }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("over the limit", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownSubmission_Is404ProblemDetails()
    {
        using var response = await Http.GetAsync("/api/v1/submissions/0123456789abcdef", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> SubmitAsync(object request)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/submissions", request, Token);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Token));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;
    }
}

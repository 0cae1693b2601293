using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>Listing with paging, the batch limits, a batch GET naming unknown ids, and the
/// run options <c>args</c> and <c>compilerFlags</c>, over real HTTP against a real server.</summary>
[Collection(SharedService.Name)]
public sealed class SubmissionBatchAndListTests(ServiceFixture fixture)
{
    private static readonly string[] Arguments = ["two words", "--flag", "$HOME;ls"];
    private static readonly string[] AnswerFlag = ["-DANSWER=42"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Server.Http;

    [Fact]
    public async Task List_FollowingNext_CoversEveryItemOnceInTheOrderOfOnePage()
    {
        var ids = await SubmitBatchAsync(7);

        var walked = new List<string>();
        string? next = null;
        do
        {
            var page = await fixture.Server.GetJsonAsync($"/api/v1/submissions?limit=4{(next is null ? "" : $"&before={next}")}");
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            next = page.GetProperty("next").GetString();
        }
        while (next is not null);

        var whole = (await fixture.Server.GetJsonAsync("/api/v1/submissions?limit=500")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!)
            .ToList();
        Assert.InRange(whole.Count, ids.Count, 499);
        Assert.Equal(whole, walked);
        Assert.Subset(walked.ToHashSet(), ids.ToHashSet());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Batch_OutsideOneToMaxBatch_Is400SayingTheLimit(int count)
    {
        var items = Enumerable.Range(0, count).Select(_ => new { language = "python3", source = "print(1)" }).ToArray();

        using var response = await Http.PostAsJsonAsync("/api/v1/submissions/batch", new { submissions = items }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("'submissions' must hold 1 to 100 submissions", await DetailAsync(response));
    }

    [Fact]
    public async Task BatchGet_WithUnknownIds_Is404NamingOnlyThose()
    {
        var known = (await SubmitBatchAsync(1))[0];

        using var response = await Http.GetAsync($"/api/v1/submissions/batch?ids={known},0123456789abcdef,feedface", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No submission with id '0123456789abcdef', 'feedface'.", await DetailAsync(response));
    }

    [Fact]
    public async Task Submit_WithArgs_TheProgramReceivesThemAsSent()
    {
        var run = await RunAsync(new { language = "python3", source = "import sys\nprint(sys.argv[1:])\n", args = Arguments });

        Assert.Equal("['two words', '--flag', '$HOME;ls']\n", run.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task Submit_WithCompilerFlags_TheCompilerUsesThem()
    {
        // Without -DANSWER the program does not compile: the flag must reach the compiler.
        var run = await RunAsync(new { language = "c", source = "#include <stdio.h>\nint main(void){printf(\"%d\\n\", ANSWER);return 0;}\n", compilerFlags = AnswerFlag });

        Assert.Equal("42\n", run.GetProperty("stdout").GetString());
    }

    private async Task<JsonElement> RunAsync(object request)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/submissions?wait=true", request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement.GetProperty("result");
        Assert.True(result.GetProperty("compile").GetProperty("succeeded").GetBoolean(), body);
        return result.GetProperty("run");
    }

    private async Task<List<string>> SubmitBatchAsync(int count)
    {
        var items = Enumerable.Range(0, count).Select(i => new { language = "python3", source = $"print({i})" }).ToArray();
        using var response = await Http.PostAsJsonAsync("/api/v1/submissions/batch", new { submissions = items }, Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("detail").GetString();
    }
}

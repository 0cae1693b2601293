using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>POST is safe to retry with an <c>Idempotency-Key</c>: the same key and request give
/// the first submission back (single or batch, one after another or at once), another request
/// under the key is refused, and a key that is not one is a 400.</summary>
[Collection(SharedService.Name)]
public sealed class IdempotencyKeyTests(ServiceFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_RepeatedKey_ReturnsTheFirstSubmission_AndStoresOne()
    {
        var key = Guid.NewGuid().ToString();
        var source = $"print('{key}')";
        var (first, firstStatus, replayed) = await SubmitAsync("/api/v1/submissions", new { language = "python3", source }, key);
        var (second, secondStatus, secondReplayed) = await SubmitAsync("/api/v1/submissions", new { language = "python3", source }, key);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (firstStatus, secondStatus));
        Assert.Equal((false, true), (replayed, secondReplayed));
        Assert.Equal(Id(first), Id(second));
        Assert.Equal(first.GetProperty("ticket").GetString(), second.GetProperty("ticket").GetString());

        // Waiting on the repeat waits for the same submission.
        var (waited, waitedStatus, _) = await SubmitAsync("/api/v1/submissions?wait=true", new { language = "python3", source }, key);
        Assert.Equal(HttpStatusCode.OK, waitedStatus);
        Assert.Equal(Id(first), Id(waited));
        Assert.Equal(key + "\n", waited.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        Assert.Equal(1, await CountWithSourceAsync(source));
    }

    [Fact]
    public async Task Submit_SameKeyAtOnce_StoresOneSubmission()
    {
        var key = Guid.NewGuid().ToString();
        var source = $"print('{key}')";
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SubmitAsync("/api/v1/submissions", new { language = "python3", source }, key)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        Assert.Single(answers.Select(a => Id(a.Body)).Distinct());
        Assert.Equal(1, await CountWithSourceAsync(source));
    }

    [Fact]
    public async Task Submit_KeyReusedForAnotherRequest_Is422()
    {
        var key = Guid.NewGuid().ToString();
        await SubmitAsync("/api/v1/submissions", new { language = "python3", source = "print(1)" }, key);

        var (body, status, _) = await SubmitAsync("/api/v1/submissions", new { language = "python3", source = "print(2)" }, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Idempotency-Key", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The same key on the batch route is another request too.
        Assert.Equal(
            HttpStatusCode.UnprocessableEntity,
            (await SubmitAsync("/api/v1/submissions/batch", new { submissions = new[] { new { language = "python3", source = "print(1)" } } }, key)).Status);
    }

    [Fact]
    public async Task Batch_RepeatedKey_ReturnsTheFirstBatch()
    {
        var key = Guid.NewGuid().ToString();
        var batch = new { submissions = new[] { new { language = "python3", source = $"print('a{key}')" }, new { language = "python3", source = $"print('b{key}')" } } };
        var (first, _, _) = await SubmitAsync("/api/v1/submissions/batch", batch, key);
        var (second, status, replayed) = await SubmitAsync("/api/v1/submissions/batch", batch, key);

        Assert.Equal((HttpStatusCode.Accepted, true), (status, replayed));
        Assert.Equal(Ids(first), Ids(second));
        Assert.Equal(1, await CountWithSourceAsync($"print('a{key}')"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task Submit_MalformedKey_Is400(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = JsonContent.Create(new { language = "python3", source = "print(1)" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await fixture.Server.Http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Submit_TooLongKey_Is400()
    {
        var (_, status, _) = await SubmitAsync("/api/v1/submissions", new { language = "python3", source = "print(1)" }, new string('k', 201));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private async Task<(JsonElement Body, HttpStatusCode Status, bool Replayed)> SubmitAsync(string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await fixture.Server.Http.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        return (JsonDocument.Parse(text).RootElement.Clone(), response.StatusCode, response.Headers.Contains("Idempotent-Replayed"));
    }

    /// <summary>How many stored submissions have this source, among the newest 50 (the tests of
    /// a collection run one at a time).</summary>
    private async Task<int> CountWithSourceAsync(string source)
    {
        var page = await fixture.Server.GetJsonAsync("/api/v1/submissions?limit=50");
        var count = 0;
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            var files = await fixture.Server.GetJsonAsync($"/api/v1/submissions/{item.GetProperty("id").GetString()}/source");
            count += files.GetProperty("files")[0].GetProperty("content").GetString() == source ? 1 : 0;
        }

        return count;
    }

    private static string Id(JsonElement accepted) => accepted.GetProperty("id").GetString()!;

    private static IEnumerable<string> Ids(JsonElement batch) => batch.GetProperty("items").EnumerateArray().Select(Id);
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>Playground permalinks over the shared service. (Their expiry is pinned on a fake
/// clock by <see cref="Shares.ShareExpiryTests"/>.)</summary>
[Collection(SharedService.Name)]
public sealed class ShareTests(ServiceFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Share_RestoresProgramExactly()
    {
        const string source = "print(input()[::-1])  # ünïcødé 😀\r\n";
        const string stdin = "héllo\nworld\n";
        using var created = await Server.Http.PostAsJsonAsync("/api/v1/shares", new { language = "python3", source, stdin }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var share = await created.Content.ReadFromJsonAsync<JsonElement>(Token);
        var id = share.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{10}$", id);
        Assert.Equal($"/s/{id}", share.GetProperty("url").GetString());
        Assert.Equal($"/api/v1/shares/{id}", created.Headers.Location?.OriginalString);

        using var read = await Server.Http.GetAsync($"/api/v1/shares/{id}", Token);
        var restored = await read.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(
            ("python3", source, stdin),
            (restored.GetProperty("language").GetString(), restored.GetProperty("source").GetString(), restored.GetProperty("stdin").GetString()));
    }

    [Fact]
    public async Task UnknownOrMalformedLinks_Are404_AndBadSharesAreRefusedClearly()
    {
        foreach (var id in new[] { "0000000000", "ABCDEF0123", "..%2F..%2Fetc", "0123456789abcdef" })
        {
            using var response = await Server.Http.GetAsync($"/api/v1/shares/{id}", Token);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, id);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var cases = new (string Body, string Message)[]
        {
            ("""{"language":"python3","source":"a\u0000b"}""", "NUL"),
            ("""{"language":"python3","source":"\ud800 lone"}""", ""),
            ("""{"language":"intercal","source":"x"}""", "unknown language"),
            ("""{"source":"x"}""", "'language' is required"),
            ("""{"language":"python3"}""", "'source' is required"),
            ("""{"language":"python3","source":"x","stdin":7}""", ""),
            ("""[1,2]""", ""),
            ($$"""{"language":"python3","source":"x","stdin":"{{new string('a', 1024 * 1024 + 1)}}"}""", "over the limit"),
        };
        foreach (var (body, message) in cases)
        {
            using var response = await Server.Http.PostAsync("/api/v1/shares", new StringContent(body, Encoding.UTF8, "application/json"), Token);
            var text = await response.Content.ReadAsStringAsync(Token);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body[..Math.Min(60, body.Length)]}: {(int)response.StatusCode} {text}");
            Assert.Contains(message, text, StringComparison.Ordinal);
        }
    }
}

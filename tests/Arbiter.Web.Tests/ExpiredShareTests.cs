using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Web.Tests;

/// <summary>A server whose share links last about two seconds.</summary>
public sealed class ShortLivedSharesServer() : WebServer(new Dictionary<string, string> { ["ARBITER__SERVER__SHARELIFETIMEDAYS"] = "0.00002" });

public sealed class ExpiredShareTests(ShortLivedSharesServer server) : IClassFixture<ShortLivedSharesServer>
{
    [Fact]
    public async Task Permalink_Expired_SaysWhenItExpired()
    {
        var token = TestContext.Current.CancellationToken;
        using var created = await server.Http.PostAsJsonAsync("/api/v1/shares", new { language = "python3", source = "print('old')\n", stdin = "" }, token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("id").GetString();
        var deadline = DateTime.UtcNow + Browser.Timeout;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, "the share never expired");
            using var response = await server.Http.GetAsync($"/api/v1/shares/{id}", token);
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(200, token);
        }

        using var browser = server.OpenBrowser();
        browser.Open($"/s/{id}");

        browser.WaitForText("#share-notice", "This link expired on");
        Assert.DoesNotContain("print('old')", browser.EditorText, StringComparison.Ordinal);
    }
}

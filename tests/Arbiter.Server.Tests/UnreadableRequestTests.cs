using System.Net;
using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>Requests the framework cannot read (bad JSON, wrong types, bytes that are not
/// UTF-8, lone surrogates, an unknown query value) answer a ProblemDetails saying what is wrong
/// and where, never a bare "Bad Request".</summary>
[Collection(SharedService.Name)]
public sealed class UnreadableRequestTests(ServiceFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Server.Http;

    [Theory]
    [InlineData("{\"language\":\"python3\",\n\"source\": }", "The body is not valid JSON at $.source (line 2, byte 11)")]
    [InlineData("""{"language":"python3","source":"x",}""", "The body is not valid JSON at $ (line 1, byte 36)")]
    [InlineData("""{"language":"python3","source":5}""", "The JSON value at $.source (line 1, byte 33) cannot be read: Cannot get the value of a token type 'Number' as a string.")]
    [InlineData("""{"language":"python3","source":"x","limits":{"cpuTimeMs":"fast"}}""", "The JSON value at $.limits.cpuTimeMs (line 1, byte 64) has the wrong type.")]
    [InlineData("""{"language":"python3","source":"x","args":"-v"}""", "The JSON value at $.args (line 1, byte 47) has the wrong type.")]
    [InlineData("""{"language":"python3","priority":"high"}""", "The JSON value at $.priority (line 1, byte 40) has the wrong type.")]
    [InlineData(
        """{"language":"python3","source":"a\ud800b"}""",
        "The JSON value at $.source (line 1, byte 42) cannot be read: Cannot read incomplete UTF-16 JSON text as string with missing low surrogate.")]
    public async Task Submit_UnreadableJson_Is400SayingWhatAndWhere(string body, string expected)
    {
        var detail = await DetailOfBadRequestAsync(await Http.PostAsync("/api/v1/submissions", new StringContent(body, Encoding.UTF8, "application/json"), Token));

        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_BodyThatIsNotUtf8_Is400SayingSo()
    {
        byte[] body = [.. """{"language":"python3","source":"print('"""u8, 0xFF, 0xFE, .. """')"}"""u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var detail = await DetailOfBadRequestAsync(await Http.PostAsync("/api/v1/submissions", content, Token));

        Assert.StartsWith("The body is not valid UTF-8 (at $.source", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_FieldOfTheWrongType_NamesItsIndex()
    {
        var detail = await DetailOfBadRequestAsync(await Http.PostAsync("/api/v1/submissions/batch",
            new StringContent("""{"submissions":[{"language":"python3","source":"1"},{"language":7}]}""", Encoding.UTF8, "application/json"), Token));

        Assert.Contains("at $.submissions[1].language", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownStatus_Is400ListingTheAllowedValues()
    {
        var detail = await DetailOfBadRequestAsync(await Http.GetAsync("/api/v1/submissions?status=done", Token));

        Assert.Contains("'status' must be one of Queued, Compiling, Running, Judged, Failed, not 'done'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_KnownStatusInAnyCase_IsAccepted()
    {
        var page = await fixture.Server.GetJsonAsync("/api/v1/submissions?status=judged&limit=5");

        Assert.All(page.GetProperty("items").EnumerateArray(), s => Assert.Equal("Judged", s.GetProperty("status").GetString()));
    }

    private static async Task<string> DetailOfBadRequestAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Token);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        }
    }
}

using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>Problem packages have their own size limit (MaxProblemBytes), above the one for
/// other bodies (MaxRequestBytes, 32 MiB by default); a body over either is a 413 ProblemDetails.
/// The server here allows packages of 40 MiB: room above the 32 MiB default, small enough to
/// send quickly.</summary>
public sealed class ProblemUploadLimitTests() : DedicatedServer(new Dictionary<string, string> { ["ARBITER__SERVER__MAXPROBLEMBYTES"] = $"{ProblemLimit}" })
{
    private const int ProblemLimit = 40 * 1024 * 1024;
    private const int RequestLimit = 32 * 1024 * 1024;

    [Fact]
    public async Task Import_PackageOverTheRequestLimitButWithinTheProblemLimit_IsCreated()
    {
        var zip = Package(RequestLimit + (1024 * 1024));
        Assert.InRange(zip.Length, RequestLimit + 1, ProblemLimit);

        using var response = await Server.Http.PostAsync("/api/v1/problems?id=big-echo", Zip(zip), Token);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Import_PackageOverTheProblemLimit_Is413ProblemDetails(bool sendLength)
    {
        var zip = Package(ProblemLimit + (1024 * 1024));
        HttpContent content = sendLength ? Zip(zip) : new StreamContent(new UnknownLengthStream(zip));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");

        // Expect: 100-continue, as curl sends for a large upload: a server that refuses from the
        // Content-Length answers before the body is sent, instead of cutting the upload off.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/problems?id=too-big") { Content = content };
        request.Headers.ExpectContinue = sendLength;
        using var response = await Server.Http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"{ProblemLimit} bytes", (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_JsonOverTheRequestLimitWithoutALength_Is413ProblemDetails()
    {
        // Sent without a Content-Length, so the server finds out only while reading.
        var json = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { language = "python3", source = new string('#', RequestLimit) }));
        using var content = new StreamContent(new UnknownLengthStream(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await Server.Http.PostAsync("/api/v1/submissions", content, Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(body.Contains($"{RequestLimit} bytes", StringComparison.Ordinal), body);
    }

    private static ByteArrayContent Zip(byte[] zip)
    {
        var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }

    /// <summary>A valid echo problem carrying an incompressible attachment of about <paramref name="size"/> bytes.</summary>
    private static byte[] Package(int size)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, body) in new[]
            {
                ("problem.yaml", "name: Echo\n"u8.ToArray()),
                ("data/sample/1.in", "x\n"u8.ToArray()),
                ("data/sample/1.ans", "x\n"u8.ToArray()),
                ("data/secret/1.in", "y\n"u8.ToArray()),
                ("data/secret/1.ans", "y\n"u8.ToArray()),
                ("attachments/noise.bin", RandomBytes(size)),
            })
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
                entry.Write(body);
            }
        }

        return zip.ToArray();
    }

    private static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        new Random(4).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A stream whose length HttpClient cannot know, so it sends the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

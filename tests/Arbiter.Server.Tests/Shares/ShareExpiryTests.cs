using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arbiter.Server.Tests.Shares;

/// <summary>A share link lives for <c>Server:ShareLifetimeDays</c> on the service's clock: it reads
/// back until the instant it expires and answers 410 from then on. The service runs in this
/// process (API role, real HTTP, real SQLite) on a fake clock that the test moves, so the test
/// waits neither days nor the nine seconds a short lifetime took on the real clock.</summary>
public sealed class ShareExpiryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("arbiter-share-expiry-");
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = ArbiterServer.Build(
            ["--urls", "http://127.0.0.1:0", "--Server:Role", "api", "--Server:DataDirectory", _data.FullName, "--Server:LoadSampleProblems", "false",
             "--Server:ShareLifetimeDays", "2", "--Logging:LogLevel:Default", "Warning"],
            _time);
        await _app.StartAsync(Token);
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task Share_ReadsUntilItsLifetimeEnds_ThenAnswers410()
    {
        using var created = await _http.PostAsJsonAsync("/api/v1/shares", new { language = "python3", source = "print(1)" }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var share = await created.Content.ReadFromJsonAsync<JsonElement>(Token);
        var path = $"/api/v1/shares/{share.GetProperty("id").GetString()}";
        Assert.Equal(T0.AddDays(2), share.GetProperty("expiresAt").GetDateTimeOffset());

        _time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMilliseconds(1));
        using (var last = await _http.GetAsync(path, Token))
        {
            Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        }

        _time.Advance(TimeSpan.FromMilliseconds(1));
        using var gone = await _http.GetAsync(path, Token);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("expired on 2026-12-04 10:00 UTC", await gone.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }
}

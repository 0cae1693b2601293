using System.Net.Http.Json;

namespace Arbiter.Server.Tests;

/// <summary>
/// A test class's own <c>arbiter serve</c>, started for each test with the settings the class
/// is about (an access mode, a rate limit), on its own data directory: such tests cannot share
/// the collection's service, whose settings are the defaults.
/// </summary>
public abstract class DedicatedServer(IReadOnlyDictionary<string, string> environment) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-dedicated-").FullName;
    private ServerProcess? _server;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    private protected ServerProcess Server => _server!;

    public async ValueTask InitializeAsync() => _server = await ServerProcess.StartAsync(_data, environment: environment);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A client that keeps the session cookie and sends the anti-forgery token with
    /// every change, as the web UI does.</summary>
    protected HttpClient Session() => new(new BrowserLikeSession()) { BaseAddress = Server.Address };

    /// <summary>A client with an API key of the server's admin (the first user, signed up here
    /// unless an earlier call did).</summary>
    protected async Task<HttpClient> AdminKeyClientAsync()
    {
        using var session = Session();
        var credentials = new { name = "root", password = "root-correct-horse" };
        using (var signup = await session.PostAsJsonAsync("/api/v1/auth/signup", credentials, Token))
        {
            Assert.True(signup.StatusCode is System.Net.HttpStatusCode.Created or System.Net.HttpStatusCode.Conflict, await signup.Content.ReadAsStringAsync(Token));
        }

        using (var login = await session.PostAsJsonAsync("/api/v1/auth/login", credentials, Token))
        {
            login.EnsureSuccessStatusCode();
        }

        using var created = await session.PostAsJsonAsync("/api/v1/keys", new { name = "tests" }, Token);
        var key = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Token)).GetProperty("key").GetString();
        var client = new HttpClient { BaseAddress = Server.Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client that keeps the session cookie but sends no anti-forgery token: what a
    /// forged cross-site request looks like.</summary>
    protected HttpClient SessionWithoutToken() => new(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = Server.Address };
}

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

    /// <summary>A client that keeps the session cookie but sends no anti-forgery token: what a
    /// forged cross-site request looks like.</summary>
    protected HttpClient SessionWithoutToken() => new(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = Server.Address };
}

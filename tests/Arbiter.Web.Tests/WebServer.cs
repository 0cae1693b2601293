
namespace Arbiter.Web.Tests;

/// <summary>
/// A real <c>arbiter serve</c> (SQLite, API and workers, the web UI) on its own data directory,
/// for browser tests. The base settings are the defaults; a subclass passes environment
/// variables (ARBITER__SERVER__ANONYMOUS=off…) for a server configured as operators would.
/// </summary>
public class WebServer : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-web-").FullName;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private ServerProcess? _server;

    public WebServer()
        : this(new Dictionary<string, string>())
    {
    }

    protected WebServer(IReadOnlyDictionary<string, string> environment) => _environment = environment;

    public Uri Address => _server!.Address;

    /// <summary>A client for setting things up through the API (no cookies).</summary>
    public HttpClient Http => _server!.Http;

    /// <summary>A new headless browser with a fresh profile: no cookies, no storage.</summary>
    public Browser OpenBrowser(int width = 1280, int height = 900) => new(Address, width, height);

    public async ValueTask InitializeAsync() => _server = await ServerProcess.StartAsync(_data, environment: _environment);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>The default server most browser tests share (anonymous callers trusted, as
/// <c>scripts/run.sh</c> starts it).</summary>
[CollectionDefinition(Name)]
public sealed class SharedWebServer : ICollectionFixture<WebServer>
{
    public const string Name = "web";
}

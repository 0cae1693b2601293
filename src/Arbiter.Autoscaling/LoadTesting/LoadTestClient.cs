using System.Net.Http.Headers;

namespace Arbiter.Autoscaling.LoadTesting;

/// <summary>The HTTP client a load test uses: only the given server (no redirects followed),
/// connections enough for every request in flight, and the API key on every request.</summary>
public static class LoadTestClient
{
    public static HttpClient Create(LoadTestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = 4096,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var http = new HttpClient(handler) { BaseAddress = options.Server, Timeout = Timeout.InfiniteTimeSpan };
        if (options.ApiKey is { } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }
}

namespace Arbiter.Bench;

/// <summary>A service the benchmark drives over HTTP, however it runs (in this process or as
/// child processes); disposing stops everything it started and deletes its data.</summary>
internal sealed class RunningService(HttpClient http, Func<ValueTask> stop) : IAsyncDisposable
{
    public HttpClient Http { get; } = http;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await stop();
    }
}

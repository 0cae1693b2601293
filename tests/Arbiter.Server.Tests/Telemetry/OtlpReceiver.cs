using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arbiter.Server.Tests.Telemetry;

/// <summary>
/// A real OTLP/HTTP receiver on a free loopback port, standing in for a collector: it takes
/// protobuf trace exports on /v1/traces (decoded by <see cref="OtlpTraceDecoder"/>) and counts
/// metric exports on /v1/metrics, answering each as a collector does (200, an empty response
/// message). Point a process at it with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> = <see cref="Address"/>
/// and <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedSpan> _spans = [];
    private int _metricExports;

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Address { get; private set; } = "";

    public int MetricExports => Volatile.Read(ref _metricExports);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", receiver.TracesAsync);
        app.MapPost("/v1/metrics", receiver.MetricsAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        receiver.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<ReceivedSpan> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until the spans received satisfy
    /// <paramref name="done"/>, and returns them; the exporters send in batches, every few
    /// hundred milliseconds as the tests configure them.</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForAsync(Func<IReadOnlyList<ReceivedSpan>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Spans))
        {
            Assert.True(
                DateTime.UtcNow < deadline,
                $"the spans expected did not arrive; received: {string.Join(", ", Spans.Select(s => $"{s.Name}[{s.Resource.GetValueOrDefault("arbiter.role")}]"))}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return Spans;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task<IResult> TracesAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        var spans = OtlpTraceDecoder.Decode(body.ToArray());
        lock (_spans)
        {
            _spans.AddRange(spans);
        }

        return Results.Bytes([], "application/x-protobuf");
    }

    private async Task<IResult> MetricsAsync(HttpRequest request)
    {
        await request.Body.CopyToAsync(Stream.Null, request.HttpContext.RequestAborted);
        Interlocked.Increment(ref _metricExports);
        return Results.Bytes([], "application/x-protobuf");
    }
}

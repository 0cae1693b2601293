using Arbiter.Server.Features.Workers;
using Arbiter.Sandbox;
using Arbiter.Server.Features.Metrics;
using Arbiter.Server.Workers;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Health;

/// <summary>/healthz (the process answers), /readyz (the store answers and, on a worker, the
/// languages were probed so jobs can run), /metrics (Prometheus text).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Text("ok\n")).WithTags("Operations");
        routes.MapGet("/readyz", ReadyAsync).WithTags("Operations");
        routes.MapGet("/metrics", MetricsAsync).WithTags("Operations");
        return routes;
    }

    private static async Task<IResult> ReadyAsync(IArbiterStore store, StoreOutage outage, LanguageDirectory languages, IOptions<ServerOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await store.QueueDepthAsync(time.GetUtcNow(), cancellationToken);
            outage.Succeeded();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (e is StoreUnavailableException unavailable)
            {
                outage.Failed("the readiness check", unavailable);
            }

            return TypedResults.Problem($"The store is not reachable: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (options.Value.RunsWorkers && !languages.Probed)
        {
            return TypedResults.Problem("The worker is still probing its languages.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Text("ready\n");
    }

    private static async Task<IResult> MetricsAsync(IArbiterStore store, ServiceMetrics metrics, IServiceProvider services, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var depth = await store.QueueDepthAsync(now, cancellationToken);
        var fleet = await WorkerFleet.ReadAsync(store, now, cancellationToken);
        var unroutable = (await store.QueueDepthByLanguageAsync(now, cancellationToken))
            .Where(l => fleet.WhyWaiting(l.Key) is not null).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var pool = services.GetService<SandboxPool>();
        return TypedResults.Text(metrics.Render(depth, unroutable, pool?.Busy ?? 0, pool?.Capacity ?? 0, fleet.Alive), "text/plain; version=0.0.4");
    }
}

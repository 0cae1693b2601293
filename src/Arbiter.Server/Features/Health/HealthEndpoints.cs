using Arbiter.Server.Features.Metrics;
using Arbiter.Server.Jobs;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Health;

/// <summary>/healthz (the process answers), /readyz (the store answers and, on a worker, the
/// languages were probed so jobs can run), /metrics (Prometheus text, <see cref="Telemetry"/>).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Text("ok\n")).WithTags("Operations");
        routes.MapGet("/readyz", ReadyAsync).WithTags("Operations");
        routes.MapMetrics();
        return routes;
    }

    private static async Task<IResult> ReadyAsync(
        IArbiterStore store,
        StoreOutage outage,
        LanguageDirectory languages,
        IOptions<ServerOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
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
}

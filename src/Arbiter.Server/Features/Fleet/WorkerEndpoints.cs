using Arbiter.Server.Features.Users;
using System.Text.Json;
using Arbiter.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Arbiter.Server.Features.Fleet;

/// <summary>/api/v1/workers: every worker with its last report, and the operator's drain and
/// stop switches (a drained worker finishes what it holds and takes no more; a stopped one then exits).</summary>
internal static class WorkerEndpoints
{
    public static RouteGroupBuilder MapWorkers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/workers").WithTags("Workers").RequireAccess(AccessFilter.Level.Staff);
        group.MapGet("/", ListAsync);
        group.MapPost("/{id}/drain", (string id, IWorkerRegistry store, CancellationToken ct) => SetAsync(store, id, draining: true, stop: false, ct));
        group.MapPost("/{id}/resume", (string id, IWorkerRegistry store, CancellationToken ct) => SetAsync(store, id, draining: false, stop: false, ct));
        group.MapPost("/{id}/stop", (string id, IWorkerRegistry store, CancellationToken ct) => SetAsync(store, id, draining: true, stop: true, ct));
        return group;
    }

    private static async Task<Ok<IReadOnlyList<WorkerView>>> ListAsync(IWorkerRegistry store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var workers = await store.ListWorkersAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<WorkerView>>(workers.Select(w => new WorkerView(
            w.Id, w.Host, w.ProcessId, w.StartedAt, w.HeartbeatAt, Math.Round((now - w.HeartbeatAt).TotalSeconds, 1),
            WorkerFleet.IsAlive(w, now), w.Load, w.DiskFreeBytes, w.RunningJobs, w.Draining, w.StopRequested,
            JsonDocument.Parse(w.CapabilitiesJson).RootElement.Clone())).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetAsync(IWorkerRegistry store, string id, bool draining, bool stop, CancellationToken cancellationToken) =>
        await store.SetWorkerFlagsAsync(id, draining, stop, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"No worker '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A worker as the API shows it.</summary>
public sealed record WorkerView(
    string Id,
    string Host,
    int ProcessId,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    double HeartbeatAgeSeconds,
    bool Alive,
    double Load,
    long DiskFreeBytes,
    int RunningJobs,
    bool Draining,
    bool StopRequested,
    JsonElement Capabilities);

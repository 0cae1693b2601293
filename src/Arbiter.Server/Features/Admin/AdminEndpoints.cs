using Arbiter.Server.Features.Fleet;
using Arbiter.Server.Features.Submissions;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Admin;

/// <summary>
/// <c>GET /api/v1/admin/overview</c>: every component at a glance for the dashboard — this API
/// process, the queue (depth, how long the oldest has waited), the workers (the workers
/// endpoint has their switches), each owner's share of the queue (waiting and running: the fair
/// queue takes turns by owner), finished work per minute and verdict over the last hour,
/// recent submissions and failures, and this process's recent log lines.
/// </summary>
internal static class AdminEndpoints
{
    /// <summary>Owners listed in the queue's shares, the most waiting first.</summary>
    private const int MaxShares = 20;

    private static readonly DateTimeOffset ProcessStarted = new(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime(), TimeSpan.Zero);

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/admin/overview", OverviewAsync).WithTags("Operations").RequireAccess(AccessFilter.Level.Staff);
        return routes;
    }

    private static async Task<IResult> OverviewAsync(IArbiterStore store, RecentLogs logs, IOptions<ServerOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var oldest = await store.OldestWaitingAsync(now, cancellationToken);
        var queue = new QueueView(await store.QueueDepthAsync(now, cancellationToken), oldest is { } o ? Math.Round((now - o).TotalSeconds, 1) : 0);
        var activity = await store.ActivityAsync(now.AddHours(-1), cancellationToken);
        var recent = await store.ListSubmissionsAsync(new SubmissionQuery(Limit: 20), cancellationToken);
        var failures = await store.ListSubmissionsAsync(new SubmissionQuery(Status: SubmissionStatus.Failed, Limit: 10), cancellationToken);
        var workers = await store.ListWorkersAsync(cancellationToken);
        var shares = new List<OwnerShareView>();
        foreach (var share in await store.QueueSharesAsync(now, MaxShares, cancellationToken))
        {
            var name = share.Owner is { } owner ? (await store.GetUserAsync(owner, cancellationToken))?.Name ?? owner : null;
            shares.Add(new OwnerShareView(share.Owner, name, share.Waiting, share.Running));
        }

        var instance = new InstanceView(Environment.MachineName, Environment.ProcessId, options.Value.Role, ProcessStarted,
            typeof(AdminEndpoints).Assembly.GetName().Version?.ToString() ?? "?");
        return TypedResults.Ok(new OverviewView(
            now,
            instance,
            queue,
            workers.Count(w => WorkerFleet.IsAlive(w, now)),
            workers.Count,
            shares,
            activity,
            [.. recent.Select(ResultPolicy.Summary)],
            [.. failures.Select(ResultPolicy.Summary)],
            [.. logs.Snapshot().Reverse()]));
    }
}

/// <summary>The API process answering; API-only processes do not register anywhere, so the
/// dashboard shows the one it asked (workers are listed by /api/v1/workers).</summary>
public sealed record InstanceView(string Host, int ProcessId, ServerRole Role, DateTimeOffset StartedAt, string Version);

public sealed record QueueView(long Depth, double OldestWaitSeconds);

/// <summary>One owner's unfinished jobs: waiting and running. <c>UserId</c> and <c>Name</c> are
/// null for anonymous submissions, which share one turn.</summary>
public sealed record OwnerShareView(string? UserId, string? Name, long Waiting, long Running);

public sealed record OverviewView(
    DateTimeOffset At,
    InstanceView Instance,
    QueueView Queue,
    int WorkersAlive,
    int WorkersKnown,
    IReadOnlyList<OwnerShareView> Shares,
    IReadOnlyList<ActivityBucket> Activity,
    IReadOnlyList<SubmissionSummary> Recent,
    IReadOnlyList<SubmissionSummary> Failures,
    IReadOnlyList<LogLine> Logs);

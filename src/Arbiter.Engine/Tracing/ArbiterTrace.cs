using System.Diagnostics;

namespace Arbiter.Engine.Tracing;

/// <summary>
/// The one owner of Arbiter's spans: the <see cref="ActivitySource"/> "Arbiter" and the names of
/// the spans a submission leaves on its way (accept → queue wait → job → compile, run, each test).
/// Here, in the engine, so the engine's own steps and the server's share it. With nothing
/// listening (no exporter configured) every <c>Start…</c> returns null after one check, and no
/// trace context is stored with a submission.
/// </summary>
public static class ArbiterTrace
{
    /// <summary>The name an OpenTelemetry tracer provider subscribes to.</summary>
    public const string SourceName = "Arbiter";

    /// <summary>The API accepted a submission (or a batch) and stored it.</summary>
    public const string Accept = "accept";

    /// <summary>From the submission being stored to a worker starting it.</summary>
    public const string QueueWait = "queue wait";

    /// <summary>A worker doing one job: everything from lease to stored result.</summary>
    public const string Job = "job";

    /// <summary>Compiling a source (a build cache hit included: <c>arbiter.cache_hit</c>).</summary>
    public const string Compile = "compile";

    /// <summary>A playground program's run.</summary>
    public const string Run = "run";

    /// <summary>One test of a judged submission.</summary>
    public const string Test = "test";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>
    /// The W3C <c>traceparent</c> a job should carry so the worker continues the current trace:
    /// the current span's, when Arbiter's spans are being recorded; otherwise null, so nothing is
    /// stored when tracing is off (an incoming request's own traceparent alone does not count).
    /// </summary>
    public static string? ParentForJob() =>
        Source.HasListeners() && Activity.Current is { Recorded: true, IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Starts a span of <paramref name="name"/> under the current span (null when
    /// nothing listens).</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);

    /// <summary>
    /// Starts the worker's span of a job under the <paramref name="traceParent"/> it was stored
    /// with (a new trace when it has none or it is malformed). Under a stored parent, the time
    /// the job waited in the queue, <paramref name="queuedAt"/> to <paramref name="now"/>, is also
    /// recorded as a finished span beside it; the job's span always carries it as an attribute.
    /// </summary>
    public static Activity? StartJob(string? traceParent, DateTimeOffset queuedAt, DateTimeOffset now)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var outer = Activity.Current;
        if (traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent))
        {
            using (var wait = Source.StartActivity(QueueWait, ActivityKind.Internal, parent, startTime: queuedAt))
            {
                wait?.SetEndTime(now.UtcDateTime);
            }

            // A span started from a context has no parent object to restore when it stops.
            Activity.Current = outer;
        }
        else
        {
            parent = default;
        }

        var job = Source.StartActivity(Job, ActivityKind.Consumer, parent);
        job?.SetTag("arbiter.queue_wait_ms", Math.Max(0, (now - queuedAt).TotalMilliseconds));
        return job;
    }
}

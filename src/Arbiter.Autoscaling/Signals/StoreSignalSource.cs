using System.Text.Json;
using Arbiter.Autoscaling.Control;
using Arbiter.Storage;

namespace Arbiter.Autoscaling.Signals;

/// <summary>
/// The signals of a pool from the store (SQLite or PostgreSQL), read-only: the job spans of the
/// window (and of every unfinished job) give arrivals, the queue and its oldest wait, busy slots
/// (the time jobs ran within the window, over its length), the service times of the jobs that
/// finished in it and the time in queue of those that started in it; the worker registry gives the live workers.
/// </summary>
public sealed class StoreSignalSource(IArbiterStore store) : ISignalSource
{
    /// <summary>A job that finished in the window may have started this long before it.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);

    /// <summary>A worker counts as alive while its heartbeat (every 5 s) is this fresh: a stopped
    /// worker's row stays behind, and the autoscaler counts processes, not rows.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(12);

    public async Task<LoadSignals> ReadAsync(WorkerPool pool, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var spans = (await store.JobSpansAsync(windowStart - Lookback, windowEnd, cancellationToken).ConfigureAwait(false)).Where(s => pool.Takes(s.Language)).ToList();
        var workers = await store.ListWorkersAsync(cancellationToken).ConfigureAwait(false);
        return Summarise(pool, spans, workers, windowStart, windowEnd);
    }

    internal static LoadSignals Summarise(WorkerPool pool, IReadOnlyList<JobSpan> spans, IReadOnlyList<WorkerRecord> workers, DateTimeOffset from, DateTimeOffset to)
    {
        var window = (to - from).TotalSeconds;
        long arrivals = 0, waiting = 0, completed = 0, started = 0;
        double busy = 0, service = 0, squares = 0, queued = 0;
        DateTimeOffset? oldest = null;
        foreach (var span in spans)
        {
            if (span.CreatedAt >= from && span.CreatedAt < to)
            {
                arrivals++;
            }

            if (span.Waiting && span.CreatedAt < to)
            {
                waiting++;
                oldest = oldest is null || span.CreatedAt < oldest ? span.CreatedAt : oldest;
            }

            if (span.StartedAt is { } startedAt && !span.Waiting)
            {
                if (startedAt >= from && startedAt < to)
                {
                    started++;
                    queued += Math.Max(0, (startedAt - span.CreatedAt).TotalSeconds);
                }

                var end = span.FinishedAt ?? to;
                var overlap = (Min(end, to) - Max(startedAt, from)).TotalSeconds;
                busy += Math.Max(0, overlap);
                if (span.FinishedAt is { } finished && finished >= from && finished < to)
                {
                    var seconds = (finished - startedAt).TotalSeconds;
                    completed++;
                    service += seconds;
                    squares += seconds * seconds;
                }
            }
        }

        var live = workers.Count(w => to - w.HeartbeatAt < Fresh && Offers(w, pool));
        return new LoadSignals(
            arrivals,
            waiting,
            oldest is { } o ? to - o : TimeSpan.Zero,
            window > 0 ? busy / window : 0,
            completed,
            completed > 0 ? service / completed : null,
            Simulation.Simulator.Cv(completed, service, squares),
            live,
            started > 0 ? queued / started : null);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Whether a worker takes any of the pool's languages (one that has not said yet
    /// counts, as the server counts it).</summary>
    private static bool Offers(WorkerRecord worker, WorkerPool pool)
    {
        try
        {
            using var capabilities = JsonDocument.Parse(worker.CapabilitiesJson);
            if (!capabilities.RootElement.TryGetProperty("offers", out var offers) || offers.ValueKind != JsonValueKind.Array)
            {
                return true;
            }

            return offers.EnumerateArray().Any(o => o.ValueKind == JsonValueKind.String && pool.Takes(o.GetString()!));
        }
        catch (JsonException)
        {
            return true;
        }
    }
}

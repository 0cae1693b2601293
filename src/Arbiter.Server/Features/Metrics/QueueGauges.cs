using Arbiter.Server.Features.Fleet;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Metrics;

/// <summary>
/// The gauges that come from the store (queue depth, what no live worker will start, live
/// workers), read asynchronously into a snapshot that <see cref="ServiceMetrics"/>' observable
/// gauges report: a metrics collection is synchronous, a store read is not. /metrics refreshes it
/// before each scrape; <see cref="QueueGaugeRefresh"/> keeps it fresh for OTLP's periodic export.
/// </summary>
internal sealed class QueueGauges(IArbiterStore store, TimeProvider time)
{
    private volatile QueueSnapshot _current = QueueSnapshot.Empty;

    public QueueSnapshot Current => _current;

    /// <summary>Reads the store now; a store that fails throws, as any store read does
    /// (a 503 on /metrics), and the last snapshot stays.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var depth = await store.QueueDepthAsync(now, cancellationToken).ConfigureAwait(false);
        var fleet = await WorkerFleet.ReadAsync(store, now, cancellationToken).ConfigureAwait(false);
        var unroutable = (await store.QueueDepthByLanguageAsync(now, cancellationToken).ConfigureAwait(false))
            .Where(l => fleet.WhyWaiting(l.Key) is not null).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        _current = new QueueSnapshot(depth, unroutable, fleet.Alive);
    }
}

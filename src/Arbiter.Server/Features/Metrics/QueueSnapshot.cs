namespace Arbiter.Server.Features.Metrics;

/// <summary>The store's gauges as last read (<see cref="QueueGauges"/>).</summary>
/// <param name="Depth">Submissions waiting.</param>
/// <param name="Unroutable">Of those, per language, the ones no live worker will start (none
/// offers the language, or all that do are draining): what an operator alerts on.</param>
/// <param name="WorkersAlive">Workers with a recent heartbeat.</param>
internal sealed record QueueSnapshot(long Depth, IReadOnlyDictionary<string, long> Unroutable, int WorkersAlive)
{
    public static QueueSnapshot Empty { get; } = new(0, new Dictionary<string, long>(), 0);
}

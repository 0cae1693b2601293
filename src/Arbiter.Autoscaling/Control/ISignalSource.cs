namespace Arbiter.Autoscaling.Control;

/// <summary>Reads a pool's load over a window (arrivals, queue, service times, busy slots).</summary>
public interface ISignalSource
{
    Task<LoadSignals> ReadAsync(WorkerPool pool, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken);
}

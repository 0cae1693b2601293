namespace Arbiter.Server.Jobs;

/// <summary>Wakes this process's idle workers when work has just been queued, by its own API or
/// (over PostgreSQL) another process's (<see cref="StoreWakeUps"/>), so a job starts at once
/// instead of at the next poll.</summary>
internal sealed class WorkSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Notify(int jobs) => _signal.Release(Math.Max(1, jobs));

    /// <summary>True when signalled, false when the timeout passed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

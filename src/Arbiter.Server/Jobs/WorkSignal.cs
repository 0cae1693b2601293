namespace Arbiter.Server.Jobs;

/// <summary>Wakes this process's idle workers when work has just been queued, by its own API or
/// (over PostgreSQL) another process's (<see cref="StoreWakeUps"/>), so a job starts at once
/// instead of at the next poll. The wait's timeout runs on the server's <see cref="TimeProvider"/>,
/// like every other clock of the server.</summary>
internal sealed class WorkSignal(TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Notify(int jobs) => _signal.Release(Math.Max(1, jobs));

    /// <summary>True when signalled (a signal given before the wait counts), false when
    /// <paramref name="timeout"/> passed on the clock first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // A signal already given is taken without a timer, as a zero timeout must still take it.
        if (_signal.Wait(0, CancellationToken.None))
        {
            return true;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _signal.WaitAsync(either.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _signal.Dispose();
}

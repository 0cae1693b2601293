namespace Arbiter.Sandbox;

/// <summary>Slots of a <see cref="SandboxPool"/> held together; see <see cref="ISandboxReservation"/>.</summary>
internal sealed class SandboxReservation(SandboxPool pool, int capacity) : ISandboxReservation
{
    private int _running;
    private int _released;

    public int Capacity => capacity;

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _released) != 0, this);
        if (Interlocked.Increment(ref _running) > capacity)
        {
            Interlocked.Decrement(ref _running);
            // Running it anyway would take a slot nobody reserved, and overfill the pool.
            throw new InvalidOperationException($"this reservation holds {capacity} sandboxes, and all are in use");
        }

        try
        {
            return await pool.RunReservedAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            pool.ReleaseReserved(capacity);
        }

        return ValueTask.CompletedTask;
    }
}

namespace Arbiter.Sandbox;

/// <summary>Runs untrusted programs, each in a fresh sandbox.</summary>
public interface ISandbox
{
    /// <summary>How many runs may go at once; more wait their turn.</summary>
    int Capacity { get; }

    /// <summary>Runs one program and waits for it. Cancelling kills the run and throws
    /// <see cref="OperationCanceledException"/>.</summary>
    /// <exception cref="ArgumentException">The request is invalid (limits out of range, bad file names).</exception>
    /// <exception cref="SandboxUnavailableException">This host cannot create sandboxes.</exception>
    Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken = default);

    /// <summary>Waits until <paramref name="runs"/> sandboxes are free and takes them all in one
    /// step. Taking them one by one could deadlock: two callers each holding part of what they
    /// need would wait on each other for ever.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="runs"/> is below 1 or above
    /// <see cref="Capacity"/> (it could never be granted).</exception>
    Task<ISandboxReservation> ReserveAsync(int runs, CancellationToken cancellationToken = default);
}

namespace Arbiter.Sandbox;

/// <summary>
/// Sandboxes taken from a pool together, for runs that only work side by side (an interactive
/// test's submission and interactor, joined by pipes). Runs in a reservation never queue: its
/// sandboxes are already held. Dispose it once its runs have ended to give the sandboxes back.
/// </summary>
public interface ISandboxReservation : IAsyncDisposable
{
    /// <summary>How many runs may go at once in this reservation.</summary>
    int Capacity { get; }

    /// <summary>Runs one program in one of the reserved sandboxes and waits for it. Cancelling
    /// kills the run and throws <see cref="OperationCanceledException"/>.</summary>
    /// <exception cref="ArgumentException">The request is invalid (limits out of range, bad file names).</exception>
    /// <exception cref="InvalidOperationException">More runs than <see cref="Capacity"/> are in flight.</exception>
    Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken = default);
}

namespace Arbiter.Bench;

/// <summary>
/// Holds the process open on its way out until released. On Ctrl+C or SIGTERM the command line
/// library cancels the benchmark but lets the process exit two seconds later, which can be in the
/// middle of stopping its child processes and PostgreSQL cluster; exit waits here (up to a minute)
/// for that clean-up to finish instead.
/// </summary>
internal sealed class ExitHold : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ExitHold() => AppDomain.CurrentDomain.ProcessExit += WaitForRelease;

    public void Dispose()
    {
        _released.TrySetResult();
        AppDomain.CurrentDomain.ProcessExit -= WaitForRelease;
    }

    private void WaitForRelease(object? sender, EventArgs e) => _released.Task.Wait(Limit);
}

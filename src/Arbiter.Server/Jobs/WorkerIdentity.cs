namespace Arbiter.Server.Jobs;

/// <summary>This process's worker id: host, pid and a random part (pids are reused).</summary>
internal sealed class WorkerIdentity(TimeProvider time)
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>Jobs running now in this process.</summary>
    public int Running => Volatile.Read(ref _running);

    public bool Draining { get; set; }

    private int _running;

    public void Started() => Interlocked.Increment(ref _running);

    public void Finished() => Interlocked.Decrement(ref _running);
}

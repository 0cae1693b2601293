namespace Arbiter.Autoscaling.Actuators;

/// <summary>
/// How the local actuator starts workers: the program, the environment every worker gets (the
/// store's provider and connection string above all: workers must share the API's database), the
/// jobs each runs at once, a data directory they share (its build and probe caches), and how long a
/// draining worker may take to finish its jobs before it is stopped by signal.
/// </summary>
public sealed record LocalActuatorOptions
{
    public required WorkerCommand Command { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public int SlotsPerWorker { get; init; } = 1;

    public required string DataDirectory { get; init; }

    /// <summary>Where each worker's output goes (<c>POOL-PID.log</c>); null: discarded.</summary>
    public string? LogDirectory { get; init; }

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);
}

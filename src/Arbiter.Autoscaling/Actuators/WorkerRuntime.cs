namespace Arbiter.Autoscaling.Actuators;

/// <summary>
/// .NET runtime settings for the workers an autoscaler starts and stops. A new worker spends its
/// first minute or so recompiling its hot methods (tiered compilation), and with dynamic PGO each
/// of them twice: once instrumented, once optimised. Measured on 2 cores (docs/benchmarks.md, "A
/// new worker's first jobs"): a worker's first 90 jobs cost 4.1–4.6 s of CPU with the runtime's
/// defaults and 2.5–2.9 s without PGO, the next 90 about the same in both (0.84 and 0.79 s). Every
/// scale-up pays the difference while the pool is busiest, on cores the running jobs share; a
/// long-lived worker gains nothing measurable from PGO, its time being in the sandbox.
/// </summary>
public static class WorkerRuntime
{
    /// <summary>What each started worker gets unless the actuator's own environment (or the
    /// controller's) already says otherwise.</summary>
    private static readonly Dictionary<string, string> Settings = new(StringComparer.Ordinal)
    {
        ["DOTNET_TieredPGO"] = "0",
    };

    /// <summary>The settings above that neither <paramref name="configured"/> nor this process's
    /// environment sets.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Defaults(IReadOnlyDictionary<string, string> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        return Settings.Where(e => !configured.ContainsKey(e.Key) && Environment.GetEnvironmentVariable(e.Key) is null);
    }
}

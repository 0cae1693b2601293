namespace Arbiter.Deploy.Pools;

/// <summary>
/// How long a deployed worker may take to stop: on SIGTERM it takes no new job, lets running ones
/// finish for up to <see cref="DefaultDrainSeconds"/> (Server:DrainSeconds), hands back the rest,
/// and exits. The orchestrator's grace period adds <see cref="HandBackSeconds"/> so the hand-back
/// is never cut short by SIGKILL.
/// </summary>
public static class WorkerDrain
{
    /// <summary>The longest job a deployed worker is expected to finish before stopping.</summary>
    public const int DefaultDrainSeconds = 600;

    /// <summary>Room after the drain for giving leases back and closing connections.</summary>
    public const int HandBackSeconds = 30;

    public static int GracePeriodSeconds(int drainSeconds) => drainSeconds + HandBackSeconds;
}

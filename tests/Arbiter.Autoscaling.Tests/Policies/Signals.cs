using Arbiter.Autoscaling.Policies;

namespace Arbiter.Autoscaling.Tests.Policies;

/// <summary>Synthetic signals for policy tests: one slot per replica, 10-second windows.</summary>
internal static class Signals
{
    public static PoolSignals At(
        int seconds,
        double busy,
        int ready,
        int desired = -1,
        int starting = 0,
        long arrivals = 0,
        long queue = 0,
        double? service = null,
        long completed = 0,
        double? wait = null) =>
        new(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(10), arrivals, queue, TimeSpan.Zero, busy, completed, service,
            ready, starting, 0, desired < 0 ? ready + starting : desired, 1, 1, MeanWaitSeconds: wait);
}

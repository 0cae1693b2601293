namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// The Horizontal Pod Autoscaler's replica calculation on one utilisation metric (busy slots over
/// ready slots, at most 1, as CPU use is at most its limit):
/// desired = ⌈ready × utilisation / target⌉, unchanged while |utilisation/target − 1| is within the
/// tolerance. As Kubernetes does for CPU, a scale-up counts replicas still starting as idle, and
/// gives up when that brings the ratio back within the tolerance. With no replica ready there is no
/// metric, and the count stays.
/// </summary>
internal static class HpaRule
{
    public static int Recommend(PoolSignals signals, double target, double tolerance)
    {
        var current = signals.DesiredReplicas;
        var slots = signals.SlotsPerReplica;
        if (signals.ReadyReplicas == 0 || slots <= 0)
        {
            return current;
        }

        var ratio = signals.Utilisation / target;
        if (Math.Abs(ratio - 1) <= tolerance)
        {
            return current;
        }

        if (ratio > 1 && signals.StartingReplicas > 0)
        {
            var counted = signals.ReadyReplicas + signals.StartingReplicas;
            var adjusted = signals.Utilisation * signals.ReadyReplicas / counted / target;
            return adjusted <= 1 + tolerance ? current : CeilingOf(adjusted * counted);
        }

        return CeilingOf(ratio * signals.ReadyReplicas);
    }

    /// <summary>⌈x⌉ that does not turn 2.0000000001 (floating-point noise) into 3.</summary>
    public static int CeilingOf(double x) => x <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(x - 1e-9));
}

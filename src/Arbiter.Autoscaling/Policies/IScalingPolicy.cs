namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// Decides a pool's replica count from its signals, once per interval. Policies keep their own
/// history (one instance per pool); they never see which actuator carries the decision out, and
/// the bounds are applied after them by <see cref="ScalingBounds"/>.
/// </summary>
public interface IScalingPolicy
{
    string Name { get; }

    ScalingDecision Decide(PoolSignals signals);
}

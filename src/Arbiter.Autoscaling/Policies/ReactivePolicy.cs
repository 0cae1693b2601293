namespace Arbiter.Autoscaling.Policies;

/// <summary>The reactive baseline: the Kubernetes HPA rule on slot utilisation with its tolerance,
/// scale-up limit and 5-minute scale-down stabilisation (the paper's control group).</summary>
internal sealed class ReactivePolicy(PolicySettings settings) : IScalingPolicy
{
    private readonly HpaBehaviour _behaviour = new(settings.ScaleDownStabilisation);

    public string Name => "reactive";

    public ScalingDecision Decide(PoolSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var raw = HpaRule.Recommend(signals, settings.TargetUtilisation, settings.Tolerance);
        var replicas = _behaviour.Apply(raw, signals.DesiredReplicas, signals.At);
        return new ScalingDecision(replicas,
            $"utilisation {signals.Utilisation:0.00} (target {settings.TargetUtilisation:0.00}) → {raw}; stabilised {replicas}");
    }
}

namespace Arbiter.Autoscaling.Policies;

/// <summary>The <c>--min</c>/<c>--max</c> replicas of a pool: every decision passes through
/// <see cref="Apply"/>, in the controller and the simulator alike, so the bounds always hold
/// whatever a policy answers.</summary>
public sealed record ScalingBounds(int Min, int Max)
{
    public void Validate()
    {
        if (Min < 0 || Max < 1 || Min > Max || Max > 100_000)
        {
            throw new ArgumentException($"replica bounds must satisfy 0 ≤ min ≤ max, 1 ≤ max ≤ 100000 (min {Min}, max {Max})");
        }
    }

    public ScalingDecision Apply(ScalingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Replicas < Min)
        {
            return decision with { Replicas = Min, Reason = $"{decision.Reason}; raised to min {Min}" };
        }

        if (decision.Replicas > Max)
        {
            return decision with { Replicas = Max, Reason = $"{decision.Reason}; capped at max {Max}" };
        }

        return decision;
    }
}

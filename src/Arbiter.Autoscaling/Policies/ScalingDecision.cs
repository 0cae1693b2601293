namespace Arbiter.Autoscaling.Policies;

/// <summary>A policy's answer: the replicas wanted and, for the log, why.</summary>
public sealed record ScalingDecision(int Replicas, string Reason);

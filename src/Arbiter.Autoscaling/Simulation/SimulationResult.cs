using Arbiter.Autoscaling.Policies;
using Arbiter.Autoscaling.Scoring;

namespace Arbiter.Autoscaling.Simulation;

/// <summary>A simulated run: the same report a load test gives, and every decision taken.</summary>
public sealed record SimulationResult(ScoredRun Report, IReadOnlyList<SimulatedDecision> Decisions);

/// <summary>One decision: when, the signals it saw, and what was asked for after the bounds.</summary>
public sealed record SimulatedDecision(double AtSeconds, PoolSignals Signals, ScalingDecision Decision);

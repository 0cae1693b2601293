namespace Arbiter.Autoscaling.Control;

/// <summary>An actuator's view of a pool: the replicas asked for, those ready for work, those
/// still starting and those draining, and the start-up time it has measured (null until one has
/// started).</summary>
public sealed record ReplicaCounts(int Desired, int Ready, int Starting, int Draining, double? StartupSeconds = null);

namespace Arbiter.Autoscaling.Simulation;

/// <summary>One replica of the simulated pool.</summary>
internal sealed class SimulatedReplica(int id)
{
    public int Id { get; } = id;

    public ReplicaState State { get; set; } = ReplicaState.Starting;

    /// <summary>Asked to drain; takes no more work once <see cref="State"/> is Draining.</summary>
    public bool DrainRequested { get; set; }

    public int Busy { get; set; }

    /// <summary>Jobs this replica has started, to tell when its warm-up is over.</summary>
    public long Started { get; set; }

    /// <summary>How long this replica's start takes (or took), in seconds.</summary>
    public double StartupSeconds { get; set; }

    /// <summary>On the free-slot stack now (so it is never pushed twice).</summary>
    public bool Listed { get; set; }

    public bool AcceptsWork => State == ReplicaState.Ready;
}

internal enum ReplicaState
{
    Starting,
    Ready,
    Draining,
    Gone,
}

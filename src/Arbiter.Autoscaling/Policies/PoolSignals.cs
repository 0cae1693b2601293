namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// What a policy sees of one worker pool at a decision, over the window since the last one:
/// arrivals, the queue now, the slots busy on average, the service times measured, and the
/// replicas (ready, starting, draining, and the count last asked for), and the measured start-up
/// time, service-time coefficient of variation and mean queue wait (of the jobs that started in
/// the window) when known. The same record comes from
/// the store in a real deployment and from the simulator, so a policy cannot tell them apart.
/// </summary>
public sealed record PoolSignals(
    TimeSpan At,
    TimeSpan Window,
    long Arrivals,
    long QueueDepth,
    TimeSpan OldestWait,
    double BusySlots,
    long Completed,
    double? MeanServiceSeconds,
    int ReadyReplicas,
    int StartingReplicas,
    int DrainingReplicas,
    int DesiredReplicas,
    int SlotsPerReplica,
    double? StartupSeconds = null,
    double? ServiceCv = null,
    double? MeanWaitSeconds = null)
{
    /// <summary>Requests per second over the window.</summary>
    public double ArrivalRate => Window > TimeSpan.Zero ? Arrivals / Window.TotalSeconds : 0;

    /// <summary>Busy slots over ready slots (0–1); 0 with nothing ready.</summary>
    public double Utilisation => ReadyReplicas * SlotsPerReplica > 0 ? Math.Min(1, BusySlots / (ReadyReplicas * SlotsPerReplica)) : 0;
}

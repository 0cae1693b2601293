namespace Arbiter.Autoscaling.Control;

/// <summary>A pool's load over a window as the store shows it: submissions made, waiting now and
/// the oldest one's wait, slots busy on average, jobs finished with their service times' mean and
/// coefficient of variation, the workers alive (heartbeat within 12 s) that take its languages, and the
/// mean time in queue of the jobs that started in the window.</summary>
public sealed record LoadSignals(
    long Arrivals,
    long QueueDepth,
    TimeSpan OldestWait,
    double BusySlots,
    long Completed,
    double? MeanServiceSeconds,
    double? ServiceCv,
    int LiveWorkers,
    double? MeanWaitSeconds = null);

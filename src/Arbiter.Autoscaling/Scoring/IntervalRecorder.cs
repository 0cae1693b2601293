namespace Arbiter.Autoscaling.Scoring;

/// <summary>
/// Collects a run's outcomes into fixed intervals: each request counts in the interval it was
/// sent in (as the paper's batches do), and replica counts sampled at any moment are averaged per
/// interval (an interval with no sample keeps the last one seen). Used alike by the load test and
/// the simulator, so both score the same way. Not thread-safe: callers serialise.
/// </summary>
public sealed class IntervalRecorder
{
    private readonly List<Slot> _slots = [];
    private readonly LatencyHistogram _all = new();

    public IntervalRecorder(double intervalSeconds)
    {
        if (!double.IsFinite(intervalSeconds) || intervalSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intervalSeconds), intervalSeconds, "the interval must be a positive number of seconds");
        }

        IntervalSeconds = intervalSeconds;
    }

    public double IntervalSeconds { get; }

    public long Sent { get; private set; }

    public long Succeeded { get; private set; }

    public long Failed { get; private set; }

    /// <summary>A request was sent at <paramref name="sentAt"/> seconds from the start.</summary>
    public void RecordSent(double sentAt)
    {
        SlotAt(sentAt).Sent++;
        Sent++;
    }

    /// <summary>A request sent at <paramref name="sentAt"/> answered after <paramref name="latencySeconds"/>.</summary>
    public void Success(double sentAt, double latencySeconds)
    {
        var slot = SlotAt(sentAt);
        slot.Latencies.Add(latencySeconds);
        _all.Add(latencySeconds);
        Succeeded++;
    }

    /// <summary>A request sent at <paramref name="sentAt"/> that failed (an error, or no answer in time).</summary>
    public void Failure(double sentAt)
    {
        SlotAt(sentAt).Failed++;
        Failed++;
    }

    public void Replicas(double at, double replicas)
    {
        var slot = SlotAt(at);
        slot.ReplicaSum += replicas;
        slot.ReplicaSamples++;
    }

    public double OverallPercentile(double p) => _all.Percentile(p);

    public double OverallMean => _all.Mean;

    /// <summary>The intervals from 0 to <paramref name="durationSeconds"/> (the last one shorter
    /// when the duration is not a whole number of intervals).</summary>
    public IReadOnlyList<IntervalStats> Build(double durationSeconds)
    {
        var count = Math.Max(_slots.Count, (int)Math.Ceiling(durationSeconds / IntervalSeconds - 1e-9));
        var result = new List<IntervalStats>(count);
        var replicas = 0.0;
        for (var i = 0; i < count; i++)
        {
            var slot = i < _slots.Count ? _slots[i] : new Slot();
            if (slot.ReplicaSamples > 0)
            {
                replicas = slot.ReplicaSum / slot.ReplicaSamples;
            }

            var start = i * IntervalSeconds;
            var length = i == count - 1 && durationSeconds > start && durationSeconds < start + IntervalSeconds
                ? durationSeconds - start
                : IntervalSeconds;
            result.Add(new IntervalStats(start, length, slot.Sent, slot.Latencies.Count, slot.Failed,
                slot.Latencies.Mean, slot.Latencies.Percentile(0.5), slot.Latencies.Percentile(0.95), replicas));
        }

        return result;
    }

    private Slot SlotAt(double seconds)
    {
        var index = Math.Max(0, (int)Math.Floor(seconds / IntervalSeconds));
        while (_slots.Count <= index)
        {
            _slots.Add(new Slot());
        }

        return _slots[index];
    }

    private sealed class Slot
    {
        public long Sent;
        public long Failed;
        public double ReplicaSum;
        public int ReplicaSamples;
        public readonly LatencyHistogram Latencies = new();
    }
}

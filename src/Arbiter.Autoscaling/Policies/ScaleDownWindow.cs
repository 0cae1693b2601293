namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// How long the predictive policy keeps a replica after the need for it has gone: it scales down
/// only to the highest need of the last <see cref="Intervals"/> intervals.
/// <para>An operator's <see cref="PolicySettings.ScaleDownHold"/> fixes it. Otherwise it starts at
/// <see cref="DefaultIntervals"/> and learns from the pool: a scale-down undone by a scale-up within
/// <see cref="FlipSeconds"/> lengthens it by an interval (to at most <see cref="MaxSeconds"/>), and
/// <see cref="CalmSeconds"/> without such a flip shortens it by one again. Why: in the simulator a
/// flip costs only the replica's start-up, so a short hold wins there; on real machines the
/// replacement's start competes with the jobs for the same cores and its first jobs run cold, and
/// the full-day replay paid for its 14–25 flips in waiting (a fixed 15-second hold met the goal
/// there, but cost the course deadline's climb a third of its lead in simulation, where nothing
/// flips and a hold only keeps replicas).</para>
/// </summary>
internal sealed class ScaleDownWindow
{
    /// <summary>The hold before any flip: the highest need of this interval and the last.</summary>
    public const int DefaultIntervals = 2;

    /// <summary>A scale-up this soon after a scale-down undoes it: the replica given up was needed
    /// again before a replacement could have paid for its start.</summary>
    public const double FlipSeconds = 30;

    /// <summary>The longest a learned hold grows: a 30-second hold cut the full-day replay's flips
    /// from 25 to 6, and longer ones only keep replicas through real troughs.</summary>
    public const double MaxSeconds = 30;

    /// <summary>A stretch without a flip after which the hold shortens by an interval (the HPA's
    /// own scale-down window), so a pool past its noisy hours gives replicas up promptly again.</summary>
    public const double CalmSeconds = 300;

    private readonly List<int> _needs = [];
    private readonly double _interval;
    private readonly bool _fixed;
    private readonly int _maxIntervals;
    private double _now;
    private double _lastDown = double.NegativeInfinity;
    private double _lastAdjusted;

    public ScaleDownWindow(TimeSpan interval, TimeSpan? configured)
    {
        _interval = interval.TotalSeconds;
        _fixed = configured is not null;
        Intervals = configured is { } hold ? Math.Max(1, (int)Math.Ceiling(hold / interval)) : DefaultIntervals;
        _maxIntervals = _fixed ? Intervals : Math.Max(DefaultIntervals, (int)Math.Ceiling(MaxSeconds / _interval));
    }

    /// <summary>The intervals whose highest need a scale-down may not go below.</summary>
    public int Intervals { get; private set; }

    /// <summary>The hold in seconds, for the decision's log line.</summary>
    public double Seconds => Intervals * _interval;

    /// <summary>Records this interval's need and returns the highest need the hold still covers.</summary>
    public int Cover(int need)
    {
        _needs.Add(need);
        if (_needs.Count > _maxIntervals)
        {
            _needs.RemoveAt(0);
        }

        var highest = need;
        for (var i = Math.Max(0, _needs.Count - Intervals); i < _needs.Count; i++)
        {
            highest = Math.Max(highest, _needs[i]);
        }

        return highest;
    }

    /// <summary>Learns from this interval's decision: <paramref name="replicas"/> asked for where
    /// <paramref name="current"/> were asked before.</summary>
    public void Decided(int replicas, int current)
    {
        _now += _interval;
        if (replicas < current)
        {
            _lastDown = _now;
        }
        else if (replicas > current && _now - _lastDown <= FlipSeconds)
        {
            _lastDown = double.NegativeInfinity;
            _lastAdjusted = _now;
            Intervals = Math.Min(_maxIntervals, Intervals + 1);
        }
        else if (!_fixed && Intervals > DefaultIntervals && _now - _lastAdjusted >= CalmSeconds)
        {
            _lastAdjusted = _now;
            Intervals--;
        }
    }
}

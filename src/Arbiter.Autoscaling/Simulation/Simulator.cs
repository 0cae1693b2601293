using Arbiter.Autoscaling.Policies;
using Arbiter.Autoscaling.Scoring;
using Arbiter.Autoscaling.Traces;

namespace Arbiter.Autoscaling.Simulation;

/// <summary>
/// A discrete-event simulation of one worker pool under a trace: requests arrive at the trace's
/// scheduled times into one first-come-first-served queue, each holds a slot for a service time
/// drawn (seeded) from <see cref="SimulationOptions.ServiceTimes"/> (longer on a replica still warming
/// up), replicas take the start-up time to begin work and drain before they go, and the policy
/// decides every interval from the same <see cref="PoolSignals"/> the real controller reads. A request answered after the timeout is a
/// failure; its job still runs (the client gave up, the server does not know), as in a real run.
/// Scored with the same recorder as the load test. Same trace, policy, options and seed: same result.
/// </summary>
public sealed class Simulator
{
    private readonly Trace _trace;
    private readonly IScalingPolicy _policy;
    private readonly SimulationOptions _options;
    private readonly Random _random;
    private readonly PriorityQueue<Event, (double, long)> _events = new();
    private readonly Queue<double> _waiting = new();
    private readonly Stack<SimulatedReplica> _free = new();
    private readonly List<SimulatedReplica> _replicas = [];
    private readonly IntervalRecorder _recorder;
    private readonly List<SimulatedDecision> _decisions = [];
    private readonly Queue<double> _startups = new();
    private IEnumerator<double>? _arrivals;
    private long _sequence;
    private int _nextReplicaId;
    private double _now;
    private int _desired;
    private int _busyAccepting;
    private double _busyIntegral;
    private double _lastChange;
    private double _busyAtLastTick;
    private long _windowArrivals;
    private long _windowCompleted;
    private double _windowService;
    private double _windowWait;
    private double _windowServiceSquares;

    public Simulator(Trace trace, IScalingPolicy policy, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _trace = trace;
        _policy = policy;
        _options = options;
        _random = new Random(options.Seed);
        _recorder = new IntervalRecorder(options.ScoreIntervalSeconds);
    }

    public SimulationResult Run()
    {
        var duration = (double)_trace.Seconds;
        _desired = _options.Bounds.Apply(new ScalingDecision(_options.InitialReplicas ?? _options.Bounds.Min, "initial")).Replicas;
        for (var i = 0; i < _desired; i++)
        {
            var replica = AddReplica();
            MakeReady(replica);
        }

        _arrivals = ArrivalSchedule.Arrivals(_trace, spacing: _options.Arrivals, seed: _options.Seed).GetEnumerator();
        ScheduleNextArrival();
        var interval = _options.Policy.Interval.TotalSeconds;
        for (var t = interval; t < duration; t += interval)
        {
            Schedule(t, new Event(EventKind.Tick, null, 0));
        }

        for (var s = 0; s < _trace.Seconds; s++)
        {
            Schedule(s, new Event(EventKind.Sample, null, 0));
        }

        while (_events.TryDequeue(out var next, out var key))
        {
            Advance(key.Item1);
            Handle(next);
        }

        // Whatever still waits was never answered (the pool was scaled to nothing).
        while (_waiting.TryDequeue(out var sentAt))
        {
            _recorder.Failure(sentAt);
        }

        var intervals = _recorder.Build(duration);
        var summary = RunSummary.From("simulation", _trace.Name, _policy.Name, _recorder, intervals, duration, _options.Penalty);
        return new SimulationResult(new ScoredRun(summary, intervals), _decisions);
    }

    private void Handle(Event e)
    {
        switch (e.Kind)
        {
            case EventKind.Arrival:
                _recorder.RecordSent(e.SentAt);
                _windowArrivals++;
                _waiting.Enqueue(e.SentAt);
                ScheduleNextArrival();
                Dispatch();
                break;
            case EventKind.Completion:
                Complete(e.Replica!, e.SentAt);
                break;
            case EventKind.Ready:
                if (e.Replica!.State == ReplicaState.Starting)
                {
                    Measured(e.Replica.StartupSeconds);
                    MakeReady(e.Replica);
                    Dispatch();
                }

                break;
            case EventKind.DrainNotice:
                StopAccepting(e.Replica!);
                break;
            case EventKind.Tick:
                Decide();
                break;
            case EventKind.Sample:
                _recorder.Replicas(_now, _replicas.Count(r => r.State != ReplicaState.Gone));
                break;
        }
    }

    private void Decide()
    {
        var window = _options.Policy.Interval.TotalSeconds;
        var signals = new PoolSignals(
            TimeSpan.FromSeconds(_now),
            TimeSpan.FromSeconds(window),
            _windowArrivals,
            _waiting.Count,
            _waiting.Count > 0 ? TimeSpan.FromSeconds(_now - _waiting.Peek()) : TimeSpan.Zero,
            (_busyIntegral - _busyAtLastTick) / window,
            _windowCompleted,
            _windowCompleted > 0 ? _windowService / _windowCompleted : null,
            _replicas.Count(r => r.State == ReplicaState.Ready && !r.DrainRequested),
            _replicas.Count(r => r.State == ReplicaState.Starting),
            _replicas.Count(r => r.DrainRequested && r.State != ReplicaState.Gone),
            _desired,
            _options.SlotsPerReplica,
            MeasuredStartupSeconds(),
            Cv(_windowCompleted, _windowService, _windowServiceSquares),
            _windowCompleted > 0 ? _windowWait / _windowCompleted : null);
        _busyAtLastTick = _busyIntegral;
        _windowArrivals = 0;
        _windowCompleted = 0;
        _windowService = 0;
        _windowWait = 0;
        _windowServiceSquares = 0;
        var decision = _options.Bounds.Apply(_policy.Decide(signals));
        _decisions.Add(new SimulatedDecision(_now, signals, decision));
        ScaleTo(decision.Replicas);
    }

    /// <summary>The coefficient of variation of n service times from their sum and sum of squares.</summary>
    internal static double? Cv(long n, double sum, double squares)
    {
        if (n < 2 || sum <= 0)
        {
            return null;
        }

        var mean = sum / n;
        var variance = Math.Max(0, (squares / n) - (mean * mean));
        return Math.Sqrt(variance) / mean;
    }

    private void ScaleTo(int replicas)
    {
        _desired = replicas;
        var kept = _replicas.Where(r => r.State is ReplicaState.Starting or ReplicaState.Ready && !r.DrainRequested).ToList();
        var startup = StartupOf(replicas - kept.Count);
        for (var i = kept.Count; i < replicas; i++)
        {
            var replica = AddReplica();
            replica.StartupSeconds = startup;
            Schedule(_now + replica.StartupSeconds, new Event(EventKind.Ready, replica, 0));
        }

        var surplus = kept.Count - replicas;
        // Cancel replicas still starting first (newest first), then drain the idlest ready ones.
        foreach (var replica in kept.Where(r => r.State == ReplicaState.Starting).Reverse()
            .Concat(kept.Where(r => r.State == ReplicaState.Ready).OrderBy(r => r.Busy)))
        {
            if (surplus-- <= 0)
            {
                break;
            }

            replica.DrainRequested = true;
            if (replica.State == ReplicaState.Starting)
            {
                replica.State = ReplicaState.Gone;
            }
            else if (_options.DrainNoticeSeconds > 0)
            {
                Schedule(_now + _options.DrainNoticeSeconds, new Event(EventKind.DrainNotice, replica, 0));
            }
            else
            {
                StopAccepting(replica);
            }
        }

        _replicas.RemoveAll(r => r.State == ReplicaState.Gone);
    }

    /// <summary>The start-up of each of <paramref name="added"/> replicas asked for now: the
    /// configured one, longer when they and those still starting outnumber
    /// <see cref="SimulationOptions.ConcurrentStartups"/> (those already starting keep the time they
    /// were given: a simplification).</summary>
    private double StartupOf(int added)
    {
        if (_options.ConcurrentStartups is not { } concurrent || added <= 0)
        {
            return _options.StartupSeconds;
        }

        var starting = _replicas.Count(r => r.State == ReplicaState.Starting) + added;
        return _options.StartupSeconds * Math.Max(1, starting / (double)concurrent);
    }

    /// <summary>The start-up the policy is told: with <see cref="SimulationOptions.ConcurrentStartups"/>,
    /// the mean of the last ten measured, as the local actuator reports it (the configured one until
    /// a replica has started); without it, exactly the configured one, as before the option.</summary>
    private double MeasuredStartupSeconds() =>
        _options.ConcurrentStartups is null || _startups.Count == 0 ? _options.StartupSeconds : _startups.Average();

    private void Measured(double startupSeconds)
    {
        _startups.Enqueue(startupSeconds);
        if (_startups.Count > 10)
        {
            _startups.Dequeue();
        }
    }

    private void StopAccepting(SimulatedReplica replica)
    {
        if (replica.State != ReplicaState.Ready)
        {
            return;
        }

        replica.State = ReplicaState.Draining;
        _busyAccepting -= replica.Busy;
        if (replica.Busy == 0)
        {
            replica.State = ReplicaState.Gone;
            _replicas.Remove(replica);
        }
    }

    private void Complete(SimulatedReplica replica, double sentAt)
    {
        replica.Busy--;
        if (replica.AcceptsWork)
        {
            _busyAccepting--;
        }

        var latency = _now - sentAt;
        if (latency <= _options.TimeoutSeconds)
        {
            _recorder.Success(sentAt, latency);
        }
        else
        {
            _recorder.Failure(sentAt);
        }

        if (replica.State == ReplicaState.Draining && replica.Busy == 0)
        {
            replica.State = ReplicaState.Gone;
            _replicas.Remove(replica);
            return;
        }

        List(replica);
        Dispatch();
    }

    private void Dispatch()
    {
        while (_waiting.Count > 0 && _free.TryPop(out var replica))
        {
            replica.Listed = false;
            if (!replica.AcceptsWork || replica.Busy >= _options.SlotsPerReplica)
            {
                continue;
            }

            var sentAt = _waiting.Dequeue();
            replica.Busy++;
            _busyAccepting++;
            var service = _options.ServiceTimes.Draw(_random);
            if (replica.Started++ < _options.WarmupJobs)
            {
                service *= _options.WarmupServiceFactor;
            }

            _windowCompleted++;
            _windowService += service;
            _windowWait += _now - sentAt;
            _windowServiceSquares += service * service;
            Schedule(_now + service, new Event(EventKind.Completion, replica, sentAt));
            List(replica);
        }
    }

    private void List(SimulatedReplica replica)
    {
        if (!replica.Listed && replica.AcceptsWork && replica.Busy < _options.SlotsPerReplica)
        {
            replica.Listed = true;
            _free.Push(replica);
        }
    }

    private SimulatedReplica AddReplica()
    {
        var replica = new SimulatedReplica(_nextReplicaId++);
        _replicas.Add(replica);
        return replica;
    }

    private void MakeReady(SimulatedReplica replica)
    {
        replica.State = ReplicaState.Ready;
        List(replica);
    }

    private void ScheduleNextArrival()
    {
        if (_arrivals!.MoveNext())
        {
            Schedule(_arrivals.Current, new Event(EventKind.Arrival, null, _arrivals.Current));
        }
    }

    private void Schedule(double at, Event e) => _events.Enqueue(e, (at, _sequence++));

    private void Advance(double to)
    {
        _busyIntegral += _busyAccepting * (to - _lastChange);
        _lastChange = to;
        _now = to;
    }

    private enum EventKind
    {
        Arrival,
        Completion,
        Ready,
        DrainNotice,
        Tick,
        Sample,
    }

    private sealed record Event(EventKind Kind, SimulatedReplica? Replica, double SentAt);
}

using Arbiter.Autoscaling.Policies;
using Arbiter.Autoscaling.Scoring;
using Arbiter.Autoscaling.Traces;

namespace Arbiter.Autoscaling.Simulation;

/// <summary>
/// How a simulated pool behaves: slots per replica, how long a replica takes to start and to notice
/// it should drain, the client's timeout, the scoring intervals, the bounds and the seed.
/// </summary>
public sealed record SimulationOptions
{
    public required IServiceTimes ServiceTimes { get; init; }

    public PolicySettings Policy { get; init; } = new();

    public ScalingBounds Bounds { get; init; } = new(1, 10);

    public int SlotsPerReplica { get; init; } = 1;

    /// <summary>From asking for a replica to its first job, in seconds.</summary>
    public double StartupSeconds { get; init; } = 10;

    /// <summary>How many replicas start at full speed at once; beyond that they share the
    /// capacity: replicas asked for while k are starting (they included) take
    /// <see cref="StartupSeconds"/> × k / this each. Null: any number start at full speed (a cluster
    /// with nodes to spare). On a small machine starts compete for its cores: here two workers
    /// started together took 3.4–3.5 s where one took 1.2–1.8 s, about 1.</summary>
    public int? ConcurrentStartups { get; init; }

    /// <summary>From asking a replica to drain to its taking no more work (a worker reads its
    /// drain flag at its next heartbeat), in seconds.</summary>
    public double DrainNoticeSeconds { get; init; }

    /// <summary>A new replica's first this-many jobs run slower, by <see cref="WarmupServiceFactor"/>:
    /// its runtime is still compiling the code they take. Here, with the runtime's defaults, a worker
    /// used 7–10 % of a core for its first ~90 jobs and 2 % after, and a busy pool's jobs took about
    /// 6 % longer meanwhile; without dynamic PGO, as workers now run, its first 10 jobs took about
    /// 4 % longer and the rest none (docs/autoscaling.md). Replicas ready at the start warm up too,
    /// as a replay's first worker does. 0 (the default): no warm-up.</summary>
    public int WarmupJobs { get; init; }

    /// <summary>A warming replica's job takes its drawn service time × this (at least 1).</summary>
    public double WarmupServiceFactor { get; init; } = 1;

    /// <summary>Replicas ready at the start; the lower bound when not given.</summary>
    public int? InitialReplicas { get; init; }

    /// <summary>A request not answered within this many seconds failed (the paper's 30 s).</summary>
    public double TimeoutSeconds { get; init; } = 30;

    /// <summary>The scoring intervals (the paper's 5-second batches).</summary>
    public double ScoreIntervalSeconds { get; init; } = 5;

    public PenaltyOptions Penalty { get; init; } = new();

    /// <summary>Seeds the service times and, when <see cref="Arrivals"/> is random, the arrivals
    /// (the load test's <c>--seed</c> gives the same arrivals).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How each second's requests are placed within it.</summary>
    public ArrivalSpacing Arrivals { get; init; } = ArrivalSpacing.Even;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ServiceTimes);
        Policy.Validate();
        Bounds.Validate();
        Penalty.Validate();
        Check(SlotsPerReplica is >= 1 and <= 1024, "slots per replica must be 1 to 1024");
        Check(double.IsFinite(StartupSeconds) && StartupSeconds is >= 0 and <= 3600, "the start-up time must be 0 to 3600 s");
        Check(ConcurrentStartups is null or (>= 1 and <= 100_000), "the concurrent start-ups must be 1 to 100000");
        Check(double.IsFinite(DrainNoticeSeconds) && DrainNoticeSeconds is >= 0 and <= 3600, "the drain notice must be 0 to 3600 s");
        Check(WarmupJobs is >= 0 and <= 1_000_000, "the warm-up jobs must be 0 to 1000000");
        Check(double.IsFinite(WarmupServiceFactor) && WarmupServiceFactor is >= 1 and <= 100, "the warm-up factor must be 1 to 100");
        Check(InitialReplicas is null or (>= 0 and <= 100_000), "the initial replicas must be 0 to 100000");
        Check(double.IsFinite(TimeoutSeconds) && TimeoutSeconds is > 0 and <= 3600, "the timeout must be above 0 and at most 3600 s");
        Check(double.IsFinite(ScoreIntervalSeconds) && ScoreIntervalSeconds is > 0 and <= 3600, "the score interval must be above 0 and at most 3600 s");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }
}

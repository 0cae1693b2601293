using Arbiter.Autoscaling.Scoring;
using Arbiter.Autoscaling.Traces;

namespace Arbiter.Autoscaling.LoadTesting;

/// <summary>
/// One load test: where (only this server is contacted), what each request submits (the paper's
/// <c>print("hello there")</c> in Python by default), how long a request may take before it counts
/// as failed (the paper's 30 s), and how the run is scored.
/// </summary>
public sealed record LoadTestOptions
{
    public const string DefaultLanguage = "python3";
    public const string DefaultSource = "print(\"hello there\")\n";

    public required Uri Server { get; init; }

    public string? ApiKey { get; init; }

    public string Language { get; init; } = DefaultLanguage;

    public string Source { get; init; } = DefaultSource;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public long MaxRequests { get; init; } = long.MaxValue;

    public double BatchSeconds { get; init; } = 5;

    public PenaltyOptions Penalty { get; init; } = new();

    /// <summary>How each second's requests are placed within it, and the seed of random placement
    /// (the same seed as a simulation's gives the same arrivals).</summary>
    public ArrivalSpacing Arrivals { get; init; } = ArrivalSpacing.Even;

    public int Seed { get; init; } = 1;

    /// <summary>How often the live workers are counted (the replicas of the score).</summary>
    public TimeSpan ReplicaSampleInterval { get; init; } = TimeSpan.FromSeconds(1);
}

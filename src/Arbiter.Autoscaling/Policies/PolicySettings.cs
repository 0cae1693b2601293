using Arbiter.Autoscaling.Scoring;

namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// What the policies are tuned with; every default is the paper's or Kubernetes' own unless it
/// says otherwise.
/// </summary>
public sealed record PolicySettings
{
    /// <summary>Between decisions (the paper forecasts one 10-second step ahead).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The HPA's target utilisation: busy slots over ready slots (the paper's 75 % CPU).</summary>
    public double TargetUtilisation { get; init; } = 0.75;

    /// <summary>The HPA leaves the count alone while |utilisation/target − 1| is within this (Kubernetes: 0.1).</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>The HPA scales down only to the highest recommendation of this window (Kubernetes: 5 minutes).</summary>
    public TimeSpan ScaleDownStabilisation { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The predictive policy scales down only to the highest need of this long a window
    /// (Arbiter's own; null: learned, see <see cref="ScaleDownWindow"/>). A longer
    /// hold keeps a replica through a dip of one or two intervals instead of giving it up and
    /// starting another, which pays its start-up in waiting.</summary>
    public TimeSpan? ScaleDownHold { get; init; }

    /// <summary>Reactive recommendations the forecasting policies learn from (the paper: 12).</summary>
    public int History { get; init; } = 12;

    /// <summary>Neighbours the KNN forecast averages.</summary>
    public int Neighbours { get; init; } = 3;

    /// <summary>The service time assumed before any is measured, in seconds.</summary>
    public double ServiceSeconds { get; init; } = 0.5;

    /// <summary>From asking for a replica to its taking work, in seconds, when not measured.</summary>
    public double StartupSeconds { get; init; } = 10;

    /// <summary>The score the predictive policy minimises (the same one the runs are judged by).</summary>
    public PenaltyOptions Penalty { get; init; } = new();

    public void Validate()
    {
        Check(Interval > TimeSpan.Zero && Interval <= TimeSpan.FromHours(1), "the interval must be above 0 and at most an hour");
        Check(TargetUtilisation is > 0 and <= 1, "the target utilisation must be above 0 and at most 1");
        Check(Tolerance is >= 0 and < 1, "the tolerance must be from 0 to below 1");
        Check(ScaleDownStabilisation >= TimeSpan.Zero && ScaleDownStabilisation <= TimeSpan.FromHours(1), "the scale-down stabilisation must be 0 to an hour");
        Check(ScaleDownHold is null || (ScaleDownHold >= TimeSpan.Zero && ScaleDownHold <= TimeSpan.FromHours(1)), "the scale-down hold must be 0 to an hour");
        Check(History is >= 2 and <= 1000, "the history must be 2 to 1000 recommendations");
        Check(Neighbours >= 1 && Neighbours <= History, "the neighbours must be 1 to the history length");
        Check(double.IsFinite(ServiceSeconds) && ServiceSeconds > 0 && ServiceSeconds <= 3600, "the service time must be above 0 and at most an hour");
        Check(double.IsFinite(StartupSeconds) && StartupSeconds is >= 0 and <= 3600, "the start-up time must be 0 to an hour");
        Penalty.Validate();
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }
}

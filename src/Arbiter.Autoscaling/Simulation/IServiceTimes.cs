namespace Arbiter.Autoscaling.Simulation;

/// <summary>Where the simulator draws each job's service time (seconds) from.</summary>
public interface IServiceTimes
{
    /// <summary>The mean, for reports and as the policies' prior.</summary>
    double Mean { get; }

    double Draw(Random random);
}

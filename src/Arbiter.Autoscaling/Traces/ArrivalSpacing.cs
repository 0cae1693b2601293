namespace Arbiter.Autoscaling.Traces;

/// <summary>How <see cref="ArrivalSchedule"/> places each second's requests within it.</summary>
public enum ArrivalSpacing
{
    /// <summary>Evenly spaced, at (k + ½)/n: the least variable arrivals a trace allows.</summary>
    Even,

    /// <summary>At independent uniform times within the second (seeded): given the second's count,
    /// that is how a Poisson stream arrives, as requests from many independent users do.</summary>
    Random,
}

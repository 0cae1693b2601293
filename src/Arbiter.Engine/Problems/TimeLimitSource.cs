namespace Arbiter.Engine.Problems;

/// <summary>Where a package's time limit came from.</summary>
public enum TimeLimitSource
{
    /// <summary>None given: the judge must calibrate it from the accepted submissions.</summary>
    Calibration,

    /// <summary><c>limits.time_limit</c> in <c>problem.yaml</c>.</summary>
    ProblemYaml,

    /// <summary>A DOMjudge-style <c>.timelimit</c> file in the package root.</summary>
    TimelimitFile,
}

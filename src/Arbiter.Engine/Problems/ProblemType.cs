namespace Arbiter.Engine.Problems;

/// <summary>Whether submissions are only accepted or rejected, or also given a score.</summary>
public enum ProblemType
{
    /// <summary>Accepted or rejected (the default).</summary>
    PassFail,

    /// <summary>An accepted submission also gets a non-negative score.</summary>
    Scoring,
}

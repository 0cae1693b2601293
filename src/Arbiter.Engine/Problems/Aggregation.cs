namespace Arbiter.Engine.Problems;

/// <summary>How a group's score is computed from its test cases and subgroups.</summary>
public enum Aggregation
{
    /// <summary>Full score if every test below is accepted, else 0 (2023-07 <c>pass-fail</c>).</summary>
    PassFail,

    /// <summary>Sum of the items' scores (legacy and 2023-07 <c>sum</c>).</summary>
    Sum,

    /// <summary>Minimum of the items' scores (legacy and 2023-07 <c>min</c>).</summary>
    Min,

    /// <summary>Maximum of the items' scores (legacy grader <c>max</c>).</summary>
    Max,

    /// <summary>Average of the items' scores (legacy grader <c>avg</c>).</summary>
    Average,
}

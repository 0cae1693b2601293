namespace Arbiter.Engine.Problems;

/// <summary>Which version of the Kattis/ICPC problem package format a package declares.</summary>
public enum ProblemFormat
{
    /// <summary><c>legacy</c> (the default when <c>problem_format_version</c> is absent).</summary>
    Legacy,

    /// <summary><c>2023-07-draft</c> and its successors (<c>2023-07</c>, <c>2025-09</c>, <c>draft</c>).</summary>
    Draft2023,
}

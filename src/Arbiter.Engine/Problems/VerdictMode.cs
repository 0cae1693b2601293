namespace Arbiter.Engine.Problems;

/// <summary>How a group's verdict is computed from its items' verdicts (legacy grader modes).</summary>
public enum VerdictMode
{
    /// <summary>The verdict of the first rejected item in order (2023-07, and Arbiter's default).</summary>
    FirstError,

    /// <summary>The worst rejected verdict: IE, RE, MLE, TLE, OLE, WA in that order (legacy <c>worst_error</c>).</summary>
    WorstError,

    /// <summary>Always accepted (legacy <c>always_accept</c>).</summary>
    AlwaysAccept,
}

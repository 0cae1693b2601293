namespace Arbiter.Engine;

/// <summary>A judgement, of one test or of a whole submission. Normal outcomes are values.</summary>
public enum Verdict
{
    /// <summary>Accepted.</summary>
    AC,

    /// <summary>Wrong answer: the output validator rejected the output.</summary>
    WA,

    /// <summary>Time limit exceeded (CPU or wall).</summary>
    TLE,

    /// <summary>Memory limit exceeded.</summary>
    MLE,

    /// <summary>Output limit exceeded.</summary>
    OLE,

    /// <summary>Run-time error: non-zero exit or a signal.</summary>
    RE,

    /// <summary>Compile error (submission level), including banned functions.</summary>
    CE,

    /// <summary>Internal error: the judge failed, not the submission (submission level).</summary>
    IE,
}

using Arbiter.Engine.Analysis.Diff;

namespace Arbiter.Engine.Judging;

/// <summary>One test's judgement.</summary>
/// <param name="Path">The test's path in the package ("secret/group1/03").</param>
/// <param name="IsSample">Whether it is a sample test (shown in full to students).</param>
/// <param name="Verdict">AC, WA, TLE, MLE, OLE, RE, or IE when checking itself failed.</param>
/// <param name="Message">The validator's or the sandbox's words ("line 3: expected 42, got 41").</param>
/// <param name="CpuTimeMs">CPU time of the run.</param>
/// <param name="WallTimeMs">Wall time of the run.</param>
/// <param name="MemoryKiB">Peak memory of the run.</param>
/// <param name="CheckMs">Time spent checking the output.</param>
/// <param name="Score">The test's score, when its validator gave one.</param>
/// <param name="Diff">For a wrong answer: expected against actual output, line by line (bounded).</param>
/// <param name="Stderr">The beginning of what the program wrote to stderr.</param>
public sealed record TestResult(
    string Path,
    bool IsSample,
    Verdict Verdict,
    string? Message,
    double CpuTimeMs,
    double WallTimeMs,
    long MemoryKiB,
    double CheckMs,
    double? Score = null,
    OutputDiffResult? Diff = null,
    string? Stderr = null);

using Arbiter.Engine.Analysis.Diff;
using Arbiter.Engine.Analysis.Valgrind;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Reports;

/// <summary>What `arbiter judge --json` prints. <c>RevealSecretTests</c> is the problem's
/// setting: whether the service shows students the details of secret tests. <c>Warnings</c> say
/// where the judge could not do as the package asks.</summary>
public sealed record JudgeReport(
    string Problem,
    string Language,
    Verdict Verdict,
    double Score,
    double? MaxScore,
    string? Message,
    double TimeLimitMs,
    string? TimeLimitSource,
    CompileOutcome Compile,
    IReadOnlyList<JudgeReport.Test> Tests,
    IReadOnlyList<string> FailedTests,
    IReadOnlyList<GroupScore> Groups,
    ValgrindReport? Valgrind,
    StepTimes Times,
    bool RevealSecretTests = false)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static JudgeReport From(string problem, string language, JudgeResult result, bool revealSecretTests = false) => new(
        problem,
        language,
        result.Verdict,
        result.Score,
        double.IsFinite(result.MaxScore) ? result.MaxScore : null,
        result.Message,
        result.TimeLimit.TotalMilliseconds,
        result.TimeLimitSource,
        result.Compile,
        result.Tests.Select(t => new Test(t.Path, t.IsSample, t.Verdict, t.CpuTimeMs, t.WallTimeMs, t.MemoryKiB, t.CheckMs, t.Message, t.Score, t.Diff, t.Stderr)).ToList(),
        result.FailedTests,
        result.Groups,
        result.Valgrind,
        result.Times,
        revealSecretTests)
    {
        Warnings = result.Warnings,
    };

    public sealed record Test(
        string Name,
        bool Sample,
        Verdict Verdict,
        double CpuTimeMs,
        double WallTimeMs,
        long MemoryKiB,
        double CheckMs,
        string? Message,
        double? Score,
        OutputDiffResult? Diff,
        string? Stderr);
}

using Arbiter.Engine.Analysis.Diagnostics;
using Arbiter.Engine.Analysis.Functions;
using Arbiter.Engine.Analysis.Valgrind;
using Arbiter.Engine.Scoring;

namespace Arbiter.Engine.Judging;

/// <summary>A submission's judgement: its verdict and score, the compilation, every test, and the
/// time each step took.</summary>
public sealed record JudgeResult
{
    public required Verdict Verdict { get; init; }

    public double Score { get; init; }

    public double MaxScore { get; init; }

    /// <summary>Why, in a sentence, when the verdict needs one (CE, IE, a banned function).</summary>
    public string? Message { get; init; }

    public required CompileOutcome Compile { get; init; }

    public IReadOnlyList<TestResult> Tests { get; init; } = [];

    /// <summary>Paths of the tests that were not accepted, in judging order.</summary>
    public IReadOnlyList<string> FailedTests { get; init; } = [];

    public IReadOnlyList<GroupScore> Groups { get; init; } = [];

    public required StepTimes Times { get; init; }

    /// <summary>Memcheck's report on one test, when the problem asks for valgrind.</summary>
    public ValgrindReport? Valgrind { get; init; }

    /// <summary>The time limit the tests ran with, and where it came from.</summary>
    public TimeSpan TimeLimit { get; init; }

    public string? TimeLimitSource { get; init; }

    /// <summary>Where the judge could not do as the package asks (a limit the sandbox cannot
    /// honour) and what it did instead, one sentence each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>The compilation as a submitter sees it: the compiler's words, parsed diagnostics,
/// and the problem's source rules that were broken (banned functions and words).</summary>
public sealed record CompileOutcome(bool Succeeded, bool CacheHit, double TimeMs, string? Message, string Output, DiagnosticList Diagnostics)
{
    public IReadOnlyList<FunctionViolation> Violations { get; init; } = [];
}

/// <summary>Wall time of each step, in milliseconds. <see cref="CheckMs"/> is the span during which
/// at least one test's output was being checked: checks of parallel tests overlap, so their sum
/// could exceed <see cref="TotalMs"/>; this span never exceeds <see cref="TestsMs"/>.</summary>
public sealed record StepTimes(double CompileMs, double TestsMs, double CheckMs, double TotalMs);

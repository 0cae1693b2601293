using System.Diagnostics;
using System.Text;
using Arbiter.Engine.Analysis.Diff;
using Arbiter.Engine.Building;
using Arbiter.Engine.Checking;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Scoring;
using Arbiter.Engine.Tracing;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>Runs a submission on one test and checks it: plain (input file as stdin, output to the
/// validator) or interactive (see <see cref="Interaction"/>).</summary>
internal sealed class TestJudge(ISandbox sandbox, CompiledProgram program, OutputChecker checker, Interaction? interaction, SandboxLimits limits, CheckingClock checking)
{
    private const int ShownBytes = 16 * 1024;

    public async Task<(TestResult Result, TestOutcome Outcome)> JudgeAsync(TestCase test, IReadOnlyList<string> groupFlags, CancellationToken cancellationToken)
    {
        using var span = ArbiterTrace.Start(ArbiterTrace.Test);
        span?.SetTag("arbiter.test", test.Path);
        try
        {
            var judged = await JudgeOrThrowAsync(test, groupFlags, cancellationToken).ConfigureAwait(false);
            span?.SetTag("arbiter.verdict", judged.Outcome.Verdict.ToString());
            return judged;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The judge's own files failed it (a test file vanished or cannot be read): a judge
            // error that says why, never a crash of the judgement.
            var run = new SandboxResult { Status = RunStatus.IE };
            return (Result(test, run, Verdict.IE, $"cannot read the test's files: {e.Message}", 0), new TestOutcome(Verdict.IE));
        }
    }

    private async Task<(TestResult Result, TestOutcome Outcome)> JudgeOrThrowAsync(TestCase test, IReadOnlyList<string> groupFlags, CancellationToken cancellationToken)
    {
        if (interaction is not null)
        {
            return Result(test, await interaction.RunAsync(test, groupFlags, cancellationToken).ConfigureAwait(false));
        }

        var request = TestFiles.Into(ProgramRunner.Request(program, SandboxInput.FromFile(test.InputFile), limits, test.Args), test);
        var run = await sandbox.RunAsync(request, cancellationToken).ConfigureAwait(false);
        if (RunVerdict(run) is { } failed)
        {
            return (Result(test, run, failed, run.Message, 0), new TestOutcome(failed));
        }

        var started = Stopwatch.GetTimestamp();
        CheckResult check;
        using (checking.Measure())
        {
            check = await checker.CheckAsync(test, groupFlags, run.Stdout, cancellationToken).ConfigureAwait(false);
        }

        var checkMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var result = Result(test, run, check.Verdict, check.TeamMessage ?? check.Message, checkMs) with { Score = check.Score };
        if (check.Verdict == Verdict.WA)
        {
            result = result with { Diff = OutputDiff.Compute(File.ReadAllBytes(test.AnswerFile), run.Stdout, maxLines: 200) };
        }

        return (result, TestOutcome.FromCheck(check));
    }

    /// <summary>An interactive test's result; a submission stopped early has only its wall time.</summary>
    private static (TestResult, TestOutcome) Result(TestCase test, InteractionVerdict verdict)
    {
        var run = verdict.Run ?? new SandboxResult { Status = RunStatus.OK, WallTime = verdict.Elapsed };
        var result = Result(test, run, verdict.Verdict, verdict.Message, 0) with { Score = verdict.Verdict == Verdict.AC ? verdict.Outcome.Score : null };
        return (result, verdict.Outcome);
    }

    private static Verdict? RunVerdict(SandboxResult run) => run.Status switch
    {
        RunStatus.OK => null,
        RunStatus.TLE => Verdict.TLE,
        RunStatus.MLE => Verdict.MLE,
        RunStatus.OLE => Verdict.OLE,
        RunStatus.RE => Verdict.RE,
        _ => Verdict.IE,
    };

    private static TestResult Result(TestCase test, SandboxResult run, Verdict verdict, string? message, double checkMs) => new(
        test.Path,
        test.IsSample,
        verdict,
        message,
        Math.Round(run.CpuTime.TotalMilliseconds, 3),
        Math.Round(run.WallTime.TotalMilliseconds, 3),
        run.MemoryBytes / 1024,
        Math.Round(checkMs, 3),
        Stderr: run.Stderr.Length == 0 ? null : Head(run.Stderr));

    private static string Head(byte[] bytes) => Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, ShownBytes));
}

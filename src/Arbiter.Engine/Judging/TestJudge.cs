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
/// validator) or interactive (see <see cref="Interaction"/>). A multi-pass problem
/// (<paramref name="passes"/> above 1) runs the submission again on the validator's
/// <c>nextpass.in</c> while the validator accepts and writes one, each pass with the test's limits,
/// up to <c>limits.validation_passes</c> (asking for more is the validator's error, IE).</summary>
internal sealed class TestJudge(
    ISandbox sandbox,
    CompiledProgram program,
    OutputChecker checker,
    Interaction? interaction,
    SandboxLimits limits,
    CheckingClock checking,
    int passes = 1)
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

        var input = SandboxInput.FromFile(test.InputFile);
        for (var pass = 1; ; pass++)
        {
            var request = TestFiles.Into(ProgramRunner.Request(program, input, limits, test.Args), test);
            var run = await sandbox.RunAsync(request, cancellationToken).ConfigureAwait(false);
            if (RunVerdict(run) is { } failed)
            {
                return (Result(test, run, failed, InPass(pass, run.Message), 0), new TestOutcome(failed));
            }

            var started = Stopwatch.GetTimestamp();
            CheckResult check;
            using (checking.Measure())
            {
                check = await checker.CheckAsync(test, groupFlags, run.Stdout, cancellationToken).ConfigureAwait(false);
            }

            if (passes > 1 && check.Verdict == Verdict.AC && check.NextPassInput is { } next)
            {
                if (pass < passes)
                {
                    input = SandboxInput.FromBytes(next);
                    continue;
                }

                check = CheckResult.JudgeError($"the output validator asked for pass {pass + 1}, but limits.validation_passes is {passes}");
            }

            var checkMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var result = Result(test, run, check.Verdict, InPass(pass, check.TeamMessage ?? check.Message), checkMs) with { Score = check.Score };
            if (check.Verdict == Verdict.WA && pass == 1)
            {
                result = result with { Diff = OutputDiff.Compute(File.ReadAllBytes(test.AnswerFile), run.Stdout, maxLines: 200) };
            }

            return (result, TestOutcome.FromCheck(check));
        }
    }

    /// <summary>A message of a later pass of a multi-pass problem says which pass it was.</summary>
    private static string? InPass(int pass, string? message) => pass == 1 || message is null ? message : $"pass {pass}: {message}";

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

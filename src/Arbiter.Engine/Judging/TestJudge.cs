using System.Diagnostics;
using System.Text;
using Arbiter.Engine.Analysis.Diff;
using Arbiter.Engine.Building;
using Arbiter.Engine.Checking;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Scoring;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>Runs a submission on one test and checks it: plain (input file as stdin, output to the
/// validator) or interactive (submission and interactor joined by two pipes).</summary>
internal sealed class TestJudge(ISandbox sandbox, CompiledProgram program, OutputChecker checker, CompiledProgram? interactor, SandboxLimits limits)
{
    private const int ShownBytes = 16 * 1024;

    public async Task<(TestResult Result, TestOutcome Outcome)> JudgeAsync(TestCase test, IReadOnlyList<string> groupFlags, CancellationToken cancellationToken)
    {
        if (interactor is not null)
        {
            return await InteractAsync(test, groupFlags, cancellationToken).ConfigureAwait(false);
        }

        var run = await sandbox.RunAsync(ProgramRunner.Request(program, SandboxInput.FromFile(test.InputFile), limits), cancellationToken).ConfigureAwait(false);
        if (RunVerdict(run) is { } failed)
        {
            return (Result(test, run, failed, run.Message, 0), new TestOutcome(failed));
        }

        var started = Stopwatch.GetTimestamp();
        var check = await checker.CheckAsync(test, groupFlags, run.Stdout, cancellationToken).ConfigureAwait(false);
        var checkMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var result = Result(test, run, check.Verdict, check.TeamMessage ?? check.Message, checkMs) with { Score = check.Score };
        if (check.Verdict == Verdict.WA)
        {
            result = result with { Diff = OutputDiff.Compute(File.ReadAllBytes(test.AnswerFile), run.Stdout, maxLines: 200) };
        }

        return (result, TestOutcome.FromCheck(check));
    }

    /// <summary>
    /// Interactive verdicts: a submission that ran out of time or memory gets that verdict (the
    /// interactor then usually rejects only because its peer vanished); otherwise the
    /// interactor's rejection stands over a crash it may have caused (a closed pipe); then the
    /// submission's own crash; then the interactor's acceptance.
    /// </summary>
    private async Task<(TestResult, TestOutcome)> InteractAsync(TestCase test, IReadOnlyList<string> groupFlags, CancellationToken cancellationToken)
    {
        var toProgram = SandboxPipe.Create();
        var toInteractor = SandboxPipe.Create();
        var programRun = sandbox.RunAsync(ProgramRunner.Request(program, SandboxInput.FromHandle(toProgram.Reader), limits) with { StdoutTo = toInteractor.Writer }, cancellationToken);
        var flags = groupFlags;
        var interactorRun = sandbox.RunAsync(checker.ValidatorRequest(interactor!, test, flags, SandboxInput.FromHandle(toInteractor.Reader)) with { StdoutTo = toProgram.Writer }, cancellationToken);
        var runs = await Task.WhenAll(programRun, interactorRun).ConfigureAwait(false);
        var (run, interaction) = (runs[0], runs[1]);
        var check = OutputChecker.Interpret(interaction);
        var verdict = RunVerdict(run) switch
        {
            Verdict.TLE or Verdict.MLE or Verdict.OLE or Verdict.IE => RunVerdict(run)!.Value,
            _ when check.Verdict == Verdict.WA => Verdict.WA,
            Verdict.RE => Verdict.RE,
            _ => check.Verdict,
        };
        var message = verdict == check.Verdict ? check.TeamMessage ?? check.Message : run.Message;
        var result = Result(test, run, verdict, message, 0) with { Score = verdict == Verdict.AC ? check.Score : null };
        return (result, verdict == check.Verdict ? TestOutcome.FromCheck(check) : new TestOutcome(verdict));
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

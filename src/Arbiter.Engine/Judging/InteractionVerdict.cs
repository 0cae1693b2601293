using Arbiter.Engine.Checking;
using Arbiter.Engine.Scoring;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>An interactive test's verdict, from the submission's run and the interactor's.</summary>
/// <param name="Verdict">The test's verdict.</param>
/// <param name="Message">The interactor's or the sandbox's words.</param>
/// <param name="Outcome">What the scorer needs (the interactor's score when it decided).</param>
/// <param name="Run">The submission's run; null when it was stopped because the interactor had ended.</param>
/// <param name="Elapsed">Wall time of the whole interaction.</param>
internal sealed record InteractionVerdict(Verdict Verdict, string? Message, TestOutcome Outcome, SandboxResult? Run, TimeSpan Elapsed)
{
    /// <summary>
    /// In order: a submission that ran out of CPU time, memory or output gets that verdict (what
    /// the interactor made of its vanishing peer does not matter); an interactor that did not end
    /// with 42 or 43 (crashed, other exit code, killed by its own limits, or still running
    /// <see cref="Interaction.Grace"/> after the submission ended) is a judge error, never the
    /// submission's fault; a submission stopped by its wall-time limit while the interactor went
    /// on to judge normally stalled on its own (it forgot to flush, say): TLE; then the
    /// interactor's rejection, which stands over a crash it may have caused (a closed pipe); then
    /// the submission's own crash; then the interactor's acceptance.
    /// </summary>
    /// <param name="run">The submission's run, or null when it was stopped.</param>
    /// <param name="interaction">The interactor's run, or null when it was stopped.</param>
    /// <param name="elapsed">Wall time of the whole interaction.</param>
    public static InteractionVerdict Decide(SandboxResult? run, SandboxResult? interaction, TimeSpan elapsed)
    {
        var check = interaction is null
            ? CheckResult.JudgeError($"still running {Interaction.Grace.TotalSeconds:0} s after the submission ended (it hangs or spins)")
            : OutputChecker.Interpret(interaction);
        InteractionVerdict Submission(Verdict verdict) => new(verdict, run!.Message, new TestOutcome(verdict), run, elapsed);
        InteractionVerdict Interactor() => new(check.Verdict, check.TeamMessage ?? check.Message, TestOutcome.FromCheck(check), run, elapsed);

        if (run?.LimitExceeded is LimitKind.CpuTime or LimitKind.Memory or LimitKind.Output or LimitKind.FileSize)
        {
            return Submission(run.Status == RunStatus.TLE ? Verdict.TLE : run.Status == RunStatus.MLE ? Verdict.MLE : Verdict.OLE);
        }

        if (check.Verdict == Verdict.IE)
        {
            return Interactor() with { Message = $"interactor failed: {check.Message}" };
        }

        return run?.Status switch
        {
            RunStatus.IE => Submission(Verdict.IE),
            RunStatus.TLE => Submission(Verdict.TLE),
            _ when check.Verdict == Verdict.WA => Interactor(),
            RunStatus.RE => Submission(Verdict.RE),
            _ => Interactor(),
        };
    }
}

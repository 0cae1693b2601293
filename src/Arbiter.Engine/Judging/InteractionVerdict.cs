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
    /// <summary>The signal a program dies of when it writes to a pipe nobody reads any more.</summary>
    private const int BrokenPipeSignal = 13;

    /// <summary>
    /// Kattis problemtools' precedence, in order: an interactor that rejected before the
    /// submission ended gives WA (what the submission did after that does not matter); a
    /// submission that ran out of CPU time, memory or output gets that verdict (what the
    /// interactor made of its vanishing peer does not matter); an interactor that did not end
    /// with 42 or 43 (crashed, other exit code, killed by its own limits, or still running
    /// <see cref="Interaction.Grace"/> after the submission ended) is a judge error, never the
    /// submission's fault; a submission stopped by its wall-time limit (it stalled, e.g. forgot
    /// to flush) is TLE; a submission that crashed is RE, even when the interactor then rejects
    /// the output it never finished; only then the interactor's verdict. A submission killed by
    /// SIGPIPE wrote to an interactor that had already ended: as in problemtools, that is no
    /// crash, and the interactor's verdict stands.
    /// </summary>
    /// <param name="run">The submission's run, or null when it was stopped.</param>
    /// <param name="interaction">The interactor's run, or null when it was stopped.</param>
    /// <param name="interactorFirst">Whether the interactor ended before the submission (it could
    /// not have seen the submission's end; see <see cref="Interaction"/>).</param>
    /// <param name="elapsed">Wall time of the whole interaction.</param>
    public static InteractionVerdict Decide(SandboxResult? run, SandboxResult? interaction, bool interactorFirst, TimeSpan elapsed)
    {
        var check = interaction is null
            ? CheckResult.JudgeError($"still running {Interaction.Grace.TotalSeconds:0} s after the submission ended (it hangs or spins)")
            : OutputChecker.Interpret(interaction);
        InteractionVerdict Submission(Verdict verdict) => new(verdict, run!.Message, new TestOutcome(verdict), run, elapsed);
        InteractionVerdict Interactor() => new(check.Verdict, check.TeamMessage ?? check.Message, TestOutcome.FromCheck(check), run, elapsed);

        if (interactorFirst && check.Verdict == Verdict.WA)
        {
            return Interactor();
        }

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
            RunStatus.RE when run.Signal != BrokenPipeSignal => Submission(Verdict.RE),
            _ => Interactor(),
        };
    }
}

using System.Diagnostics;
using Arbiter.Engine.Building;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;
using Microsoft.Win32.SafeHandles;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Runs one test of an interactive problem: the submission and the interactor each in their own
/// sandbox, joined by two pipes. Whichever side ends first decides how long the other may go on:
/// an interactor that rejects or fails stops the submission at once (nothing it does next can
/// change the verdict); one that accepts leaves the submission its own limits (it must still
/// exit in time); a submission that ends leaves the interactor <see cref="Grace"/> to give its
/// verdict, after which it is stopped as broken. Both sandboxes are reserved in one step before
/// either side starts: a submission started while its interactor waited for a sandbox would sit
/// on an empty pipe until its wall limit, and two tests each holding one sandbox of a 2-slot pool
/// would wait on each other.
/// </summary>
/// <remarks>
/// The judge keeps three pipe ends of its own, as problemtools' interactive runner does. The
/// write end of each direction stays open until the judge has seen its writer end: neither side
/// can read end-of-file (and give up) before the judge knows the other one is gone, so "the
/// interactor ended first" means it decided on its own, never that it merely reacted to the
/// submission's exit. And the read end of the interactor-to-submission pipe stays open to the
/// end: an interactor that writes its last reply after the submission has exited (a submission
/// may leave right after its last answer) writes into the pipe instead of dying of SIGPIPE or
/// a broken-pipe error, which would be a judge error that is nobody's fault.
/// </remarks>
internal sealed class Interaction(ISandbox sandbox, CompiledProgram program, CompiledProgram interactor, SandboxLimits limits, SandboxLimits interactorLimits)
{
    /// <summary>How long an interactor may take to give its verdict once the submission has ended.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    public async Task<InteractionVerdict> RunAsync(TestCase test, IReadOnlyList<string> flags, CancellationToken cancellationToken)
    {
        await using var pair = await sandbox.ReserveAsync(2, cancellationToken).ConfigureAwait(false);
        var toProgram = SandboxPipe.Create();
        var toInteractor = SandboxPipe.Create();
        using var stopProgram = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopInteractor = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        Task<SandboxResult?>? programRun = null, interactorRun = null;
        try
        {
            var programRequest = TestFiles.Into(ProgramRunner.Request(program, SandboxInput.FromHandle(Lend(toProgram.Reader)), limits, test.Args), test)
                with { StdoutTo = Lend(toInteractor.Writer) };
            var interactorRequest = OutputChecker.ValidatorRequest(interactor, test, flags, SandboxInput.FromHandle(toInteractor.Reader), interactorLimits)
                with { StdoutTo = Lend(toProgram.Writer) };
            programRun = UnlessStoppedAsync(pair.RunAsync(programRequest, stopProgram.Token), cancellationToken);
            interactorRun = UnlessStoppedAsync(pair.RunAsync(interactorRequest, stopInteractor.Token), cancellationToken);
            var interactorFirst = await Task.WhenAny(programRun, interactorRun).ConfigureAwait(false) == interactorRun;
            if (interactorFirst)
            {
                // Only now may the submission read the end of its input.
                toProgram.Writer.Dispose();
                if (await interactorRun.ConfigureAwait(false) is not { } ended || OutputChecker.Interpret(ended).Verdict != Verdict.AC)
                {
                    await stopProgram.CancelAsync().ConfigureAwait(false);
                }
            }
            else
            {
                // Only now may the interactor read the end of the submission's output.
                toInteractor.Writer.Dispose();
                stopInteractor.CancelAfter(Grace);
            }

            var run = await programRun.ConfigureAwait(false);
            var interaction = await interactorRun.ConfigureAwait(false);
            return InteractionVerdict.Decide(run, interaction, interactorFirst, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            // On an exception (the caller cancelled, the sandbox failed) neither side may outlive
            // the test, and no pipe end may stay open.
            await stopProgram.CancelAsync().ConfigureAwait(false);
            await stopInteractor.CancelAsync().ConfigureAwait(false);
            await SettleAsync(programRun).ConfigureAwait(false);
            await SettleAsync(interactorRun).ConfigureAwait(false);
            toProgram.Reader.Dispose();
            toProgram.Writer.Dispose();
            toInteractor.Reader.Dispose();
            toInteractor.Writer.Dispose();
        }
    }

    /// <summary>A view of a pipe end for the sandbox, which passes it to the program and closes
    /// its view; the end itself stays open until the judge closes it.</summary>
    private static SafeFileHandle Lend(SafeFileHandle end) => new(end.DangerousGetHandle(), ownsHandle: false);

    /// <summary>The run's result, or null when it was stopped by this class (not by the caller).</summary>
    private static async Task<SandboxResult?> UnlessStoppedAsync(Task<SandboxResult> run, CancellationToken caller)
    {
        try
        {
            return await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Waits for a run to end without throwing: on the way out after a failure, the
    /// first exception is the one worth reporting.</summary>
    private static async Task SettleAsync(Task<SandboxResult?>? run)
    {
        if (run is not null)
        {
            await Task.WhenAny(run).ConfigureAwait(false);
            _ = run.Exception;
        }
    }
}

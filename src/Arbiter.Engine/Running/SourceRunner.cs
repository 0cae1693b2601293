using Arbiter.Engine.Building;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Running;

/// <summary>
/// The engine's use case "run this source with these limits", for the service's playground runs
/// and <c>arbiter run</c> alike: build it through the build cache, run it once with the limits
/// (the defaults when none are given) adjusted for its language, and say how it ended in one
/// <see cref="SourceRunResult"/>. A new source of a language with a check-and-run command (Python)
/// takes one sandboxed start (<see cref="ProgramBuilder.BuildAndRunAsync"/>).
/// </summary>
public sealed class SourceRunner(ProgramBuilder builder)
{
    /// <summary>Builds and runs <paramref name="request"/>'s source; <paramref name="progress"/>
    /// hears each <see cref="RunStage"/> as it is reached. A compile error, a crash or a limit is
    /// a verdict in the result; only a sandbox that cannot start at all throws
    /// (<see cref="SandboxUnavailableException"/>).</summary>
    public async Task<SourceRunResult> RunAsync(SourceRunRequest request, IProgress<RunStage>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress?.Report(RunStage.Compiling);
        Func<CancellationToken, Task>? running = progress is null ? null : _ =>
        {
            progress.Report(RunStage.Running);
            return Task.CompletedTask;
        };
        var (build, run) = await builder.BuildAndRunAsync(
            request.Language, request.Source, request.CompilerFlags, request.Stdin, request.Limits ?? SandboxLimits.Default, request.Arguments,
            cancellationToken, request.Files, running).ConfigureAwait(false);
        return new SourceRunResult(request.Language, build, run);
    }
}

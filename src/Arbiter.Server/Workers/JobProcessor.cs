using System.Text.Json;
using Arbiter.Engine;
using Arbiter.Engine.Building;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Reports;
using Arbiter.Sandbox;
using Arbiter.Server.Features.Metrics;
using Arbiter.Server.Features.Problems;
using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;

namespace Arbiter.Server.Workers;

/// <summary>
/// Does one leased job: a playground run (compile, run with stdin, report output) or a judged
/// submission (the engine's judge against the stored problem). Reports progress to the store;
/// returns the final status and the outcome: the result JSON, which the API serves as is, with
/// its verdict and score (a playground run's verdict is its run status, and it has no score).
/// A store that stays unavailable through <see cref="StoreRetry"/> surfaces as
/// <see cref="StoreUnavailableException"/>, never as an outcome.
/// </summary>
internal sealed class JobProcessor(
    IArbiterStore store,
    LanguageCatalog languages,
    ProgramBuilder builder,
    ISandbox sandbox,
    Judge judge,
    ProblemLibrary problems,
    PackageTimeLimits timeLimits,
    StoreRetry retry,
    ServiceMetrics metrics,
    TimeProvider time)
{
    public async Task<(SubmissionStatus Status, SubmissionOutcome Outcome)> ProcessAsync(SubmissionRecord job, string workerId, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<StoredRequest>(job.RequestJson, ServerJson.Options)
            ?? throw new InvalidOperationException("stored request is empty");
        var language = languages.Find(request.Language)
            ?? throw new InvalidOperationException($"language '{request.Language}' is not known to this worker");
        await ProgressAsync(job.Id, workerId, SubmissionStatus.Compiling, null, cancellationToken).ConfigureAwait(false);

        var source = request.Files[0].Content;
        var extra = request.Files.Skip(1).Select(f => new SandboxFile(f.Name, f.Content)).ToList();
        if (job.Kind == "judge")
        {
            var problem = await retry.RunAsync(token => problems.OpenAsync(job.ProblemId!, token), cancellationToken).ConfigureAwait(false);
            var flags = Judge.CompilerFlags(problem, language);
            var compiling = time.GetTimestamp();
            var build = await builder.BuildAsync(language, source, flags, cancellationToken, Judge.SubmissionFiles(problem, language, extra)).ConfigureAwait(false);
            metrics.Step("compile", time.GetElapsedTime(compiling));
            await ProgressAsync(job.Id, workerId, SubmissionStatus.Running, build.Succeeded ? null : "compile error", cancellationToken).ConfigureAwait(false);
            var options = (await timeLimits.ForAsync(problem, cancellationToken).ConfigureAwait(false)).ToOptions();
            var result = await judge.JudgeAsync(problem, language, source, options, cancellationToken, extra).ConfigureAwait(false);
            metrics.Step("tests", TimeSpan.FromMilliseconds(result.Times.TestsMs));
            metrics.Step("check", TimeSpan.FromMilliseconds(result.Times.CheckMs));
            var report = JudgeReport.From(job.ProblemId!, language.Id, result, problem.Arbiter.RevealSecretTests);
            return (result.Verdict == Verdict.IE ? SubmissionStatus.Failed : SubmissionStatus.Judged,
                new SubmissionOutcome(JsonSerializer.Serialize(report, ServerJson.Options), result.Verdict.ToString(), double.IsFinite(result.Score) ? result.Score : null));
        }

        var start = time.GetTimestamp();
        var compiled = await builder.BuildAsync(language, source, request.CompilerFlags, cancellationToken, extra).ConfigureAwait(false);
        metrics.Step("compile", time.GetElapsedTime(start));
        RunReport? run = null;
        if (compiled.Program is { } program)
        {
            await ProgressAsync(job.Id, workerId, SubmissionStatus.Running, null, cancellationToken).ConfigureAwait(false);
            var limits = request.Limits is { } l
                ? SandboxLimits.Default with { CpuTime = TimeSpan.FromMilliseconds(l.CpuTimeMs), WallTime = TimeSpan.FromMilliseconds(l.WallTimeMs), MemoryBytes = l.MemoryBytes, Processes = l.Processes, OutputBytes = l.OutputBytes }
                : SandboxLimits.Default;
            var stdin = request.Stdin is null ? SandboxInput.None : SandboxInput.FromBytes(request.Stdin);
            var running = time.GetTimestamp();
            var outcome = await sandbox.RunAsync(ProgramRunner.Request(program, stdin, limits, request.Args), cancellationToken).ConfigureAwait(false);
            metrics.Step("run", time.GetElapsedTime(running));
            run = RunReport.From(outcome);
        }

        var failed = compiled.InternalError || run?.Status == RunStatus.IE;
        var verdict = run is null ? (compiled.InternalError ? "IE" : "CE") : run.Status.ToString();
        var file = new RunFileReport(language.Id, CompileReport.From(compiled, language), run);
        return (failed ? SubmissionStatus.Failed : SubmissionStatus.Judged, new SubmissionOutcome(JsonSerializer.Serialize(file, ServerJson.Options), verdict));
    }

    /// <summary>Records progress, riding out a store blip; progress is guarded by the lease, so
    /// a repeat of one that had committed is harmless.</summary>
    private Task<bool> ProgressAsync(string id, string workerId, SubmissionStatus status, string? detail, CancellationToken cancellationToken) =>
        retry.RunAsync(token => store.SetStatusAsync(id, workerId, status, detail, time.GetUtcNow(), token), cancellationToken);
}

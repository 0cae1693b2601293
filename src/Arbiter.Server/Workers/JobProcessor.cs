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
/// submission (the engine's judge against the stored problem). Reports progress (<see cref="JobProgress"/>);
/// returns the final status and the outcome: the result JSON, which the API serves as is, with
/// its verdict and score (a playground run's verdict is its run status, and it has no score).
/// A store that stays unavailable through <see cref="StoreRetry"/> surfaces as
/// <see cref="StoreUnavailableException"/>, never as an outcome.
/// </summary>
internal sealed class JobProcessor(
    LanguageCatalog languages,
    ProgramBuilder builder,
    Judge judge,
    ProblemLibrary problems,
    PackageTimeLimits timeLimits,
    StoreRetry retry,
    ServiceMetrics metrics)
{
    public async Task<(SubmissionStatus Status, SubmissionOutcome Outcome)> ProcessAsync(SubmissionRecord job, JobProgress progress, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<StoredRequest>(job.RequestJson, ServerJson.Options)
            ?? throw new InvalidOperationException("stored request is empty");
        var language = languages.Find(request.Language)
            ?? throw new InvalidOperationException($"language '{request.Language}' is not known to this worker");
        progress.Report(SubmissionStatus.Compiling, null);

        var source = request.Files[0].Content;
        var extra = request.Files.Skip(1).Select(f => new SandboxFile(f.Name, f.Content)).ToList();
        if (job.Kind == SubmissionKind.Judge)
        {
            // Held for the whole judging: a re-import meanwhile does not delete these files.
            using var lease = await retry.RunAsync(token => problems.HoldAsync(job.ProblemId!, token), cancellationToken).ConfigureAwait(false);
            var problem = lease.Package;
            // The judge compiles (once, through the build cache) and says when it has; this
            // worker only passes the stages on to the job's progress.
            var stages = new JudgeStageRecorder(progress);
            var options = (await timeLimits.ForAsync(problem, cancellationToken).ConfigureAwait(false)).ToOptions();
            var result = await judge.JudgeAsync(problem, language, source, options, cancellationToken, extra, stages).ConfigureAwait(false);
            metrics.Step("compile", TimeSpan.FromMilliseconds(result.Times.CompileMs));
            metrics.Step("tests", TimeSpan.FromMilliseconds(result.Times.TestsMs));
            metrics.Step("check", TimeSpan.FromMilliseconds(result.Times.CheckMs));
            var report = JudgeReport.From(job.ProblemId!, language.Id, result, problem.Arbiter.RevealSecretTests);
            return (result.Verdict == Verdict.IE ? SubmissionStatus.Failed : SubmissionStatus.Judged,
                new SubmissionOutcome(JsonSerializer.Serialize(report, ServerJson.Options), result.Verdict.ToString(), double.IsFinite(result.Score) ? result.Score : null));
        }

        // Built and run in one go (one start for a new Python source: ProgramBuilder.BuildAndRunAsync).
        var limits = request.Limits ?? SandboxLimits.Default;
        var stdin = request.Stdin is null ? SandboxInput.None : SandboxInput.FromBytes(request.Stdin);
        var (compiled, outcome) = await builder.BuildAndRunAsync(language, source, request.CompilerFlags, stdin, limits, request.Args, cancellationToken, extra,
            running: _ =>
            {
                progress.Report(SubmissionStatus.Running, null);
                return Task.CompletedTask;
            }).ConfigureAwait(false);
        metrics.Step("compile", compiled.Time);
        RunReport? run = null;
        if (outcome is not null)
        {
            metrics.Step("run", outcome.WallTime);
            run = RunReport.From(outcome);
        }

        var failed = compiled.InternalError || run?.Status == RunStatus.IE;
        var verdict = run is null ? (compiled.InternalError ? "IE" : "CE") : run.Status.ToString();
        var file = new RunFileReport(language.Id, CompileReport.From(compiled, language), run);
        return (failed ? SubmissionStatus.Failed : SubmissionStatus.Judged, new SubmissionOutcome(JsonSerializer.Serialize(file, ServerJson.Options), verdict));
    }
}

using System.Text.Json;
using Arbiter.Engine;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Running;
using Arbiter.Sandbox;
using Arbiter.Server.Features.Metrics;
using Arbiter.Server.Features.Problems;
using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;

namespace Arbiter.Server.Jobs;

/// <summary>
/// Does one leased job through the engine's use cases: a playground run (<see cref="SourceRunner"/>:
/// build, run with stdin, its verdict) or a judged submission (<see cref="SubmissionJudge"/>
/// against the stored problem, with its time limit). This class only translates: the stored
/// request into the use case's, its stages into the job's progress (<see cref="JobProgress"/>),
/// and its result into the final status and the outcome: the result JSON, which the API serves
/// as is, with its verdict and score (a playground run has no score).
/// A store that stays unavailable through <see cref="StoreRetry"/> surfaces as
/// <see cref="StoreUnavailableException"/>, never as an outcome.
/// </summary>
internal sealed class JobProcessor(
    LanguageCatalog languages,
    SourceRunner runner,
    SubmissionJudge judge,
    ProblemLibrary problems,
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
            // The engine chooses the limits and compiles (once, through the build cache); this
            // worker only passes the stages on to the job's progress.
            var result = await judge.JudgeAsync(problem, language, source, extra, new JudgeStageRecorder(progress), cancellationToken).ConfigureAwait(false);
            metrics.Step("compile", TimeSpan.FromMilliseconds(result.Times.CompileMs));
            metrics.Step("tests", TimeSpan.FromMilliseconds(result.Times.TestsMs));
            metrics.Step("check", TimeSpan.FromMilliseconds(result.Times.CheckMs));
            var report = JudgeReport.From(job.ProblemId!, language.Id, result, problem.Arbiter.RevealSecretTests);
            return (result.Verdict == Verdict.IE ? SubmissionStatus.Failed : SubmissionStatus.Judged,
                new SubmissionOutcome(JsonSerializer.Serialize(report, ServerJson.Options), result.Verdict.ToString(), double.IsFinite(result.Score) ? result.Score : null));
        }

        var stdin = request.Stdin is null ? SandboxInput.None : SandboxInput.FromBytes(request.Stdin);
        var run = await runner.RunAsync(
            new SourceRunRequest(language, source) { Files = extra, Stdin = stdin, Arguments = request.Args, CompilerFlags = request.CompilerFlags, Limits = request.Limits },
            new RunStageRecorder(progress),
            cancellationToken).ConfigureAwait(false);
        metrics.Step("compile", run.Build.Time);
        if (run.Run is { } ran)
        {
            metrics.Step("run", ran.WallTime);
        }

        return (run.InternalFailure ? SubmissionStatus.Failed : SubmissionStatus.Judged,
            new SubmissionOutcome(JsonSerializer.Serialize(run.Report, ServerJson.Options), run.Verdict.ToString()));
    }
}

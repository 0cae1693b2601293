using System.Text.Json;
using Arbiter.Engine.Reports;
using Arbiter.Server.Features.Metrics;
using Arbiter.Server.Features.Submissions;
using Arbiter.Server.Features.Users;
using Arbiter.Server.Features.Fleet;
using Arbiter.Server.Jobs;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Compat;

/// <summary>
/// The adapters' one way in: a playground run built from their request goes through the same
/// intake, quota, writer, metrics and wait as <c>POST /api/v1/submissions?wait=true</c>, and its
/// result comes back through <see cref="ResultPolicy"/>. The APIs it serves are synchronous, so
/// it refuses at once (rather than queueing) when the queue is beyond
/// <see cref="CompatOptions.MaxQueueForSyncRuns"/> or no live worker takes the language.
/// </summary>
internal sealed class CompatRuns(
    SubmissionIntake intake,
    SubmissionWriter writer,
    IArbiterStore store,
    ResultPolicy policy,
    CompletionSignals signals,
    WorkSignal work,
    ServiceMetrics metrics,
    KeyQuota quota,
    IOptions<ServerOptions> server,
    IOptions<CompatOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// An asynchronous submission (Judge0's): the same intake, quota, queue bound, writer,
    /// metrics and wake-up as a synchronous run, but it is queued even when no live worker takes
    /// its language now. <paramref name="amend"/> may add to the stored submission what the
    /// adapter must find again when it is read (Judge0's expected output). With
    /// <paramref name="listen"/> the completion of the submission is listened for before it is
    /// written (<see cref="CompatAdmission.Completion"/>); the caller then forgets it.
    /// </summary>
    public async Task<CompatAdmission> AddAsync(
        HttpContext http,
        SubmissionRequest request,
        Func<NewSubmission, NewSubmission> amend,
        bool listen,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(amend);
        var (submission, errors) = await intake.AcceptAsync(request, Caller.Of(http), cancellationToken).ConfigureAwait(false);
        if (submission is null)
        {
            return new CompatAdmission(errors, null, null, null, null);
        }

        if (await quota.CheckAsync(http, 1, cancellationToken).ConfigureAwait(false) is { } exhausted)
        {
            return new CompatAdmission(null, exhausted, null, null, null);
        }

        var depth = await store.QueueDepthAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (depth > options.Value.MaxQueueForSyncRuns)
        {
            return new CompatAdmission(null, null, "queue is full", null, null);
        }

        submission = amend(submission);
        var completion = listen ? signals.WaitAsync(submission.Id) : null;
        try
        {
            submission = await writer.AddAsync(submission, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            signals.Forget(submission.Id);
            throw;
        }

        metrics.Accepted(1);
        work.Notify(1);
        return new CompatAdmission(null, null, null, submission.Id, completion);
    }

    /// <summary>The submission once finished, as <see cref="ResultPolicy"/> lets <paramref name="http"/>'s
    /// caller see it, or null when it did not finish within <see cref="ServerOptions.MaxWaitSeconds"/>.</summary>
    public async Task<SubmissionView?> WaitAsync(HttpContext http, string id, Task completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            var settings = server.Value;
            return await SubmissionEndpoints.WaitAsync(
                store,
                policy,
                Caller.Of(http),
                id,
                completion,
                TimeSpan.FromSeconds(settings.MaxWaitSeconds),
                TimeSpan.FromMilliseconds(settings.WaitPollMilliseconds),
                time,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            signals.Forget(id);
        }
    }

    public async Task<CompatRun> RunAsync(HttpContext http, SubmissionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var caller = Caller.Of(http);
        var (submission, errors) = await intake.AcceptAsync(request, caller, cancellationToken).ConfigureAwait(false);
        if (submission is null)
        {
            return new CompatRun(errors, null, null, null, null);
        }

        if (await quota.CheckAsync(http, 1, cancellationToken).ConfigureAwait(false) is { } exhausted)
        {
            return new CompatRun(null, exhausted, null, null, null);
        }

        var now = time.GetUtcNow();
        var depth = await store.QueueDepthAsync(now, cancellationToken).ConfigureAwait(false);
        if (depth > options.Value.MaxQueueForSyncRuns)
        {
            return new CompatRun(null, null, $"{depth} submissions are waiting, more than this server's bound of {options.Value.MaxQueueForSyncRuns} for synchronous runs; " +
                $"try again later", null, null);
        }

        if ((await WorkerFleet.ReadAsync(store, now, cancellationToken).ConfigureAwait(false)).WhyWaiting(submission.Language) is { } waiting)
        {
            return new CompatRun(null, null, waiting, null, null);
        }

        var completion = signals.WaitAsync(submission.Id);
        try
        {
            submission = await writer.AddAsync(submission, cancellationToken).ConfigureAwait(false);
            metrics.Accepted(1);
            work.Notify(1);
            var options = server.Value;
            var view = await SubmissionEndpoints.WaitAsync(
                store,
                policy,
                caller,
                submission.Id,
                completion,
                TimeSpan.FromSeconds(options.MaxWaitSeconds),
                TimeSpan.FromMilliseconds(options.WaitPollMilliseconds),
                time,
                cancellationToken).ConfigureAwait(false);
            if (view?.Result is not { } result || view.Status == SubmissionStatus.Failed)
            {
                // Finished without a result is the service's failure: nothing set but the id.
                return new CompatRun(
                    null,
                    null,
                    view is null ? $"the run did not finish within {options.MaxWaitSeconds} s; it is submission {submission.Id}" : null,
                    null,
                    submission.Id);
            }

            return new CompatRun(null, null, null, result.Deserialize<RunFileReport>(ServerJson.Options), submission.Id);
        }
        finally
        {
            signals.Forget(submission.Id);
        }
    }
}

using Arbiter.Engine.Tracing;
using Arbiter.Sandbox;
using Arbiter.Server.Callbacks;
using Arbiter.Server.Features.Fleet;
using Arbiter.Server.Features.Metrics;
using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Jobs;

/// <summary>
/// The worker loop: lease a job in a language this worker offers (<see cref="OfferedLanguages"/>)
/// from the store, renew the lease while it runs, complete it (exactly once: a worker that lost
/// its lease cannot overwrite the result), then signal waiters
/// and queue the callback. As many loops run as the sandbox pool has slots. Errors are caught per
/// job, logged, recorded as a Failed result, and the loop goes on — except a failure of the
/// store itself: reads, progress and the result are retried through <see cref="StoreRetry"/>,
/// and if the store stays away the job is given up without a result, so its lease expires and
/// it runs again. A dropped connection is never a submission's verdict.
/// </summary>
internal sealed partial class JobWorker(
    IServiceProvider services,
    IArbiterStore store,
    WorkerIdentity identity,
    WorkerStopping stopping,
    OfferedLanguages offered,
    WorkSignal signal,
    CompletionSignals completions,
    CallbackDispatcher callbacks,
    StoreRetry retry,
    StoreOutage outage,
    ServiceMetrics metrics,
    ISandbox sandbox,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<JobWorker> logger) : BackgroundService
{
    /// <summary>How often a loop looks again while the store is unavailable.</summary>
    private static readonly TimeSpan OutagePoll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = options.Value.WorkerParallelism ?? sandbox.Capacity;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(stoppingToken), CancellationToken.None))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stopping: whatever this worker still holds (jobs cut off by the drain's end, or a lease
        // taken as the stop began) goes back to the queue for another worker to start at once.
        try
        {
            var handedBack = await store.ReleaseLeasesAsync(identity.Id, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            LogStopped(logger, handedBack);
            await SayGoneAsync().ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            // Nothing is lost: the leases expire and another worker takes the jobs then.
            LogHandBackFailed(logger, e.Message);
        }
    }

    /// <summary>
    /// Every reader judges a worker by its last heartbeat (the API's fleet check within 30 s, the
    /// autoscaler and the load test within 12), so a worker that stopped cleanly would still count
    /// as live for that long: a queued submission told a worker will start it, a replica counted
    /// that no longer exists. Its last word dates the heartbeat out of every such window instead
    /// (the heartbeat service has stopped before this runs, so nothing beats after it).
    /// </summary>
    private async Task SayGoneAsync()
    {
        var own = (await store.ListWorkersAsync(CancellationToken.None).ConfigureAwait(false)).FirstOrDefault(w => w.Id == identity.Id);
        if (own is not null)
        {
            var gone = time.GetUtcNow() - WorkerFleet.AliveWithin - TimeSpan.FromSeconds(1);
            var last = own with { HeartbeatAt = gone < own.HeartbeatAt ? gone : own.HeartbeatAt, RunningJobs = 0, Draining = true };
            await store.UpsertWorkerAsync(last, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var leaseFor = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        var idlePoll = TimeSpan.FromMilliseconds(options.Value.IdlePollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            JobLease? lease = null;
            try
            {
                // Never an empty filter: the store reads it as "every language".
                if (!identity.Draining && offered.Current is { Count: > 0 } languages)
                {
                    // Not retried here: a lease whose answer was lost may have been taken, and
                    // the loop is itself the retry.
                    lease = await store.LeaseNextAsync(identity.Id, leaseFor, languages, time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                    outage.Succeeded();
                }

                if (lease is null)
                {
                    await signal.WaitAsync(idlePoll, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await RunAsync(lease, leaseFor, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException e)
            {
                // One warning per outage (StoreOutage), not a stack trace per poll of every loop.
                outage.Failed("a worker leasing jobs", e);
                await Task.Delay(OutagePoll > idlePoll ? OutagePoll : idlePoll, time, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogLoopError(logger, lease?.SubmissionId, e);
                await Task.Delay(idlePoll, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAsync(JobLease lease, TimeSpan leaseFor, CancellationToken stoppingToken)
    {
        var id = lease.SubmissionId;
        SubmissionRecord? job;
        try
        {
            job = await retry.RunAsync(token => store.GetSubmissionAsync(id, token), stopping.HandBack).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            LogGivenUp(logger, id, e.Message);
            return;
        }

        if (job is null)
        {
            return;
        }

        identity.Started();
        // A stopping host does not cancel a running job: it finishes, unless the drain ends first.
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stopping.HandBack);
        using var renewal = RenewWhileRunning(id, leaseFor, lost);
        using var progress = new JobProgress(store, id, identity.Id, time, logger, JobProgress.HoldBack);
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        // Under the trace the API stored with the job (another process, perhaps).
        using var span = ArbiterTrace.StartJob(job.TraceParent, job.CreatedAt, now);
        span?.SetTag("arbiter.submission.id", id).SetTag("arbiter.kind", WireNames.Of(job.Kind)).SetTag("arbiter.language", job.Language).SetTag("arbiter.attempt", lease.Attempt);
        try
        {
            metrics.QueueWait(now - job.CreatedAt);
            LogJobStarted(logger, id, job.Kind, lease.Attempt);
            (SubmissionStatus Status, SubmissionOutcome Outcome) finished;
            try
            {
                using var scope = services.CreateScope();
                var processor = scope.ServiceProvider.GetRequiredService<JobProcessor>();
                finished = await processor.ProcessAsync(job, progress, lost.Token).ConfigureAwait(false);
            }
            catch (StoreUnavailableException e)
            {
                // The store failed, not the submission: no result, the lease expires, it runs again.
                LogGivenUp(logger, id, e.Message);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !lost.IsCancellationRequested)
            {
                LogJobFailed(logger, id, e);
                finished = (SubmissionStatus.Failed, new SubmissionOutcome(System.Text.Json.JsonSerializer.Serialize(new { error = e.Message }, ServerJson.Options), "IE"));
            }

            var (status, outcome) = finished;
            var heldBack = await progress.TakeHeldBackAsync().ConfigureAwait(false);
            bool completed;
            try
            {
                // Not cut off by the stop (a finished job is completed during the drain); safe to repeat: only the lease holder completes, and only an unfinished job.
                completed = await retry.RunAsync(
                    token => store.CompleteAsync(id, identity.Id, heldBack, status, outcome, time.GetUtcNow(), token),
                    stopping.HandBack).ConfigureAwait(false);
            }
            catch (StoreUnavailableException e)
            {
                LogGivenUp(logger, id, e.Message);
                return;
            }

            if (completed)
            {
                var verdict = outcome.Verdict ?? status.ToString();
                span?.SetTag("arbiter.verdict", verdict);
                var elapsed = time.GetElapsedTime(started);
                metrics.Finished(verdict, elapsed);
                LogJobFinished(logger, id, verdict, elapsed.TotalMilliseconds);
                completions.Completed(id);
                if (job.CallbackUrl is not null)
                {
                    callbacks.Enqueue(id);
                }
            }
            else
            {
                LogLeaseLost(logger, id);
            }
        }
        finally
        {
            identity.Finished();
        }
    }

    /// <summary>Renews the lease at a third of its length; if it is lost (the store says another
    /// worker has it), the job is cancelled here.</summary>
    private Timer RenewWhileRunning(string id, TimeSpan leaseFor, CancellationTokenSource lost) => new(async _ =>
    {
        try
        {
            if (!await store.RenewLeaseAsync(id, identity.Id, leaseFor, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
            {
                await lost.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (StoreUnavailableException e)
        {
            // The next renewal tries again; a lease that expires meanwhile is taken over.
            outage.Failed("a worker renewing a lease", e);
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            LogRenewFailed(logger, id, e.Message);
        }
        catch (ObjectDisposedException)
        {
            // the job finished meanwhile
        }
    }, null, leaseFor / 3, leaseFor / 3);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {SubmissionId} ({Kind}) started, attempt {Attempt}")]
    private static partial void LogJobStarted(ILogger logger, string submissionId, SubmissionKind kind, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {SubmissionId} finished: {Verdict} in {Milliseconds:0.0} ms")]
    private static partial void LogJobFinished(ILogger logger, string submissionId, string verdict, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {SubmissionId} failed")]
    private static partial void LogJobFailed(ILogger logger, string submissionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {SubmissionId}: the lease was lost; another worker finishes it")]
    private static partial void LogLeaseLost(ILogger logger, string submissionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {SubmissionId}: the store stayed unavailable ({Reason}); given up without a result, " +
        "it runs again when its lease expires")]
    private static partial void LogGivenUp(ILogger logger, string submissionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {SubmissionId}: renewing the lease failed: {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string submissionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopped; {Count} unfinished jobs handed back to the queue")]
    private static partial void LogStopped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker stopped; handing its unfinished jobs back failed ({Reason}): they run again when their leases expire")]
    private static partial void LogHandBackFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker loop error (job {SubmissionId})")]
    private static partial void LogLoopError(ILogger logger, string? submissionId, Exception exception);
}

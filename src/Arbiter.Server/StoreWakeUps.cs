using System.Globalization;
using Arbiter.Server.Features.Submissions;
using Arbiter.Server.Jobs;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server;

/// <summary>
/// Over PostgreSQL, where the API and the workers may be different processes, turns the store's
/// notifications into this process's in-process signals: queued work wakes the idle workers,
/// a stored result wakes the <c>?wait=true</c> request waiting for it. One dedicated connection
/// listens; when it drops, it is opened again with backoff, one warning per outage, and the
/// server goes on meanwhile on its polls (which is all a lost notification costs).
/// </summary>
internal sealed partial class StoreWakeUps(
    IArbiterStore store,
    WorkSignal work,
    CompletionSignals completions,
    IOptions<ServerOptions> options,
    StoreOutage outage,
    TimeProvider time,
    ILogger<StoreWakeUps> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // SQLite serves one process, whose signals are already in-process.
        if (store is not PostgresStore postgres)
        {
            return;
        }

        var retry = FirstRetry;
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await postgres.ListenAsync(Heard, () =>
                {
                    if (lost)
                    {
                        LogListeningAgain(logger);
                    }

                    lost = false;
                    retry = FirstRetry;
                    // Work queued while nobody listened was announced to no one.
                    Wake(1);
                }, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!lost)
                {
                    // A store that is down altogether is the outage's one warning, not this one's.
                    if (e is StoreUnavailableException unavailable)
                    {
                        outage.Failed("the notification listener", unavailable);
                    }
                    else
                    {
                        LogListenerLost(logger, e.Message);
                    }

                    lost = true;
                }

                await Task.Delay(retry, time, stoppingToken).ConfigureAwait(false);
                retry = retry * 2 < LongestRetry ? retry * 2 : LongestRetry;
            }
        }
    }

    private void Heard(string channel, string payload)
    {
        if (channel == PostgresNotifications.Queued)
        {
            Wake(int.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var jobs) ? jobs : 1);
        }
        else if (channel == PostgresNotifications.Finished && options.Value.RunsApi)
        {
            completions.Completed(payload);
        }
    }

    private void Wake(int jobs)
    {
        // An API-only process has no worker to take the permits.
        if (options.Value.RunsWorkers)
        {
            work.Notify(jobs);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL notification connection ({Reason}); polling the store until it is back")]
    private static partial void LogListenerLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for PostgreSQL notifications again")]
    private static partial void LogListeningAgain(ILogger logger);
}

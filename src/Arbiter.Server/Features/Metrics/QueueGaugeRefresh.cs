namespace Arbiter.Server.Features.Metrics;

/// <summary>
/// Re-reads the store's gauges (<see cref="QueueGauges"/>) every few seconds while metrics go
/// out over OTLP, whose periodic export, unlike a scrape of /metrics, asks nobody first.
/// </summary>
internal sealed partial class QueueGaugeRefresh(QueueGauges gauges, TimeProvider time, ILogger<QueueGaugeRefresh> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await gauges.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the queue's gauges for OTLP: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}

using Microsoft.Extensions.Options;

namespace Arbiter.Server.Jobs;

/// <summary>
/// The graceful stop of a worker. When the host begins stopping (SIGTERM, Ctrl+C, a stop
/// request) the job loops stop leasing at once; running jobs may finish for
/// <see cref="ServerOptions.DrainSeconds"/>, after which <see cref="HandBack"/> cancels them and
/// the worker gives their leases back (<c>IJobLeases.ReleaseLeasesAsync</c>) so another worker
/// starts them at once instead of after the lease expires.
/// </summary>
internal sealed partial class WorkerStopping : IDisposable
{
    private readonly CancellationTokenSource _handBack = new();
    private readonly ILogger<WorkerStopping> _logger;
    private ITimer? _deadline;

    public WorkerStopping(IHostApplicationLifetime lifetime, IOptions<ServerOptions> options, TimeProvider time, ILogger<WorkerStopping> logger)
    {
        _logger = logger;
        var drain = TimeSpan.FromSeconds(options.Value.DrainSeconds);
        lifetime.ApplicationStopping.Register(() =>
        {
            LogDraining(_logger, drain.TotalSeconds);
            _deadline = time.CreateTimer(_ => _handBack.Cancel(), null, drain, Timeout.InfiniteTimeSpan);
        });
    }

    /// <summary>Cancelled when the drain is over: jobs still running are then handed back.</summary>
    public CancellationToken HandBack => _handBack.Token;

    /// <summary>How long the host must wait for the workers to stop: the drain, plus time to
    /// cancel the last runs and give their leases back.</summary>
    public static TimeSpan ShutdownTimeout(ServerOptions options) => TimeSpan.FromSeconds(options.DrainSeconds + 20);

    public void Dispose()
    {
        _deadline?.Dispose();
        _handBack.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: no new jobs; running jobs have {Seconds} s to finish before they are handed back")]
    private static partial void LogDraining(ILogger logger, double seconds);
}

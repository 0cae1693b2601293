using Arbiter.Storage;

namespace Arbiter.Server;

/// <summary>
/// This process's view of whether the store answers, so an outage is logged once, not once per
/// idle poll of every worker loop, request and scan. The first <see cref="StoreUnavailableException"/>
/// after a good spell logs one warning; the first success after it logs one line saying how long
/// it lasted. Where nothing reports a success (an API-only process between requests), a failure
/// after <see cref="QuietSpell"/> without any counts as a new outage.
/// </summary>
internal sealed partial class StoreOutage(TimeProvider time, ILogger<StoreOutage> logger)
{
    /// <summary>How long failures may pause before the next one is taken for a new outage.</summary>
    public static readonly TimeSpan QuietSpell = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private DateTimeOffset _lastFailure;

    /// <summary>Whether the last word about the store was a failure.</summary>
    public bool IsDown
    {
        get
        {
            lock (_gate)
            {
                return _since is not null;
            }
        }
    }

    /// <summary>The store could not be reached by <paramref name="what"/>.</summary>
    public void Failed(string what, StoreUnavailableException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var isNew = _since is null || now - _lastFailure > QuietSpell;
            _lastFailure = now;
            if (!isNew)
            {
                return;
            }

            _since = now;
        }

        LogDown(logger, what, exception.Message);
    }

    /// <summary>The store answered.</summary>
    public void Succeeded()
    {
        double seconds;
        lock (_gate)
        {
            if (_since is not { } down)
            {
                return;
            }

            seconds = (time.GetUtcNow() - down).TotalSeconds;
            _since = null;
        }

        LogBack(logger, seconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store is unavailable ({What}: {Reason}); the API answers 503 and workers wait and retry until it is back")]
    private static partial void LogDown(ILogger logger, string what, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The store is available again after {Seconds:0.0} s")]
    private static partial void LogBack(ILogger logger, double seconds);
}

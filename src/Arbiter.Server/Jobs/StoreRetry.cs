using Arbiter.Storage;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Arbiter.Server.Jobs;

/// <summary>
/// How a worker rides out a store that is briefly gone (a restart, a failover, a connection
/// cut by an idle reaper or <c>pg_terminate_backend</c>): an operation that failed with
/// <see cref="StoreUnavailableException"/> is tried again after 0.2 s, 0.4 s, 0.8 s… (with
/// jitter, at most 5 s apart) for up to <see cref="Attempts"/> tries, about 12 s in all. A try
/// that has not answered within <see cref="AttemptTimeout"/> is cancelled and counts as failed,
/// so one hung connection cannot hold a worker. Only failures of the store are retried, never a
/// store's "no" (a lost lease, a conflict).
/// <para>
/// The operations retried are safe to repeat: reads; progress and completion, which the
/// store guards by lease holder and unfinished status, so a repeat of one that had committed
/// changes nothing. When the tries run out, the worker gives the job up without a result and
/// the lease expires, so the job runs again (<see cref="JobWorker"/>): a store failure is
/// never a submission's verdict.
/// </para>
/// </summary>
internal sealed class StoreRetry
{
    /// <summary>Tries in all, the first included.</summary>
    public const int Attempts = 7;

    /// <summary>The longest one try may take.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    private readonly ResiliencePipeline _pipeline;
    private readonly StoreOutage _outage;

    public StoreRetry(StoreOutage outage, TimeProvider time)
    {
        _outage = outage;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<StoreUnavailableException>().Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = Attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is StoreUnavailableException unavailable)
                    {
                        _outage.Failed("a worker", unavailable);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(AttemptTimeout)
            .Build();
    }

    /// <summary>Runs <paramref name="operation"/>, retrying it while the store is unavailable;
    /// throws <see cref="StoreUnavailableException"/> when every try failed.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        T result;
        try
        {
            result = await _pipeline.ExecuteAsync(async token => await operation(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new StoreUnavailableException($"the store did not answer within {AttemptTimeout.TotalSeconds:0} s, {Attempts} times", e);
        }

        _outage.Succeeded();
        return result;
    }
}

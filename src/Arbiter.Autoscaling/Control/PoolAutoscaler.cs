using Arbiter.Autoscaling.Policies;
using Microsoft.Extensions.Logging;

namespace Arbiter.Autoscaling.Control;

/// <summary>
/// The control loop of one pool: every interval it reads the pool's signals and the actuator's
/// replica counts, asks the policy, applies the bounds, sets the replica count through the
/// actuator, logs the decision with its inputs and publishes it as metrics.
/// </summary>
public sealed partial class PoolAutoscaler(
    WorkerPool pool,
    IScalingPolicy policy,
    ScalingBounds bounds,
    int slotsPerReplica,
    TimeSpan interval,
    ISignalSource signals,
    IActuator actuator,
    AutoscalerMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    private DateTimeOffset? _last;
    private DateTimeOffset _started;

    public WorkerPool Pool => pool;

    /// <summary>Brings the pool within bounds at once (no policy yet: nothing is measured).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _started = time.GetUtcNow();
        _last = _started;
        var counts = await actuator.GetAsync(pool, cancellationToken).ConfigureAwait(false);
        var initial = bounds.Apply(new ScalingDecision(counts.Desired, "start")).Replicas;
        if (initial != counts.Desired)
        {
            await actuator.ScaleAsync(pool, initial, cancellationToken).ConfigureAwait(false);
        }

        metrics.Record(pool.Name, policy.Name, initial);
    }

    /// <summary>One decision.</summary>
    public async Task<(PoolSignals Signals, ScalingDecision Decision)> StepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = _last ?? now - interval;
        _last = now;
        var load = await signals.ReadAsync(pool, from, now, cancellationToken).ConfigureAwait(false);
        var counts = await actuator.GetAsync(pool, cancellationToken).ConfigureAwait(false);
        var observed = new PoolSignals(
            now - _started,
            now - from,
            load.Arrivals,
            load.QueueDepth,
            load.OldestWait,
            load.BusySlots,
            load.Completed,
            load.MeanServiceSeconds,
            counts.Ready,
            counts.Starting,
            counts.Draining,
            counts.Desired,
            slotsPerReplica,
            counts.StartupSeconds,
            load.ServiceCv,
            load.MeanWaitSeconds);
        var decision = bounds.Apply(policy.Decide(observed));
        if (decision.Replicas != counts.Desired)
        {
            await actuator.ScaleAsync(pool, decision.Replicas, cancellationToken).ConfigureAwait(false);
        }

        metrics.Record(pool.Name, policy.Name, decision.Replicas);
        LogDecision(logger, pool.Name, policy.Name, decision.Replicas, counts.Desired, observed.Arrivals, observed.ArrivalRate, observed.QueueDepth,
            observed.OldestWait.TotalSeconds, observed.MeanWaitSeconds * 1000, observed.BusySlots,
            observed.ReadyReplicas, observed.StartingReplicas, observed.DrainingReplicas, load.LiveWorkers,
            observed.MeanServiceSeconds * 1000, observed.StartupSeconds, decision.Reason);
        return (observed, decision);
    }

    /// <summary>Decides every interval until cancelled; a failed step is logged and the loop goes on.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await StepAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogStepFailed(logger, pool.Name, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool} ({Policy}): {Replicas} replicas (was {Previous}); arrivals {Arrivals} ({Rate:0.##}/s), queue {Queue}, " +
        "oldest wait {OldestWaitSeconds:0.#} s, mean wait {MeanWaitMs:0} ms, busy slots {Busy:0.##}, ready {Ready}, starting {Starting}, draining {Draining}, " +
        "live workers {Live}, service {ServiceMs:0} ms, start-up {StartupSeconds:0.#} s: {Reason}")]
    private static partial void LogDecision(
        ILogger logger,
        string pool,
        string policy,
        int replicas,
        int previous,
        long arrivals,
        double rate,
        long queue,
        double oldestWaitSeconds,
        double? meanWaitMs,
        double busy,
        int ready,
        int starting,
        int draining,
        int live,
        double? serviceMs,
        double? startupSeconds,
        string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool}: the autoscaler's step failed: {Reason}")]
    private static partial void LogStepFailed(ILogger logger, string pool, string reason);
}

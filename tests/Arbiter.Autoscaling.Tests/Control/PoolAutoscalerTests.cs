using Arbiter.Autoscaling.Control;
using Arbiter.Autoscaling.Policies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Arbiter.Autoscaling.Tests.Control;

public sealed class PoolAutoscalerTests
{
    private static readonly WorkerPool Pool = new("py", ["python3"]);

    /// <summary>An actuator that only remembers what it was asked: the controller's side of the contract.</summary>
    private sealed class RecordingActuator(int replicas) : IActuator
    {
        public List<int> Scaled { get; } = [];

        public int Replicas { get; private set; } = replicas;

        public string Name => "recording";

        public Task<ReplicaCounts> GetAsync(WorkerPool pool, CancellationToken cancellationToken) => Task.FromResult(new ReplicaCounts(Replicas, Replicas, 0, 0, 2));

        public Task ScaleAsync(WorkerPool pool, int replicas, CancellationToken cancellationToken)
        {
            Scaled.Add(replicas);
            Replicas = replicas;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FixedSignals(LoadSignals load) : ISignalSource
    {
        public List<(DateTimeOffset From, DateTimeOffset To)> Windows { get; } = [];

        public Task<LoadSignals> ReadAsync(WorkerPool pool, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
        {
            Windows.Add((windowStart, windowEnd));
            return Task.FromResult(load);
        }
    }

    private sealed class FixedPolicy(int replicas) : IScalingPolicy
    {
        public PoolSignals? Seen { get; private set; }

        public string Name => "fixed";

        public ScalingDecision Decide(PoolSignals signals)
        {
            Seen = signals;
            return new ScalingDecision(replicas, "fixed");
        }
    }

    [Fact]
    public async Task Start_BringsThePoolWithinTheBounds()
    {
        var actuator = new RecordingActuator(0);
        using var metrics = new AutoscalerMetrics();
        var autoscaler = new PoolAutoscaler(Pool, new FixedPolicy(3), new ScalingBounds(2, 5), 1, TimeSpan.FromSeconds(10),
            new FixedSignals(new LoadSignals(0, 0, TimeSpan.Zero, 0, 0, null, null, 0)), actuator, metrics, new FakeTimeProvider(), NullLogger.Instance);

        await autoscaler.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal([2], actuator.Scaled);
    }

    [Theory]
    [InlineData(50, 5)]
    [InlineData(0, 2)]
    [InlineData(4, 4)]
    public async Task Step_AppliesTheBoundsToWhatThePolicyWants(int wanted, int expected)
    {
        var actuator = new RecordingActuator(3);
        using var metrics = new AutoscalerMetrics();
        var autoscaler = new PoolAutoscaler(Pool, new FixedPolicy(wanted), new ScalingBounds(2, 5), 1, TimeSpan.FromSeconds(10),
            new FixedSignals(new LoadSignals(0, 0, TimeSpan.Zero, 0, 0, null, null, 0)), actuator, metrics, new FakeTimeProvider(), NullLogger.Instance);

        var (_, decision) = await autoscaler.StepAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected, decision.Replicas);
        Assert.Equal(expected, actuator.Replicas);
        Assert.Contains($"arbiter_autoscaler_desired_replicas{{pool=\"py\",policy=\"fixed\"}} {expected}", metrics.PrometheusText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_HandsThePolicyTheStoreSignalsAndTheActuatorCounts_OverTheTimeSinceTheLastStep()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var actuator = new RecordingActuator(3);
        var signals = new FixedSignals(new LoadSignals(40, 7, TimeSpan.FromSeconds(3), 2.5, 38, 0.4, 0.2, 3));
        var policy = new FixedPolicy(3);
        using var metrics = new AutoscalerMetrics();
        var autoscaler = new PoolAutoscaler(Pool, policy, new ScalingBounds(1, 10), 2, TimeSpan.FromSeconds(10), signals, actuator, metrics, time, NullLogger.Instance);
        await autoscaler.StartAsync(TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromSeconds(12));
        await autoscaler.StepAsync(TestContext.Current.CancellationToken);

        var seen = policy.Seen!;
        Assert.Equal((40L, 7L, 2.5, 38L, 0.4, 0.2), (seen.Arrivals, seen.QueueDepth, seen.BusySlots, seen.Completed, seen.MeanServiceSeconds, seen.ServiceCv));
        Assert.Equal((3, 0, 0, 3, 2, 2.0), (seen.ReadyReplicas, seen.StartingReplicas, seen.DrainingReplicas, seen.DesiredReplicas, seen.SlotsPerReplica, seen.StartupSeconds));
        Assert.Equal(TimeSpan.FromSeconds(12), seen.Window);
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(12), signals.Windows[^1].From);
        Assert.Empty(actuator.Scaled); // 3 wanted, 3 there: nothing to do
    }
}

using System.Diagnostics.Metrics;
using Arbiter.Sandbox;

namespace Arbiter.Server.Features.Metrics;

/// <summary>
/// The service's numbers as System.Diagnostics.Metrics instruments on the meter "Arbiter":
/// submissions accepted, jobs finished by verdict, queue wait, job and per-step (compile, run,
/// tests, check) latency histograms, and gauges of the queue, the workers and this process's
/// sandboxes. They are recorded once, here; OpenTelemetry exports them (<see cref="Telemetry"/>):
/// /metrics in Prometheus' text format, OTLP when an endpoint is set. The Prometheus names are
/// the instrument names with dots as underscores and the unit's suffix
/// (<c>arbiter.queue.wait</c> in seconds → <c>arbiter_queue_wait_seconds</c>), counters with
/// <c>_total</c>.
/// </summary>
internal sealed class ServiceMetrics
{
    public const string MeterName = "Arbiter";

    /// <summary>Seconds, from a cached compile (milliseconds) to a long judging (a minute).</summary>
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _jobDuration;
    private readonly Histogram<double> _stepDuration;

    public ServiceMetrics(IMeterFactory meters, QueueGauges queue, IServiceProvider services)
    {
        var meter = meters.Create(MeterName);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets };
        _accepted = meter.CreateCounter<long>("arbiter.submissions.accepted", description: "Submissions accepted by this process.");
        _finished = meter.CreateCounter<long>("arbiter.jobs.finished", description: "Jobs finished by this process, by verdict.");
        _queueWait = meter.CreateHistogram("arbiter.queue.wait", "s", "Time from submission to a worker starting it.", advice: seconds);
        _jobDuration = meter.CreateHistogram("arbiter.job.duration", "s", "Time a worker spent on a job (compile, tests, checks).", advice: seconds);
        _stepDuration = meter.CreateHistogram("arbiter.step.duration", "s", "Time of one step of a job, by step (compile, run, tests, check).", advice: seconds);

        // Read when an exporter collects: the store's numbers from the snapshot QueueGauges
        // takes before each scrape, the sandboxes' straight from this process's pool.
        meter.CreateObservableGauge("arbiter.queue.depth", () => queue.Current.Depth, description: "Submissions waiting for a worker.");
        meter.CreateObservableGauge("arbiter.queue.unroutable",
            () => queue.Current.Unroutable.Select(l => new Measurement<long>(l.Value, new KeyValuePair<string, object?>("language", l.Key))),
            description: "Submissions waiting that no live worker will start, by language.");
        meter.CreateObservableGauge("arbiter.workers.alive", () => queue.Current.WorkersAlive, description: "Workers with a heartbeat in the last 30 s.");
        meter.CreateObservableGauge("arbiter.sandbox.slots.busy", () => services.GetService<SandboxPool>()?.Busy ?? 0, description: "Sandboxes running a program in this process.");
        meter.CreateObservableGauge("arbiter.sandbox.slots", () => services.GetService<SandboxPool>()?.Capacity ?? 0, description: "Sandboxes this process may run at once.");
    }

    public void Accepted(int count) => _accepted.Add(count);

    public void QueueWait(TimeSpan wait) => _queueWait.Record(wait.TotalSeconds);

    public void Finished(string verdict, TimeSpan duration)
    {
        _finished.Add(1, new KeyValuePair<string, object?>("verdict", verdict));
        _jobDuration.Record(duration.TotalSeconds);
    }

    /// <summary>One step of a job took <paramref name="duration"/>: "compile" (a cache hit
    /// included), "run" (a playground run), "tests" (a judged submission's tests) or "check"
    /// (its output validation).</summary>
    public void Step(string step, TimeSpan duration) =>
        _stepDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("step", step));
}

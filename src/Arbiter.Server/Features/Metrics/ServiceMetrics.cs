using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Arbiter.Server.Features.Metrics;

/// <summary>
/// The service's numbers: submissions accepted, jobs finished by verdict, queue wait, job and
/// per-step (compile, run, tests, check) latency histograms. Published as System.Diagnostics.Metrics instruments (meter "Arbiter") for
/// any exporter, and rendered here in Prometheus' text format for /metrics.
/// </summary>
internal sealed class ServiceMetrics : IDisposable
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private readonly Meter _meter = new("Arbiter");
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _jobDuration;
    private readonly Histogram<double> _stepDuration;
    private readonly ConcurrentDictionary<string, long> _byVerdict = new(StringComparer.Ordinal);
    private readonly Distribution _queueWaitSeconds = new();
    private readonly Distribution _jobSeconds = new();
    private readonly ConcurrentDictionary<string, Distribution> _stepSeconds = new(StringComparer.Ordinal);
    private long _acceptedTotal;

    public ServiceMetrics()
    {
        _accepted = _meter.CreateCounter<long>("arbiter.submissions.accepted");
        _finished = _meter.CreateCounter<long>("arbiter.jobs.finished");
        _queueWait = _meter.CreateHistogram<double>("arbiter.queue.wait", "s");
        _jobDuration = _meter.CreateHistogram<double>("arbiter.job.duration", "s");
        _stepDuration = _meter.CreateHistogram<double>("arbiter.step.duration", "s");
    }

    public void Accepted(int count)
    {
        Interlocked.Add(ref _acceptedTotal, count);
        _accepted.Add(count);
    }

    public void QueueWait(TimeSpan wait)
    {
        _queueWaitSeconds.Add(wait.TotalSeconds);
        _queueWait.Record(wait.TotalSeconds);
    }

    public void Finished(string verdict, TimeSpan duration)
    {
        _byVerdict.AddOrUpdate(verdict, 1, (_, n) => n + 1);
        _finished.Add(1, new KeyValuePair<string, object?>("verdict", verdict));
        _jobSeconds.Add(duration.TotalSeconds);
        _jobDuration.Record(duration.TotalSeconds);
    }

    /// <summary>One step of a job took <paramref name="duration"/>: "compile" (a cache hit
    /// included), "run" (a playground run), "tests" (a judged submission's tests) or "check"
    /// (its output validation).</summary>
    public void Step(string step, TimeSpan duration)
    {
        _stepSeconds.GetOrAdd(step, _ => new Distribution()).Add(duration.TotalSeconds);
        _stepDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("step", step));
    }

    /// <summary>Prometheus text exposition, with the gauges read now.</summary>
    /// <param name="queueDepth">Submissions waiting.</param>
    /// <param name="unroutable">Of those, per language, the ones no live worker will start
    /// (none offers the language, or all that do are draining): what an operator alerts on.</param>
    /// <param name="slotsBusy">Sandboxes busy in this process.</param>
    /// <param name="slotsTotal">Sandboxes this process may run.</param>
    /// <param name="workersAlive">Workers with a recent heartbeat.</param>
    public string Render(long queueDepth, IReadOnlyDictionary<string, long> unroutable, int slotsBusy, int slotsTotal, int workersAlive)
    {
        var text = new StringBuilder();
        Gauge(text, "arbiter_queue_depth", "Submissions waiting for a worker.", queueDepth);
        text.Append("# HELP arbiter_queue_unroutable Submissions waiting that no live worker will start, by language.\n# TYPE arbiter_queue_unroutable gauge\n");
        foreach (var (language, count) in unroutable.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"arbiter_queue_unroutable{{language=\"{language}\"}} {count}\n");
        }

        Gauge(text, "arbiter_sandbox_slots_busy", "Sandboxes running a program in this process.", slotsBusy);
        Gauge(text, "arbiter_sandbox_slots", "Sandboxes this process may run at once.", slotsTotal);
        Gauge(text, "arbiter_workers_alive", "Workers with a heartbeat in the last 30 s.", workersAlive);
        text.Append("# HELP arbiter_submissions_accepted_total Submissions accepted by this process.\n# TYPE arbiter_submissions_accepted_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"arbiter_submissions_accepted_total {Interlocked.Read(ref _acceptedTotal)}\n");
        text.Append("# HELP arbiter_jobs_finished_total Jobs finished by this process, by verdict.\n# TYPE arbiter_jobs_finished_total counter\n");
        foreach (var (verdict, count) in _byVerdict.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"arbiter_jobs_finished_total{{verdict=\"{verdict}\"}} {count}\n");
        }

        _queueWaitSeconds.Render(text, "arbiter_queue_wait_seconds", "Time from submission to a worker starting it.");
        _jobSeconds.Render(text, "arbiter_job_duration_seconds", "Time a worker spent on a job (compile, tests, checks).");
        const string step = "arbiter_step_duration_seconds";
        text.Append(CultureInfo.InvariantCulture, $"# HELP {step} Time of one step of a job, by step (compile, run, tests, check).\n# TYPE {step} histogram\n");
        foreach (var (name, distribution) in _stepSeconds.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            distribution.RenderSeries(text, step, $"step=\"{name}\"");
        }

        return text.ToString();
    }

    public void Dispose() => _meter.Dispose();

    private static void Gauge(StringBuilder text, string name, string help, double value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");

    /// <summary>A cumulative histogram over fixed buckets.</summary>
    private sealed class Distribution
    {
        private readonly long[] _counts = new long[Buckets.Length];
        private readonly Lock _lock = new();
        private long _total;
        private double _sum;

        public void Add(double value)
        {
            lock (_lock)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (value <= Buckets[i])
                    {
                        _counts[i]++;
                    }
                }

                _total++;
                _sum += value;
            }
        }

        public void Render(StringBuilder text, string name, string help)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} histogram\n");
            RenderSeries(text, name, labels: null);
        }

        /// <summary>The bucket, sum and count lines of one series; <paramref name="labels"/>
        /// (e.g. <c>step="compile"</c>) tell it apart from the family's other series.</summary>
        public void RenderSeries(StringBuilder text, string name, string? labels)
        {
            var prefix = labels is null ? "" : labels + ",";
            var own = labels is null ? "" : "{" + labels + "}";
            lock (_lock)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"{Buckets[i]}\"}} {_counts[i]}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"+Inf\"}} {_total}\n{name}_sum{own} {_sum}\n{name}_count{own} {_total}\n");
            }
        }
    }
}

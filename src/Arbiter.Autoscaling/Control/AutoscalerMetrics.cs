using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Arbiter.Autoscaling.Control;

/// <summary>
/// The controller's decisions as metrics: <c>arbiter_autoscaler_desired_replicas{pool,policy}</c>
/// (a gauge) and <c>arbiter_autoscaler_decisions_total{pool,policy}</c>, published on the
/// <c>Arbiter.Autoscaling</c> meter (for OpenTelemetry) and as Prometheus text
/// (<see cref="PrometheusText"/>, which <c>arbiter autoscale run --metrics-file</c> writes for a
/// textfile collector).
/// </summary>
public sealed class AutoscalerMetrics : IDisposable
{
    public const string MeterName = "Arbiter.Autoscaling";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _decisions;
    private readonly ConcurrentDictionary<(string Pool, string Policy), (int Replicas, long Decisions)> _state = new();

    public AutoscalerMetrics()
    {
        _decisions = _meter.CreateCounter<long>("arbiter_autoscaler_decisions_total", description: "Scaling decisions taken");
        _meter.CreateObservableGauge("arbiter_autoscaler_desired_replicas", () =>
            _state.Select(kv => new Measurement<int>(
                kv.Value.Replicas,
                new KeyValuePair<string, object?>("pool", kv.Key.Pool),
                new KeyValuePair<string, object?>("policy", kv.Key.Policy))),
            description: "Replicas the autoscaler asked for");
    }

    public void Record(string pool, string policy, int replicas)
    {
        _state.AddOrUpdate((pool, policy), (replicas, 1), (_, old) => (replicas, old.Decisions + 1));
        _decisions.Add(1, new KeyValuePair<string, object?>("pool", pool), new KeyValuePair<string, object?>("policy", policy));
    }

    public string PrometheusText()
    {
        var text = new StringBuilder();
        text.Append("# HELP arbiter_autoscaler_desired_replicas Replicas the autoscaler asked for\n# TYPE arbiter_autoscaler_desired_replicas gauge\n");
        foreach (var ((pool, policy), (replicas, _)) in _state.OrderBy(kv => kv.Key.Pool, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"arbiter_autoscaler_desired_replicas{{pool=\"{pool}\",policy=\"{policy}\"}} {replicas}\n");
        }

        text.Append("# HELP arbiter_autoscaler_decisions_total Scaling decisions taken\n# TYPE arbiter_autoscaler_decisions_total counter\n");
        foreach (var ((pool, policy), (_, decisions)) in _state.OrderBy(kv => kv.Key.Pool, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"arbiter_autoscaler_decisions_total{{pool=\"{pool}\",policy=\"{policy}\"}} {decisions}\n");
        }

        return text.ToString();
    }

    public void Dispose() => _meter.Dispose();
}

using Arbiter.Autoscaling.Queueing;

namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// Arbiter's own policy. It forecasts the arrival rate (damped Holt smoothing) as far ahead as a
/// replica takes to start plus one interval, adds a margin of the forecast's recent error, adds the
/// rate needed to clear any backlog within an interval, and sizes the pool for that rate with the
/// Erlang-C queue at the replica count that minimises the run's own penalty score
/// (<see cref="PenaltySizing"/>), using the service time it measures. It scales up at once and
/// down only to the highest need of the last <see cref="DownWindowIntervals"/> intervals: start-up
/// takes seconds, not the HPA's 5 minutes of caution.
/// </summary>
internal sealed class PredictivePolicy(PolicySettings settings) : IScalingPolicy
{
    public const int DownWindowIntervals = 3;

    private readonly HoltForecaster _rate = new(alpha: 0.6, beta: 0.3, phi: 0.8);
    private readonly Queue<int> _needs = new();
    private double _serviceSeconds = settings.ServiceSeconds;
    private double _error;
    private double _lastForecast = double.NaN;
    private double _rateSum;
    private int _windows;

    public string Name => "predictive";

    public ScalingDecision Decide(PoolSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var observed = signals.ArrivalRate;
        if (!double.IsNaN(_lastForecast))
        {
            _error = (0.7 * _error) + (0.3 * Math.Abs(observed - _lastForecast));
        }

        _rate.Update(observed);
        _rateSum += observed;
        _windows++;
        if (signals.MeanServiceSeconds is { } measured && signals.Completed > 0 && measured > 0)
        {
            // Weigh by how many completions the window measured.
            var weight = Math.Min(0.8, signals.Completed / 50.0);
            _serviceSeconds = ((1 - weight) * _serviceSeconds) + (weight * measured);
        }

        var interval = settings.Interval.TotalSeconds;
        var lead = signals.StartupSeconds ?? settings.StartupSeconds;
        var steps = Math.Max(1, (int)Math.Ceiling((lead + interval) / interval));
        var forecast = _rate.Level;
        for (var h = 1; h <= steps; h++)
        {
            forecast = Math.Max(forecast, _rate.Forecast(h));
        }

        _lastForecast = Math.Max(0, _rate.Forecast(1));
        var capacityRate = signals.SlotsPerReplica * Math.Max(1, signals.DesiredReplicas) / _serviceSeconds;
        var expectedQueue = Math.Max(0, forecast) * ErlangC.MeanWait(Math.Max(1, signals.DesiredReplicas) * signals.SlotsPerReplica, Math.Min(forecast, capacityRate * 0.99), _serviceSeconds);
        var backlog = Math.Max(0, signals.QueueDepth - expectedQueue);
        var rate = Math.Max(0, forecast) + _error + (backlog / interval);
        var meanRate = _rateSum / _windows;
        var weightOfNow = meanRate > 0 ? Math.Max(rate, observed) / meanRate : 1;
        var need = PenaltySizing.Replicas(rate, _serviceSeconds, signals.SlotsPerReplica, weightOfNow, settings.Penalty.ScarcityFactor);

        _needs.Enqueue(need);
        while (_needs.Count > DownWindowIntervals)
        {
            _needs.Dequeue();
        }

        var replicas = need >= signals.DesiredReplicas ? need : Math.Min(signals.DesiredReplicas, _needs.Max());
        return new ScalingDecision(replicas,
            $"rate {observed:0.##}/s, forecast {forecast:0.##}/s (+{_error:0.##} error, +{backlog / interval:0.##} backlog), service {_serviceSeconds * 1000:0} ms, lead {lead:0.#} s → need {need}; {replicas}");
    }
}

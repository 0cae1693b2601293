namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// The paper's predictive setup (a Predictive HPA): the reactive rule's raw recommendation is
/// remembered, the last <see cref="PolicySettings.History"/> (12) of them feed a model that
/// forecasts the recommendation one interval ahead, and the forecast, rounded up, goes through the
/// same HPA behaviour (scale-up limit, 5-minute scale-down stabilisation).
/// </summary>
internal sealed class ForecastPolicy(string name, IReplicaForecast model, PolicySettings settings) : IScalingPolicy
{
    private readonly HpaBehaviour _behaviour = new(settings.ScaleDownStabilisation);
    private readonly List<int> _history = [];

    public string Name => name;

    public ScalingDecision Decide(PoolSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var raw = HpaRule.Recommend(signals, settings.TargetUtilisation, settings.Tolerance);
        _history.Add(raw);
        if (_history.Count > settings.History)
        {
            _history.RemoveAt(0);
        }

        var forecast = model.Forecast(_history);
        var wanted = HpaRule.CeilingOf(forecast);
        var replicas = _behaviour.Apply(wanted, signals.DesiredReplicas, signals.At);
        return new ScalingDecision(replicas,
            $"utilisation {signals.Utilisation:0.00} → {raw}; {name} forecast {forecast:0.00} over {_history.Count}; stabilised {replicas}");
    }
}

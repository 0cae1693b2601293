namespace Arbiter.Autoscaling.Policies;

/// <summary>Forecasts the next value of a short series of replica recommendations (oldest first).</summary>
internal interface IReplicaForecast
{
    double Forecast(IReadOnlyList<int> history);
}

namespace Arbiter.Autoscaling.Policies;

/// <summary>Ordinary least squares of recommendation on time step over the history, evaluated one
/// step past the last; never below 0. One point forecasts itself.</summary>
internal sealed class LinearForecast : IReplicaForecast
{
    public double Forecast(IReadOnlyList<int> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var n = history.Count;
        if (n == 0)
        {
            return 0;
        }

        if (n == 1)
        {
            return history[0];
        }

        var meanX = (n - 1) / 2.0;
        var meanY = history.Average();
        double sxy = 0, sxx = 0;
        for (var x = 0; x < n; x++)
        {
            sxy += (x - meanX) * (history[x] - meanY);
            sxx += (x - meanX) * (x - meanX);
        }

        var slope = sxy / sxx;
        return Math.Max(0, meanY + (slope * (n - meanX)));
    }
}

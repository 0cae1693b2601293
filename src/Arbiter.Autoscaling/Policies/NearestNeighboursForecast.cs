namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// k-nearest-neighbours regression of recommendation on time step, the feature the paper's linear
/// regression uses too: the k steps nearest to the next one are the last k, so the forecast is their
/// mean. (The paper does not name its features; with only 12 points of one series, time is the
/// feature its PHPA models share.)
/// </summary>
internal sealed class NearestNeighboursForecast(int neighbours) : IReplicaForecast
{
    public double Forecast(IReadOnlyList<int> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return 0;
        }

        var k = Math.Min(neighbours, history.Count);
        return history.Skip(history.Count - k).Average();
    }
}

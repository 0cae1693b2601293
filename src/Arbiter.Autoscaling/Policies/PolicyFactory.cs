namespace Arbiter.Autoscaling.Policies;

/// <summary>The policies by their command-line names.</summary>
public static class PolicyFactory
{
    public static IReadOnlyList<string> Names { get; } = ["reactive", "linear", "knn", "predictive"];

    public static IScalingPolicy Create(string name, PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return name switch
        {
            "reactive" => new ReactivePolicy(settings),
            "linear" => new ForecastPolicy("linear", new LinearForecast(), settings),
            "knn" => new ForecastPolicy("knn", new NearestNeighboursForecast(settings.Neighbours), settings),
            "predictive" => new PredictivePolicy(settings),
            _ => throw new ArgumentException($"unknown policy '{name}': use {string.Join(", ", Names)}"),
        };
    }
}

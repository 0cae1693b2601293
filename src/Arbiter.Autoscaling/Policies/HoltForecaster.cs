namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// Holt's linear exponential smoothing with a damped trend: a level and a trend updated from each
/// observation; h steps ahead is level + (φ + φ² + … + φʰ)·trend = level + φ(1 − φʰ)/(1 − φ)·trend. The damping keeps a steep climb
/// from being extrapolated for ever, the weakness of a straight-line fit.
/// </summary>
internal sealed class HoltForecaster(double alpha, double beta, double phi)
{
    private bool _started;

    public double Level { get; private set; }

    public double Trend { get; private set; }

    public void Update(double observation)
    {
        if (!_started)
        {
            Level = observation;
            Trend = 0;
            _started = true;
            return;
        }

        var previous = Level;
        Level = (alpha * observation) + ((1 - alpha) * (previous + (phi * Trend)));
        Trend = (beta * (Level - previous)) + ((1 - beta) * phi * Trend);
    }

    /// <summary>The forecast <paramref name="steps"/> observations ahead; a fraction of a step
    /// (a start-up shorter than an interval) continues the damped sum smoothly.</summary>
    public double Forecast(double steps)
    {
        var damping = phi == 1 ? steps : phi * (1 - Math.Pow(phi, steps)) / (1 - phi);
        return Level + (damping * Trend);
    }
}

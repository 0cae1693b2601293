namespace Arbiter.Autoscaling.Policies;

/// <summary>
/// Holt's linear exponential smoothing with a damped trend: a level and a trend updated from each
/// observation; h steps ahead is level + (φ + φ² + … + φʰ)·trend. The damping keeps a steep climb
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

    public double Forecast(int steps)
    {
        double damping = 0, power = 1;
        for (var i = 0; i < steps; i++)
        {
            power *= phi;
            damping += power;
        }

        return Level + (damping * Trend);
    }
}

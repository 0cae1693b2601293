namespace Arbiter.Autoscaling.Simulation;

/// <summary>Log-normal service times with a given mean and coefficient of variation (the
/// right-skewed shape of measured run times: most close to the median, a few much slower).
/// A coefficient of 0 gives the mean every time.</summary>
public sealed class LogNormalServiceTimes : IServiceTimes
{
    private readonly double _mu;
    private readonly double _sigma;

    public LogNormalServiceTimes(double mean, double coefficientOfVariation)
    {
        if (!double.IsFinite(mean) || mean <= 0 || mean > 3600)
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "the mean service time must be above 0 and at most 3600 s");
        }

        if (!double.IsFinite(coefficientOfVariation) || coefficientOfVariation is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(coefficientOfVariation), coefficientOfVariation, "the coefficient of variation must be 0 to 10");
        }

        Mean = mean;
        _sigma = Math.Sqrt(Math.Log(1 + (coefficientOfVariation * coefficientOfVariation)));
        _mu = Math.Log(mean) - (_sigma * _sigma / 2);
    }

    public double Mean { get; }

    public double Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (_sigma == 0)
        {
            return Mean;
        }

        // Box–Muller: two uniforms give one standard normal.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Exp(_mu + (_sigma * normal));
    }
}

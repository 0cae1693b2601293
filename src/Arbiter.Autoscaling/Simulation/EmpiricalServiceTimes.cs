namespace Arbiter.Autoscaling.Simulation;

/// <summary>Service times drawn uniformly from measured ones (e.g. read from the store).</summary>
public sealed class EmpiricalServiceTimes : IServiceTimes
{
    private readonly double[] _samples;

    public EmpiricalServiceTimes(IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        _samples = [.. samples];
        if (_samples.Length == 0 || _samples.Any(s => !double.IsFinite(s) || s <= 0 || s > 3600))
        {
            throw new ArgumentException("measured service times must be at least one, each above 0 and at most 3600 s");
        }

        Mean = _samples.Average();
    }

    public double Mean { get; }

    public int Count => _samples.Length;

    public double Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return _samples[random.Next(_samples.Length)];
    }
}

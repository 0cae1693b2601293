namespace Arbiter.Autoscaling.Traces;

/// <summary>
/// A request-rate trace: how many requests arrive in each second, from second 0 on. Values may
/// be fractional (a scaled trace); <see cref="ArrivalSchedule"/> turns them into arrival times.
/// </summary>
public sealed record Trace(string Name, IReadOnlyList<double> RequestsPerSecond)
{
    /// <summary>The longest trace accepted from any source: one week of seconds.</summary>
    public const int MaxSeconds = 7 * 24 * 3600;

    public int Seconds => RequestsPerSecond.Count;

    public double Total => RequestsPerSecond.Sum();

    public double Peak => RequestsPerSecond.Count == 0 ? 0 : RequestsPerSecond.Max();

    public double Mean => RequestsPerSecond.Count == 0 ? 0 : Total / RequestsPerSecond.Count;

    /// <summary>Every second's rate multiplied by <paramref name="factor"/>.</summary>
    public Trace Scale(double factor)
    {
        if (!double.IsFinite(factor) || factor < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "the scale must be a finite number ≥ 0");
        }

        return this with { RequestsPerSecond = [.. RequestsPerSecond.Select(r => r * factor)] };
    }

    /// <summary>The first <paramref name="seconds"/> seconds (all of it when shorter).</summary>
    public Trace Take(int seconds) =>
        seconds >= Seconds ? this : this with { RequestsPerSecond = [.. RequestsPerSecond.Take(Math.Max(0, seconds))] };

    /// <summary>Each run of <paramref name="factor"/> seconds squeezed into one: a day becomes
    /// 30 minutes with 48, and the rate is the sum of the seconds squeezed (the same requests,
    /// sooner).</summary>
    public Trace Compress(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        return this with
        {
            RequestsPerSecond = [.. RequestsPerSecond.Chunk(factor).Select(c => c.Sum())],
        };
    }
}

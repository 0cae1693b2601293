namespace Arbiter.Autoscaling.Traces;

/// <summary>
/// When each request of a trace is sent, in seconds from the start: a second with n requests
/// sends them evenly spaced within it (at (k + ½)/n), or at n seeded uniform times within it
/// (<see cref="ArrivalSpacing.Random"/>), and fractional rates carry over to the next second, so
/// a scaled trace loses no requests. Deterministic (for one seed), so the load test and the
/// simulator replay exactly the same arrivals; lazy, so a trace at 10,000 requests/s costs no
/// memory beyond one second's requests.
/// </summary>
public static class ArrivalSchedule
{
    public static IEnumerable<double> Arrivals(Trace trace, long maxRequests = long.MaxValue, ArrivalSpacing spacing = ArrivalSpacing.Even, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRequests);
        return Generate(trace, maxRequests, spacing == ArrivalSpacing.Random ? new Random(seed) : null);
    }

    /// <summary>How many requests <see cref="Arrivals"/> yields.</summary>
    public static long Count(Trace trace, long maxRequests = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(trace);
        long total = 0;
        var carry = 0.0;
        foreach (var rate in trace.RequestsPerSecond)
        {
            var n = Take(ref carry, rate);
            total += n;
            if (total >= maxRequests)
            {
                return maxRequests;
            }
        }

        return total;
    }

    private static IEnumerable<double> Generate(Trace trace, long maxRequests, Random? random)
    {
        long sent = 0;
        var carry = 0.0;
        var within = new List<double>();
        for (var second = 0; second < trace.Seconds; second++)
        {
            var n = Take(ref carry, trace.RequestsPerSecond[second]);
            within.Clear();
            for (var k = 0; k < n; k++)
            {
                within.Add(random is null ? (k + 0.5) / n : random.NextDouble());
            }

            within.Sort();
            foreach (var offset in within)
            {
                if (sent++ >= maxRequests)
                {
                    yield break;
                }

                yield return second + offset;
            }
        }
    }

    private static long Take(ref double carry, double rate)
    {
        carry += rate;
        // A hair of tolerance so 0.1 × 10 seconds is 1 request, not 0 by rounding.
        var n = (long)Math.Floor(carry + 1e-9);
        carry -= n;
        return n;
    }
}

namespace Arbiter.Autoscaling.Traces;

/// <summary>
/// When each request of a trace is sent, in seconds from the start: a second with n requests
/// sends them evenly spaced within it (at (k + ½)/n), and fractional rates carry over to the next
/// second, so a scaled trace loses no requests. Deterministic, so the load test and the simulator
/// replay exactly the same arrivals; lazy, so a trace at 10,000 requests/s costs no memory.
/// </summary>
public static class ArrivalSchedule
{
    public static IEnumerable<double> Arrivals(Trace trace, long maxRequests = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRequests);
        return Generate(trace, maxRequests);
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

    private static IEnumerable<double> Generate(Trace trace, long maxRequests)
    {
        long sent = 0;
        var carry = 0.0;
        for (var second = 0; second < trace.Seconds; second++)
        {
            var n = Take(ref carry, trace.RequestsPerSecond[second]);
            for (var k = 0; k < n; k++)
            {
                if (sent++ >= maxRequests)
                {
                    yield break;
                }

                yield return second + ((k + 0.5) / n);
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

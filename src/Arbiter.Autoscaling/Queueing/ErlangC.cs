namespace Arbiter.Autoscaling.Queueing;

/// <summary>
/// The M/M/c queue (Erlang C): with arrivals at rate λ, c servers and a mean service time s
/// (offered load a = λ·s erlangs), the probability that a request waits and its mean wait. Uses
/// the Erlang B recursion, which stays exact and stable for thousands of servers.
/// </summary>
public static class ErlangC
{
    /// <summary>P(wait &gt; 0); 1 when the load reaches the servers (the queue grows without bound).</summary>
    public static double WaitProbability(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(servers);
        if (!(offeredLoad > 0))
        {
            return 0;
        }

        if (servers == 0 || offeredLoad >= servers)
        {
            return 1;
        }

        var b = 1.0;
        for (var k = 1; k <= servers; k++)
        {
            b = offeredLoad * b / (k + (offeredLoad * b));
        }

        return servers * b / (servers - (offeredLoad * (1 - b)));
    }

    /// <summary>The mean time in queue, P(wait)·s/(c − a); infinite when the load reaches the servers.</summary>
    public static double MeanWait(int servers, double arrivalRate, double serviceSeconds)
    {
        var load = arrivalRate * serviceSeconds;
        if (!(load > 0))
        {
            return 0;
        }

        if (load >= servers)
        {
            return double.PositiveInfinity;
        }

        return WaitProbability(servers, load) * serviceSeconds / (servers - load);
    }

    /// <summary>The mean response time: wait plus service.</summary>
    public static double MeanResponse(int servers, double arrivalRate, double serviceSeconds) =>
        MeanWait(servers, arrivalRate, serviceSeconds) + serviceSeconds;
}

namespace Arbiter.Autoscaling.Queueing;

/// <summary>
/// Sizes a pool for one interval by the score itself. Over a run the penalty's latency term is
/// Σᵢ (λᵢ/λ̄)·Tᵢ² / I and its replica term Σᵢ cᵢ·f / I (I intervals, λ̄ the mean arrival rate, f the
/// scarcity factor), so each interval's share is minimised by the c that minimises
/// w·T(c)² + f·c with w = λᵢ/λ̄, T(c) the Erlang-C mean response with c·slots servers.
/// (λ̄ is not known before the run ends; the policy uses the mean so far.)
/// </summary>
public static class PenaltySizing
{
    /// <summary>The replicas minimising w·T(c)² + f·c, at least enough for the queue to be stable
    /// (load below <paramref name="maxUtilisation"/> of the slots). <paramref name="waitFactor"/>
    /// scales the M/M/c wait to a general service-time distribution (Allen–Cunneen:
    /// (1 + cv²)/2 with Poisson arrivals; 1 for exponential service).</summary>
    public static int Replicas(double arrivalRate, double serviceSeconds, int slotsPerReplica, double weight, double scarcity, double maxUtilisation = 0.95, double waitFactor = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotsPerReplica, 1);
        var load = arrivalRate * serviceSeconds;
        if (!(load > 0))
        {
            return 0;
        }

        var c = Math.Max(1, (int)Math.Floor(load / (slotsPerReplica * maxUtilisation)) + 1);
        var cost = Cost(c);
        // Convex in c: walk up while one more replica pays for itself.
        for (var guard = 0; guard < 100_000; guard++)
        {
            var next = Cost(c + 1);
            if (next >= cost)
            {
                break;
            }

            c++;
            cost = next;
        }

        return c;

        double Cost(int replicas)
        {
            var response = (waitFactor * ErlangC.MeanWait(replicas * slotsPerReplica, arrivalRate, serviceSeconds)) + serviceSeconds;
            return (weight * response * response) + (scarcity * replicas);
        }
    }
}

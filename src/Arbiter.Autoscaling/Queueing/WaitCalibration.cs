namespace Arbiter.Autoscaling.Queueing;

/// <summary>
/// How far to trust the queueing model's waits, learned from the waits measured. Erlang C assumes
/// Poisson arrivals and Allen–Cunneen a general service time; evenly spaced arrivals and jobs of
/// near-constant length wait far less than that (a slow swell at 94 % utilisation of 3 replicas:
/// a second in the model, tens of milliseconds measured), and sizing by the model alone then buys
/// a replica the latency term never repays. Each steady window (the same replicas ready all
/// through it, load from <see cref="MinimumUtilisation"/> to below capacity) adds its measured mean wait and the plain M/M/c wait at the
/// measured rate and ready count; the factor is their ratio, both sums fading by
/// <see cref="Decay"/> a window and starting from a prior worth <see cref="PriorServiceTimes"/>
/// service times of modelled wait at the model's own factor. It only ever lowers the model's
/// factor: measured waits above the model are a backlog, which the policy's backlog term answers
/// the same interval, while a factor learned from them would keep replicas long after it cleared.
/// </summary>
internal sealed class WaitCalibration
{
    /// <summary>How much of the sums a window keeps: the last ten or so windows count.</summary>
    public const double Decay = 0.9;

    /// <summary>The model's own factor counts as this many service times of modelled wait, so a
    /// quiet pool (whose modelled waits are near zero) learns nothing from its near-zero waits.</summary>
    public const double PriorServiceTimes = 1;

    /// <summary>The lowest factor: the model's waits are never ignored outright.</summary>
    public const double MinimumFactor = 0.05;

    /// <summary>Windows below this utilisation teach nothing: almost any arrival pattern waits next to
    /// nothing there (evenly spaced arrivals not at all), which says nothing of the waits near
    /// capacity, where the sizing decides (a course deadline's quiet start taught a factor of 0.05
    /// that its climb then paid for).</summary>
    public const double MinimumUtilisation = 0.5;

    private double _measured;
    private double _modelled;

    /// <summary>Adds one steady window: its measured mean wait and the M/M/c mean wait at its
    /// measured arrival rate and ready slots, in seconds.</summary>
    public void Observe(double measuredWaitSeconds, double modelledWaitSeconds)
    {
        if (!double.IsFinite(measuredWaitSeconds) || !double.IsFinite(modelledWaitSeconds) || measuredWaitSeconds < 0 || modelledWaitSeconds < 0)
        {
            return;
        }

        _measured = (Decay * _measured) + measuredWaitSeconds;
        _modelled = (Decay * _modelled) + modelledWaitSeconds;
    }

    /// <summary>The factor to multiply the M/M/c wait by: <paramref name="modelFactor"/> (e.g.
    /// Allen–Cunneen's (1 + cv²)/2) until measurements say the waits are shorter.</summary>
    public double Factor(double modelFactor, double serviceSeconds)
    {
        var prior = PriorServiceTimes * serviceSeconds;
        var learned = ((modelFactor * prior) + _measured) / (prior + _modelled);
        return Math.Clamp(learned, Math.Min(MinimumFactor, modelFactor), modelFactor);
    }
}

namespace Arbiter.Autoscaling.Scoring;

/// <summary>
/// The two factors the paper's penalty equation names: what one failed request costs
/// (<see cref="FailedPenalty"/>, in seconds², 30² = 900 by default: a failure counts as a
/// half-minute response) and what one replica on average costs (<see cref="ScarcityFactor"/>, 1 by
/// default, "2-4" where resources are scarce).
/// </summary>
public sealed record PenaltyOptions(double FailedPenalty = PenaltyOptions.DefaultFailedPenalty, double ScarcityFactor = 1)
{
    public const double DefaultFailedPenalty = 30 * 30;

    public void Validate()
    {
        if (!double.IsFinite(FailedPenalty) || FailedPenalty < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FailedPenalty), FailedPenalty, "the failed-request penalty must be a finite number ≥ 0");
        }

        if (!double.IsFinite(ScarcityFactor) || ScarcityFactor < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ScarcityFactor), ScarcityFactor, "the scarcity factor must be a finite number ≥ 0");
        }
    }
}

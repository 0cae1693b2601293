using Arbiter.Autoscaling.Policies;

namespace Arbiter.Autoscaling.Tests.Policies;

public sealed class ScaleDownWindowTests
{
    private static readonly TimeSpan FiveSeconds = TimeSpan.FromSeconds(5);

    [Fact]
    public void Cover_ByDefault_KeepsTheHighestNeedOfThisIntervalAndTheLast()
    {
        var window = new ScaleDownWindow(FiveSeconds, configured: null);

        Assert.Equal(4, window.Cover(4));
        Assert.Equal(4, window.Cover(1));
        Assert.Equal(2, window.Cover(2));
        Assert.Equal(10, window.Seconds);
    }

    [Fact]
    public void Decided_AScaleDownUndoneWithinHalfAMinute_LengthensTheHoldByAnInterval()
    {
        var window = new ScaleDownWindow(FiveSeconds, configured: null);
        window.Decided(replicas: 2, current: 3);
        window.Decided(replicas: 2, current: 2);
        window.Decided(replicas: 3, current: 2);

        Assert.Equal(3, window.Intervals);
        // Three intervals now: the need of two intervals ago still counts.
        window.Cover(5);
        window.Cover(1);
        Assert.Equal(5, window.Cover(1));
    }

    [Fact]
    public void Decided_AScaleUpLongAfterTheScaleDown_IsNoFlip()
    {
        var window = new ScaleDownWindow(FiveSeconds, configured: null);
        window.Decided(replicas: 2, current: 3);
        for (var i = 0; i < 6; i++)
        {
            window.Decided(replicas: 2, current: 2);
        }

        window.Decided(replicas: 3, current: 2);

        Assert.Equal(ScaleDownWindow.DefaultIntervals, window.Intervals);
    }

    [Fact]
    public void Decided_FlipAfterFlip_GrowsToHalfAMinuteAndNoFurther()
    {
        var window = new ScaleDownWindow(FiveSeconds, configured: null);
        for (var flip = 0; flip < 20; flip++)
        {
            window.Decided(replicas: 1, current: 2);
            window.Decided(replicas: 2, current: 1);
        }

        Assert.Equal(ScaleDownWindow.MaxSeconds, window.Seconds);
    }

    [Fact]
    public void Decided_FiveCalmMinutesAfterTheLastFlip_ShortenTheHoldByAnIntervalEach()
    {
        var window = new ScaleDownWindow(FiveSeconds, configured: null);
        for (var flip = 0; flip < 3; flip++)
        {
            window.Decided(replicas: 1, current: 2);
            window.Decided(replicas: 2, current: 1);
        }

        Assert.Equal(5, window.Intervals);
        var calmIntervals = (int)(ScaleDownWindow.CalmSeconds / 5);
        for (var i = 0; i < calmIntervals - 1; i++)
        {
            window.Decided(replicas: 2, current: 2);
        }

        Assert.Equal(5, window.Intervals);
        window.Decided(replicas: 2, current: 2);
        Assert.Equal(4, window.Intervals);
        for (var i = 0; i < 10 * calmIntervals; i++)
        {
            window.Decided(replicas: 2, current: 2);
        }

        Assert.Equal(ScaleDownWindow.DefaultIntervals, window.Intervals);
    }

    [Fact]
    public void Decided_WithAConfiguredHold_NeverLearns()
    {
        var window = new ScaleDownWindow(FiveSeconds, configured: TimeSpan.FromSeconds(15));
        for (var flip = 0; flip < 10; flip++)
        {
            window.Decided(replicas: 1, current: 2);
            window.Decided(replicas: 2, current: 1);
        }

        Assert.Equal(3, window.Intervals);
    }

    [Fact]
    public void PredictivePolicy_OnALoadThatDipsForTwoIntervalsInFour_FlipsLessThanWithTheShortHoldFixed()
    {
        static int Flips(PolicySettings settings)
        {
            var policy = PolicyFactory.Create("predictive", settings);
            var desired = 2;
            var flips = 0;
            var lastDown = int.MinValue;
            for (var t = 0; t < 1200; t += 10)
            {
                // 3 requests/s of 0.5 s work, dropping to 0.5/s for two windows in four: a dip the
                // two-interval hold gives a replica up for, and needs it back right after.
                var arrivals = t % 40 >= 20 ? 5 : 30;
                var next = policy.Decide(Signals.At(t, busy: Math.Min(desired, arrivals * 0.05), ready: desired, desired: desired,
                    arrivals: arrivals, service: 0.5, completed: arrivals)).Replicas;
                if (next < desired)
                {
                    lastDown = t;
                }
                else if (next > desired && t - lastDown <= 30)
                {
                    flips++;
                }

                desired = next;
            }

            return flips;
        }

        var settings = new PolicySettings { ServiceSeconds = 0.5, StartupSeconds = 1 };
        var fixedShort = Flips(settings with { ScaleDownHold = TimeSpan.FromSeconds(20) });
        var learned = Flips(settings);

        Assert.True(fixedShort >= 10, $"the load should make a two-interval hold flip; it flipped {fixedShort} times");
        // One flip teaches it; after five calm minutes it narrows and tries the short hold again,
        // so at most one flip per five minutes.
        var calmSpells = (int)(1200 / ScaleDownWindow.CalmSeconds);
        Assert.True(learned <= calmSpells + 1, $"learned hold flipped {learned} times (a fixed two-interval hold {fixedShort})");
    }
}

using Arbiter.Autoscaling.Traces;

namespace Arbiter.Autoscaling.Tests.Traces;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void Arrivals_AreEvenlySpacedWithinEachSecond()
    {
        var arrivals = ArrivalSchedule.Arrivals(new Trace("t", [2, 0, 1])).ToList();

        Assert.Equal([0.25, 0.75, 2.5], arrivals);
    }

    [Fact]
    public void RandomArrivals_KeepEachSecondsCount_InOrder_AndRepeatForOneSeed()
    {
        var trace = new Trace("t", [50, 0, 20, 0.5, 0.5]);

        var arrivals = ArrivalSchedule.Arrivals(trace, spacing: ArrivalSpacing.Random, seed: 7).ToList();

        Assert.Equal([50, 0, 20, 0, 1], Enumerable.Range(0, 5).Select(second => arrivals.Count(t => t >= second && t < second + 1)));
        Assert.Equal(arrivals.Order(), arrivals);
        Assert.Equal(arrivals, ArrivalSchedule.Arrivals(trace, spacing: ArrivalSpacing.Random, seed: 7));
        Assert.NotEqual(arrivals, ArrivalSchedule.Arrivals(trace, spacing: ArrivalSpacing.Random, seed: 8));
    }

    [Fact]
    public void RandomArrivals_VaryLikeAPoissonStream_WhereEvenOnesDoNot()
    {
        var trace = new Trace("t", Enumerable.Repeat(100.0, 100).ToArray());

        // The coefficient of variation of the gaps: about 1 for a Poisson stream, 0 for a metronome.
        static double GapCv(IReadOnlyList<double> times)
        {
            var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
            var mean = gaps.Average();
            return Math.Sqrt(gaps.Average(g => (g - mean) * (g - mean))) / mean;
        }

        Assert.InRange(GapCv(ArrivalSchedule.Arrivals(trace, spacing: ArrivalSpacing.Random).ToList()), 0.9, 1.1);
        Assert.InRange(GapCv(ArrivalSchedule.Arrivals(trace).ToList()), 0, 0.01);
    }

    [Fact]
    public void Arrivals_FractionalRatesCarryOver_SoNoRequestIsLost()
    {
        var trace = new Trace("t", [0.4, 0.4, 0.4, 0.4, 0.4]);

        var arrivals = ArrivalSchedule.Arrivals(trace).ToList();

        Assert.Equal([2.5, 4.5], arrivals); // 0.4, 0.8, 1.2 → one in second 2, 0.6, 1.0 → one in second 4
        Assert.Equal(2, ArrivalSchedule.Count(trace));
    }

    [Fact]
    public void Arrivals_StopAtMaxRequests()
    {
        var trace = new Trace("t", [10, 10]);

        Assert.Equal(15, ArrivalSchedule.Arrivals(trace, 15).Count());
        Assert.Equal(15, ArrivalSchedule.Count(trace, 15));
    }

    [Fact]
    public void Profiles_HaveTheirShapes()
    {
        Assert.Equal([3.0, 3, 3, 3], TraceProfiles.Create("constant:3", 4).RequestsPerSecond);
        Assert.Equal([0.0, 5, 10], TraceProfiles.Create("ramp:0-10", 3).RequestsPerSecond);
        Assert.Equal([1.0, 1, 5, 5], TraceProfiles.Create("step", 4).RequestsPerSecond);
        var spike = TraceProfiles.Create("spike:2-20", 100).RequestsPerSecond;
        Assert.Equal(10, spike.Count(r => r == 20));
        Assert.Equal(20, spike[50]);
        Assert.Equal(2, spike[0]);
    }

    [Theory]
    [InlineData("constant")]
    [InlineData("constant:-1")]
    [InlineData("ramp:1")]
    [InlineData("step:a-b")]
    [InlineData("wave:1")]
    public void Profiles_Malformed_AreFormatErrors(string spec)
    {
        Assert.Throws<TraceFormatException>(() => TraceLoader.Load(spec, 10));
    }
}

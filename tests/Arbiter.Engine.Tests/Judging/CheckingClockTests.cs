using System.Diagnostics;
using Arbiter.Engine.Judging;

namespace Arbiter.Engine.Tests.Judging;

public sealed class CheckingClockTests
{
    [Fact]
    public void Measure_OverlappingChecks_CountOnceAndNeverExceedTheSpanAroundThem()
    {
        var clock = new CheckingClock();
        var outer = Stopwatch.StartNew();
        var first = Stopwatch.StartNew();
        var a = clock.Measure();
        Thread.Sleep(5);
        var second = Stopwatch.StartNew();
        var b = clock.Measure();
        Thread.Sleep(5);
        a.Dispose();
        first.Stop();
        Thread.Sleep(5);
        b.Dispose();
        second.Stop();
        outer.Stop();

        Assert.InRange(clock.Milliseconds, 0.001, outer.Elapsed.TotalMilliseconds);
        Assert.True(clock.Milliseconds < first.Elapsed.TotalMilliseconds + second.Elapsed.TotalMilliseconds);
    }
}

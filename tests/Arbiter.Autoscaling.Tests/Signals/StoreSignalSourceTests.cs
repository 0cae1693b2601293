using Arbiter.Autoscaling.Control;
using Arbiter.Autoscaling.Signals;
using Arbiter.Storage;

namespace Arbiter.Autoscaling.Tests.Signals;

public sealed class StoreSignalSourceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static WorkerRecord Worker(string id, double heartbeat, string offers) =>
        new(id, "host", 1, T0, At(heartbeat), $$"""{"cores":2,"offers":{{offers}}}""", 0, 0, 0, false, false);

    [Fact]
    public void Summarise_AWindowByHand()
    {
        // The window is [100, 110). By hand:
        //  a: made at 101, started 102, finished 104 → an arrival, 2 s busy, one service of 2 s, waited 1 s
        //  b: made at 95, started 96, finished 106 → 6 s busy (100-106), one service of 10 s (its wait
        //     was before the window)
        //  c: made at 103, waiting → an arrival, queued, waited 7 s at 110
        //  d: made at 107.5, started 109, running → an arrival, 1 s busy, waited 1.5 s
        //  e: another language → ignored
        //  f: made at 90, finished at 99 → nothing in this window
        JobSpan[] spans =
        [
            new("python3", At(101), At(102), At(104), false),
            new("python3", At(95), At(96), At(106), false),
            new("python3", At(103), null, null, true),
            new("python3", At(107.5), At(109), null, false),
            new("java", At(105), null, null, true),
            new("python3", At(90), At(91), At(99), false),
        ];
        var pool = new WorkerPool("py", ["python3"]);
        var spansOfPool = spans.Where(s => pool.Takes(s.Language)).ToList();
        WorkerRecord[] workers = [Worker("fresh", 105, "[\"python3\"]"), Worker("stale", 90, "[\"python3\"]"), Worker("java", 109, "[\"java\"]"), Worker("probing", 109, "null")];

        var load = StoreSignalSource.Summarise(pool, spansOfPool, workers, At(100), At(110));

        Assert.Equal(3, load.Arrivals);
        Assert.Equal(1, load.QueueDepth);
        Assert.Equal(TimeSpan.FromSeconds(7), load.OldestWait);
        Assert.Equal((2 + 6 + 1) / 10.0, load.BusySlots, 9);
        Assert.Equal(2, load.Completed);
        Assert.Equal(6, load.MeanServiceSeconds!.Value, 9);
        Assert.Equal(4.0 / 6, load.ServiceCv!.Value, 9); // times 2 and 10: sd 4, mean 6
        Assert.Equal((1 + 1.5) / 2, load.MeanWaitSeconds!.Value, 9); // a and d started in the window
        Assert.Equal(2, load.LiveWorkers); // fresh, and probing (not said yet counts)
    }

    [Theory]
    [InlineData("default", "default", 0)]
    [InlineData("py=python3", "py", 1)]
    [InlineData("fast=c, cpp ,rust", "fast", 3)]
    public void WorkerPool_Parse(string text, string name, int languages)
    {
        var pool = WorkerPool.Parse(text);

        Assert.Equal((name, languages), (pool.Name, pool.Languages.Count));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("-lead")]
    [InlineData("a b")]
    [InlineData("py=python 3")]
    [InlineData("py=$(rm -rf /)")]
    public void WorkerPool_Parse_RejectsWhatCannotNameAContainer(string text)
    {
        Assert.Throws<ArgumentException>(() => WorkerPool.Parse(text));
    }
}

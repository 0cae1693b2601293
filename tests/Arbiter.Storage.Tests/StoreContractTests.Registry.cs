using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>Workers, callback deliveries and problem packages.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Workers_UpsertList_AndFlagsSurviveHeartbeats()
    {
        await Store.UpsertWorkerAsync(Worker("w2", T0), Ct);
        await Store.UpsertWorkerAsync(Worker("w1", T0), Ct);
        Assert.Equal([Worker("w1", Stored(T0)) with { StartedAt = Stored(T0) }, Worker("w2", Stored(T0)) with { StartedAt = Stored(T0) }], await Store.ListWorkersAsync(Ct));

        Assert.True(await Store.SetWorkerFlagsAsync("w1", draining: true, stopRequested: true, Ct));
        Assert.False(await Store.SetWorkerFlagsAsync("unknown", draining: true, stopRequested: false, Ct));

        // A heartbeat reports load and the like; an operator's drain or stop request stays set.
        await Store.UpsertWorkerAsync(Worker("w1", T0.AddSeconds(10)) with { Load = 1.5, RunningJobs = 2 }, Ct);
        var w1 = (await Store.ListWorkersAsync(Ct))[0];
        Assert.Equal((Stored(T0.AddSeconds(10)), 1.5, 2, true, true), (w1.HeartbeatAt, w1.Load, w1.RunningJobs, w1.Draining, w1.StopRequested));

        Assert.True(await Store.SetWorkerFlagsAsync("w1", draining: false, stopRequested: false, Ct));
        w1 = (await Store.ListWorkersAsync(Ct))[0];
        Assert.Equal((false, false), (w1.Draining, w1.StopRequested));
    }

    [Fact]
    public async Task Callbacks_AreKeptInAttemptOrder_AndAnAttemptCanBeRewritten()
    {
        await Store.AddSubmissionsAsync([Submission("s1")], Ct);

        await Store.RecordCallbackAsync(new CallbackAttempt("s1", 2, T0.AddSeconds(2), 200, null, true), Ct);
        await Store.RecordCallbackAsync(new CallbackAttempt("s1", 1, T0.AddSeconds(1), null, "connection refused", false), Ct);
        await Store.RecordCallbackAsync(new CallbackAttempt("s1", 2, T0.AddSeconds(3), 204, null, true), Ct);

        Assert.Equal(
            [
                new CallbackAttempt("s1", 1, Stored(T0.AddSeconds(1)), null, "connection refused", false),
                new CallbackAttempt("s1", 2, Stored(T0.AddSeconds(3)), 204, null, true),
            ],
            await Store.GetCallbacksAsync("s1", Ct));
        Assert.Empty(await Store.GetCallbacksAsync("other", Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.RecordCallbackAsync(new CallbackAttempt("missing", 1, T0, 500, null, false), Ct));
    }

    [Fact]
    public async Task Problems_SaveGetReplace_AndListWithoutPackageBytes()
    {
        var zip = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        await Store.SaveProblemAsync(Problem("sum", "A + B", zip), Ct);
        await Store.SaveProblemAsync(Problem("echo", "Echo", [1, 2, 3]), Ct);

        var sum = (await Store.GetProblemAsync("sum", Ct))!;
        Assert.Equal(("sum", "A + B", "batch", Stored(T0), "alice"), (sum.Id, sum.Name, sum.Type, sum.ImportedAt, sum.Owner));
        Assert.Equal(zip, sum.PackageZip);
        Assert.Null(await Store.GetProblemAsync("missing", Ct));

        await Store.SaveProblemAsync(Problem("sum", "A plus B", [9]) with { Owner = null }, Ct);
        var replaced = (await Store.GetProblemAsync("sum", Ct))!;
        Assert.Equal(("A plus B", (string?)null), (replaced.Name, replaced.Owner));
        Assert.Equal([9], replaced.PackageZip);

        var listed = await Store.ListProblemsAsync(Ct);
        Assert.Equal(["echo", "sum"], listed.Select(p => p.Id));
        Assert.All(listed, p => Assert.Empty(p.PackageZip));
        Assert.Equal("A plus B", listed[1].Name);
    }
}

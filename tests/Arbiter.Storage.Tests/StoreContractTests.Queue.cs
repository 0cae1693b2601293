using System.Collections.Concurrent;
using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>The job queue: lease order, filters, concurrency, expiry and exactly-once completion.</summary>
public abstract partial class StoreContractTests
{
    private static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Lease_EmptyQueue_ReturnsNull()
    {
        Assert.Null(await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct));
    }

    [Fact]
    public async Task Lease_TakesHighestPriorityThenOldest()
    {
        await Store.AddSubmissionsAsync(
            [
                Submission("old-low", createdAt: T0, priority: 0),
                Submission("new-high", createdAt: T0.AddSeconds(2), priority: 5),
                Submission("old-high", createdAt: T0.AddSeconds(1), priority: 5),
                Submission("new-low", createdAt: T0.AddSeconds(3), priority: 0),
                Submission("negative", createdAt: T0.AddSeconds(-10), priority: -1),
            ],
            Ct);

        var order = new List<string>();
        while (await Store.LeaseNextAsync("w1", LeaseLength, [], T0.AddSeconds(5), Ct) is { } lease)
        {
            Assert.Equal(("w1", Stored(T0.AddSeconds(5) + LeaseLength), 1), (lease.WorkerId, lease.ExpiresAt, lease.Attempt));
            order.Add(lease.SubmissionId);
        }

        Assert.Equal(["old-high", "new-high", "old-low", "new-low", "negative"], order);
    }

    [Fact]
    public async Task Lease_WithLanguages_TakesOnlyThose_AndEmptyMeansAll()
    {
        await Store.AddSubmissionsAsync(
            [
                Submission("py", createdAt: T0, language: "python"),
                Submission("c", createdAt: T0.AddSeconds(1), language: "c"),
                Submission("cpp", createdAt: T0.AddSeconds(2), language: "cpp"),
            ],
            Ct);

        Assert.Equal("c", (await Store.LeaseNextAsync("w1", LeaseLength, ["c", "rust"], T0, Ct))?.SubmissionId);
        Assert.Null(await Store.LeaseNextAsync("w1", LeaseLength, ["c", "rust"], T0, Ct));
        Assert.Equal("py", (await Store.LeaseNextAsync("w2", LeaseLength, [], T0, Ct))?.SubmissionId);
        Assert.Equal("cpp", (await Store.LeaseNextAsync("w2", LeaseLength, ["cpp"], T0, Ct))?.SubmissionId);
    }

    [Fact]
    public async Task Lease_WithLanguages_KeepsPriorityAndOrderWithinThem_AndLeavesOthersQueued()
    {
        await Store.AddSubmissionsAsync(
            [
                Submission("py1", createdAt: T0, language: "python"),
                Submission("java-urgent", createdAt: T0.AddSeconds(1), priority: 9, language: "java"),
                Submission("c1", createdAt: T0.AddSeconds(2), language: "c"),
                Submission("java1", createdAt: T0.AddSeconds(3), language: "java"),
                Submission("c-urgent", createdAt: T0.AddSeconds(4), priority: 5, language: "c"),
                Submission("py2", createdAt: T0.AddSeconds(5), language: "python"),
            ],
            Ct);

        var order = new List<string>();
        while (await Store.LeaseNextAsync("w1", LeaseLength, ["python", "c"], T0.AddSeconds(10), Ct) is { } lease)
        {
            order.Add(lease.SubmissionId);
        }

        Assert.Equal(["c-urgent", "py1", "c1", "py2"], order);
        foreach (var id in new[] { "java-urgent", "java1" })
        {
            var record = (await Store.GetSubmissionAsync(id, Ct))!;
            Assert.Equal((SubmissionStatus.Queued, null, 0), (record.Status, record.WorkerId, record.Attempts));
        }

        Assert.Equal(0, await Store.QueuePositionAsync("java-urgent", Ct));
        Assert.Equal("java-urgent", (await Store.LeaseNextAsync("w2", LeaseLength, ["java"], T0.AddSeconds(10), Ct))?.SubmissionId);
    }

    [Fact]
    public async Task Lease_WithLanguages_TakesOverAnExpiredLeaseOnlyInThem()
    {
        await Store.AddSubmissionsAsync([Submission("java1", language: "java")], Ct);
        var first = (await Store.LeaseNextAsync("w-java", LeaseLength, ["java"], T0, Ct))!;

        Assert.Null(await Store.LeaseNextAsync("w-c", LeaseLength, ["c", "python"], first.ExpiresAt, Ct));
        var second = await Store.LeaseNextAsync("w-java2", LeaseLength, ["java"], first.ExpiresAt, Ct);

        Assert.Equal(("java1", 2), (second?.SubmissionId, second?.Attempt));
    }

    [Fact]
    public async Task Lease_ManyWorkersOnSeveralStoreInstances_NeverShareAJob()
    {
        const int jobs = 60;
        await Store.AddSubmissionsAsync([.. Enumerable.Range(0, jobs).Select(i => Submission($"job{i:D2}", createdAt: T0.AddMilliseconds(i)))], Ct);
        var stores = Enumerable.Range(0, 4).Select(_ => Open(Location)).ToArray();
        var taken = new ConcurrentBag<(string Job, string Worker)>();

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = stores[w % stores.Length];
            var worker = $"w{w}";
            while (await store.LeaseNextAsync(worker, LeaseLength, [], T0, Ct) is { } lease)
            {
                taken.Add((lease.SubmissionId, worker));
                Assert.True(await store.CompleteAsync(lease.SubmissionId, worker, SubmissionStatus.Judged, new("{}"), T0, Ct));
            }
        }, Ct));
        await Task.WhenAll(workers);

        Assert.Equal(jobs, taken.Count);
        Assert.Equal(jobs, taken.Select(t => t.Job).Distinct().Count());
        Assert.Equal(0, await Store.QueueDepthAsync(T0, Ct));
        foreach (var (job, worker) in taken)
        {
            var record = (await Store.GetSubmissionAsync(job, Ct))!;
            Assert.Equal((SubmissionStatus.Judged, worker, 1), (record.Status, record.WorkerId, record.Attempts));
        }
    }

    [Fact]
    public async Task Lease_Expired_ReturnsJobToQueue_AndOnlyTheNewHolderCompletesOnce()
    {
        await Store.AddSubmissionsAsync([Submission("s1")], Ct);
        var first = (await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct))!;
        Assert.True(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Running, null, T0.AddSeconds(1), Ct));

        Assert.Null(await Store.LeaseNextAsync("w2", LeaseLength, [], T0.AddSeconds(29), Ct));
        var second = await Store.LeaseNextAsync("w2", LeaseLength, [], first.ExpiresAt, Ct);

        Assert.NotNull(second);
        Assert.Equal(("s1", 2), (second.SubmissionId, second.Attempt));
        Assert.False(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Running, null, T0.AddSeconds(31), Ct));
        Assert.False(await Store.RenewLeaseAsync("s1", "w1", LeaseLength, T0.AddSeconds(31), Ct));
        Assert.False(await Store.CompleteAsync("s1", "w1", SubmissionStatus.Judged, new("""{"by":"w1"}"""), T0.AddSeconds(32), Ct));
        Assert.True(await Store.CompleteAsync("s1", "w2", SubmissionStatus.Judged, new("""{"by":"w2"}"""), T0.AddSeconds(33), Ct));
        Assert.False(await Store.CompleteAsync("s1", "w2", SubmissionStatus.Failed, new("""{"again":true}"""), T0.AddSeconds(34), Ct));
        Assert.Null(await Store.LeaseNextAsync("w3", LeaseLength, [], T0.AddHours(1), Ct));

        var record = (await Store.GetSubmissionAsync("s1", Ct))!;
        Assert.Equal((SubmissionStatus.Judged, """{"by":"w2"}""", "w2", 2), (record.Status, record.ResultJson, record.WorkerId, record.Attempts));
        var history = await Store.GetHistoryAsync("s1", Ct);
        Assert.Equal(
            [SubmissionStatus.Queued, SubmissionStatus.Running, SubmissionStatus.Queued, SubmissionStatus.Judged],
            history.Select(h => h.Status));
        Assert.Equal(("w2", "the previous worker's lease expired; attempt 2"), (history[2].WorkerId, history[2].Detail));
        Assert.Single(history, h => StatusIsFinal(h.Status));
    }

    [Fact]
    public async Task Complete_AfterLeaseExpiredButNotRetaken_Succeeds()
    {
        await Store.AddSubmissionsAsync([Submission("s1")], Ct);
        await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct);

        Assert.Equal(1, await Store.QueueDepthAsync(T0.AddMinutes(5), Ct));
        Assert.True(await Store.CompleteAsync("s1", "w1", SubmissionStatus.Failed, new("""{"error":"slow"}"""), T0.AddMinutes(5), Ct));
        Assert.Null(await Store.LeaseNextAsync("w2", LeaseLength, [], T0.AddMinutes(6), Ct));
        Assert.Equal(SubmissionStatus.Failed, (await Store.GetSubmissionAsync("s1", Ct))?.Status);
    }

    [Fact]
    public async Task RenewLease_ExtendsIt_SoNoOtherWorkerTakesTheJob()
    {
        await Store.AddSubmissionsAsync([Submission("s1")], Ct);
        await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct);

        Assert.True(await Store.RenewLeaseAsync("s1", "w1", LeaseLength, T0.AddSeconds(20), Ct));
        Assert.False(await Store.RenewLeaseAsync("s1", "w2", LeaseLength, T0.AddSeconds(20), Ct));
        Assert.False(await Store.RenewLeaseAsync("missing", "w1", LeaseLength, T0.AddSeconds(20), Ct));
        Assert.Null(await Store.LeaseNextAsync("w2", LeaseLength, [], T0.AddSeconds(45), Ct));
        Assert.Equal("s1", (await Store.LeaseNextAsync("w2", LeaseLength, [], T0.AddSeconds(50), Ct))?.SubmissionId);
    }

    [Fact]
    public async Task SetStatus_OnlyByTheLeaseHolder_AndOnlyProgressStatuses()
    {
        await Store.AddSubmissionsAsync([Submission("s1"), Submission("s2")], Ct);

        Assert.False(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Compiling, null, T0, Ct));
        await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct);
        Assert.False(await Store.SetStatusAsync("s1", "w2", SubmissionStatus.Compiling, null, T0, Ct));
        Assert.False(await Store.SetStatusAsync("missing", "w1", SubmissionStatus.Compiling, null, T0, Ct));
        Assert.True(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Compiling, null, T0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SetStatusAsync("s1", "w1", SubmissionStatus.Judged, null, T0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SetStatusAsync("s1", "w1", SubmissionStatus.Queued, null, T0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.CompleteAsync("s1", "w1", SubmissionStatus.Running, new("{}"), T0, Ct));
        Assert.False(await Store.CompleteAsync("s2", "w1", SubmissionStatus.Judged, new("{}"), T0, Ct));
        Assert.True(await Store.CompleteAsync("s1", "w1", SubmissionStatus.Judged, new("{}"), T0, Ct));
        Assert.False(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Running, null, T0, Ct));

        Assert.Equal(SubmissionStatus.Queued, (await Store.GetSubmissionAsync("s2", Ct))?.Status);
        Assert.Single(await Store.GetHistoryAsync("s2", Ct));
    }

    [Fact]
    public async Task QueueDepth_CountsQueuedAndExpiredLeases()
    {
        await Store.AddSubmissionsAsync([Submission("a", createdAt: T0), Submission("b", createdAt: T0.AddSeconds(1)), Submission("c", createdAt: T0.AddSeconds(2))], Ct);
        Assert.Equal(3, await Store.QueueDepthAsync(T0, Ct));

        await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct);
        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(10), [], T0, Ct);
        Assert.Equal(1, await Store.QueueDepthAsync(T0, Ct));
        Assert.Equal(2, await Store.QueueDepthAsync(T0 + LeaseLength, Ct));

        await Store.CompleteAsync("a", "w1", SubmissionStatus.Judged, new("{}"), T0, Ct);
        Assert.Equal(1, await Store.QueueDepthAsync(T0 + LeaseLength, Ct));
    }

    [Fact]
    public async Task QueueDepthByLanguage_CountsWaitingPerLanguage_LikeQueueDepth()
    {
        await Store.AddSubmissionsAsync(
            [
                Submission("py1", createdAt: T0, language: "python"),
                Submission("py2", createdAt: T0.AddSeconds(1), language: "python"),
                Submission("java1", createdAt: T0.AddSeconds(2), language: "java"),
                Submission("c1", createdAt: T0.AddSeconds(3), language: "c"),
            ],
            Ct);
        await Store.LeaseNextAsync("w1", LeaseLength, ["java"], T0, Ct);
        await Store.LeaseNextAsync("w1", LeaseLength, ["c"], T0, Ct);
        await Store.CompleteAsync("c1", "w1", SubmissionStatus.Judged, new("{}"), T0, Ct);

        Assert.Equal(new Dictionary<string, long> { ["python"] = 2 }, await Store.QueueDepthByLanguageAsync(T0, Ct));
        Assert.Equal(new Dictionary<string, long> { ["python"] = 2, ["java"] = 1 }, await Store.QueueDepthByLanguageAsync(T0 + LeaseLength, Ct));
    }

    [Fact]
    public async Task QueuePosition_CountsQueuedAheadInLeaseOrder_NullOnceLeasedOrUnknown()
    {
        await Store.AddSubmissionsAsync(
            [
                Submission("first", createdAt: T0),
                Submission("second", createdAt: T0.AddSeconds(1)),
                Submission("urgent", createdAt: T0.AddSeconds(2), priority: 9),
                Submission("third", createdAt: T0.AddSeconds(3)),
            ],
            Ct);

        Assert.Equal(0, await Store.QueuePositionAsync("urgent", Ct));
        Assert.Equal(1, await Store.QueuePositionAsync("first", Ct));
        Assert.Equal(2, await Store.QueuePositionAsync("second", Ct));
        Assert.Equal(3, await Store.QueuePositionAsync("third", Ct));

        await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct);
        Assert.Null(await Store.QueuePositionAsync("urgent", Ct));
        Assert.Equal(0, await Store.QueuePositionAsync("first", Ct));
        Assert.Equal(2, await Store.QueuePositionAsync("third", Ct));
        Assert.Null(await Store.QueuePositionAsync("missing", Ct));
    }

    private static bool StatusIsFinal(SubmissionStatus status) => status is SubmissionStatus.Judged or SubmissionStatus.Failed;

    [Fact]
    public async Task Complete_WithHeldBackProgress_RecordsItBeforeTheFinalStatus_InOneGo()
    {
        await Store.AddSubmissionsAsync([Submission("s1")], Ct);
        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), [], T0, Ct);
        // Compiling and Running within the same millisecond as the completion: the order is the
        // given one, not the clock's.
        StatusChange[] progress = [new(SubmissionStatus.Compiling, T0.AddSeconds(1), "w1", null), new(SubmissionStatus.Running, T0.AddSeconds(2), "w1", "compile error")];

        Assert.True(await Store.CompleteAsync("s1", "w1", progress, SubmissionStatus.Judged, new("{}", "CE"), T0.AddSeconds(2), Ct));

        var history = await Store.GetHistoryAsync("s1", Ct);
        Assert.Equal([SubmissionStatus.Queued, SubmissionStatus.Compiling, SubmissionStatus.Running, SubmissionStatus.Judged], history.Select(h => h.Status));
        // Times as the store keeps them: to the millisecond.
        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(2), T0.AddSeconds(2)], history.Skip(1).Select(h => h.At), (a, b) => a.ToUnixTimeMilliseconds() == b.ToUnixTimeMilliseconds());
        Assert.Equal("compile error", history[2].Detail);
        Assert.All(history.Skip(1), h => Assert.Equal("w1", h.WorkerId));
        Assert.Equal(SubmissionStatus.Judged, (await Store.GetSubmissionAsync("s1", Ct))!.Status);
    }

    [Fact]
    public async Task Complete_WithHeldBackProgress_ByAWorkerWithoutTheLease_RecordsNothing()
    {
        await Store.AddSubmissionsAsync([Submission("s1")], Ct);
        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), [], T0, Ct);

        Assert.False(await Store.CompleteAsync("s1", "w2", [new(SubmissionStatus.Compiling, T0, "w2", null)], SubmissionStatus.Judged, new("{}"), T0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.CompleteAsync(
            "s1",
            "w1",
            [new(SubmissionStatus.Judged, T0, "w1", null)],
            SubmissionStatus.Judged,
            new("{}"),
            T0,
            Ct));

        Assert.Equal([SubmissionStatus.Queued], (await Store.GetHistoryAsync("s1", Ct)).Select(h => h.Status));
    }
}

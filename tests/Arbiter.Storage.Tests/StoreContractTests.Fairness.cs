using Arbiter.Storage.Classroom;
using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>Fair leasing within a priority (owners, then courses, take turns by the jobs they
/// have running), the queue's shares by owner, and idempotency keys.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Lease_TwoOwnersFloods_TakeTurns_SoTheSecondIsNotStarved()
    {
        // 50 of flood's first, then 5 of late's: first come, first served would run all 50 first.
        await Store.AddSubmissionsAsync([.. Enumerable.Range(0, 50).Select(i => Submission($"f{i:00}", createdAt: T0.AddMilliseconds(i), owner: "flood"))], Ct);
        await Store.AddSubmissionsAsync([.. Enumerable.Range(0, 5).Select(i => Submission($"l{i}", createdAt: T0.AddSeconds(1).AddMilliseconds(i), owner: "late"))], Ct);

        // Two workers: each finishes its job before taking the next.
        var order = await RunAllAsync(workers: 2, T0.AddSeconds(2));

        var lastLate = order.FindLastIndex(id => id.StartsWith('l'));
        Assert.True(
            lastLate < 12,
            $"late's five ran at {string.Join(", ", order.Select((id, i) => (id, i)).Where(x => x.id.StartsWith('l')).Select(x => x.i))}: {string.Join(' ', order)}");
        // Within an owner, oldest first.
        Assert.Equal([.. order.Where(id => id.StartsWith('f')).Order(StringComparer.Ordinal)], order.Where(id => id.StartsWith('f')));
        Assert.Equal(55, order.Count);
    }

    [Fact]
    public async Task Lease_PriorityStillComesFirst_ThenFairness()
    {
        await Store.AddSubmissionsAsync([Submission("busy-1", createdAt: T0, owner: "busy"), Submission("busy-2", createdAt: T0.AddSeconds(1), owner: "busy", priority: 5)], Ct);
        await Store.AddSubmissionsAsync([Submission("idle-1", createdAt: T0.AddSeconds(2), owner: "idle")], Ct);

        // busy-2 has the priority though its owner will then have one running; idle-1 beats busy-1.
        Assert.Equal("busy-2", (await Store.LeaseNextAsync("w1", LeaseLength, [], T0.AddSeconds(3), Ct))?.SubmissionId);
        Assert.Equal("idle-1", (await Store.LeaseNextAsync("w2", LeaseLength, [], T0.AddSeconds(3), Ct))?.SubmissionId);
        Assert.Equal("busy-1", (await Store.LeaseNextAsync("w3", LeaseLength, [], T0.AddSeconds(3), Ct))?.SubmissionId);
    }

    [Fact]
    public async Task Lease_ExpiredLeases_DoNotCountAsRunning()
    {
        await Store.AddSubmissionsAsync([Submission("a1", createdAt: T0, owner: "a"), Submission("a2", createdAt: T0.AddSeconds(1), owner: "a")], Ct);
        await Store.AddSubmissionsAsync([Submission("b1", createdAt: T0.AddSeconds(2), owner: "b")], Ct);
        Assert.Equal("a1", (await Store.LeaseNextAsync("dead", LeaseLength, [], T0.AddSeconds(3), Ct))?.SubmissionId);

        // Long after: a1's lease expired, so a has nothing running; a1 (the oldest) is taken again.
        Assert.Equal("a1", (await Store.LeaseNextAsync("w1", LeaseLength, [], T0.AddMinutes(5), Ct))?.SubmissionId);
        Assert.Equal("b1", (await Store.LeaseNextAsync("w2", LeaseLength, [], T0.AddMinutes(5), Ct))?.SubmissionId);
    }

    [Fact]
    public async Task Lease_AmongOwnersWithEqualTurns_TheCourseWithFewerRunningGoesFirst()
    {
        await SeedCourseAsync();
        await Classroom.AddCourseAsync(new CourseRecord("cs202", "Programming 2", "JOIN-2", "alice", T0), Ct);
        await Classroom.AddAssignmentAsync(new AssignmentRecord("b1", "cs202", "sum", "Again", null, T0), Ct);
        await Store.AddSubmissionsAsync(
            [
                Submission("s1", createdAt: T0, owner: "s1") with { AssignmentId = "a1", ProblemId = "sum", Kind = SubmissionKind.Judge },
                Submission("s2", createdAt: T0.AddSeconds(1), owner: "s2") with { AssignmentId = "a1", ProblemId = "sum", Kind = SubmissionKind.Judge },
                Submission("t1", createdAt: T0.AddSeconds(2), owner: "t1") with { AssignmentId = "b1", ProblemId = "sum", Kind = SubmissionKind.Judge },
            ],
            Ct);

        // s1 first (oldest); then s2 and t1 both have owners with nothing running, but cs101
        // has one running and cs202 none: t1.
        Assert.Equal("s1", (await Store.LeaseNextAsync("w1", LeaseLength, [], T0.AddSeconds(3), Ct))?.SubmissionId);
        Assert.Equal("t1", (await Store.LeaseNextAsync("w2", LeaseLength, [], T0.AddSeconds(3), Ct))?.SubmissionId);
        Assert.Equal("s2", (await Store.LeaseNextAsync("w3", LeaseLength, [], T0.AddSeconds(3), Ct))?.SubmissionId);
    }

    [Fact]
    public async Task QueueShares_CountEachOwnersWaitingAndRunning()
    {
        await Store.AddSubmissionsAsync(
            [.. Enumerable.Range(0, 4).Select(i => Submission($"a{i}", createdAt: T0.AddSeconds(i), owner: "a")), Submission("n1", createdAt: T0.AddSeconds(9), owner: null)],
            Ct);
        await Store.LeaseNextAsync("w1", LeaseLength, [], T0.AddSeconds(10), Ct);
        await Store.LeaseNextAsync("w2", LeaseLength, [], T0.AddSeconds(10), Ct);

        var shares = await Store.QueueSharesAsync(T0.AddSeconds(10), 10, Ct);

        Assert.Equal([new OwnerShare("a", 3, 1), new OwnerShare(null, 0, 1)], shares);
    }

    [Fact]
    public async Task IdempotencyKey_IsStoredWithItsSubmissions_AndTakenOnlyOnce()
    {
        var claim = new IdempotencyClaim("alice:key-1", "hash-1");
        await Store.AddSubmissionsAsync(
            [Submission("k1", createdAt: T0) with { Idempotency = claim }, Submission("k2", createdAt: T0) with { Idempotency = claim }, Submission("free", createdAt: T0)],
            Ct);

        var found = await Store.FindIdempotencyKeyAsync("alice:key-1", Ct);
        Assert.Equal(("alice:key-1", "hash-1", Stored(T0)), (found!.Key, found.RequestHash, found.CreatedAt));
        Assert.Equal(["k1", "k2"], found.SubmissionIds);
        Assert.Null(await Store.FindIdempotencyKeyAsync("bob:key-1", Ct));

        // The key again: nothing of the second call is stored.
        await Assert.ThrowsAsync<IdempotencyKeyTakenException>(() => Store.AddSubmissionsAsync(
            [Submission("k3", createdAt: T0) with { Idempotency = claim with { RequestHash = "other" } }],
            Ct));
        Assert.Null(await Store.GetSubmissionAsync("k3", Ct));
        Assert.Equal(["k1", "k2"], (await Store.FindIdempotencyKeyAsync("alice:key-1", Ct))!.SubmissionIds);
    }

    /// <summary>Runs the whole queue with <paramref name="workers"/> workers that each complete
    /// their job before leasing the next, in turn; returns the lease order.</summary>
    private async Task<List<string>> RunAllAsync(int workers, DateTimeOffset now)
    {
        var order = new List<string>();
        var holding = new string?[workers];
        while (true)
        {
            var progressed = false;
            for (var w = 0; w < workers; w++)
            {
                if (holding[w] is { } held)
                {
                    Assert.True(await Store.CompleteAsync(held, $"w{w}", SubmissionStatus.Judged, new SubmissionOutcome("{}", "OK"), now, Ct));
                    holding[w] = null;
                }

                if (await Store.LeaseNextAsync($"w{w}", LeaseLength, [], now, Ct) is { } lease)
                {
                    holding[w] = lease.SubmissionId;
                    order.Add(lease.SubmissionId);
                    progressed = true;
                }
            }

            if (!progressed && holding.All(h => h is null))
            {
                return order;
            }
        }
    }
}

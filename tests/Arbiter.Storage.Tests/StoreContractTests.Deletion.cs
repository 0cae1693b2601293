using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>Deleting a submission: a finished one goes with everything stored with it, an
/// unfinished one stays, and no later write of a worker or the callback outbox brings it back.</summary>
public abstract partial class StoreContractTests
{
    private static readonly TimeSpan DeletionLease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task DeleteSubmission_Finished_GoesWithItsHistoryAndCallbacks_AndOthersStay()
    {
        // Samples give a callback URL to judged submissions (those with a problem).
        await Store.AddSubmissionsAsync([Submission("gone", problemId: "sum"), Submission("kept", createdAt: T0.AddSeconds(1), problemId: "sum")], Ct);
        await Store.LeaseNextAsync("w1", DeletionLease, [], T0, Ct);
        await Store.LeaseNextAsync("w1", DeletionLease, [], T0, Ct);
        Assert.True(await Store.SetStatusAsync("gone", "w1", SubmissionStatus.Running, "test 1", T0.AddSeconds(1), Ct));
        Assert.True(await Store.CompleteAsync("gone", "w1", SubmissionStatus.Judged, new("""{"verdict":"AC"}""", "AC"), T0.AddSeconds(2), Ct));
        Assert.True(await Store.CompleteAsync("kept", "w1", SubmissionStatus.Judged, new("{}", "AC"), T0.AddSeconds(2), Ct));
        await Store.RecordCallbackAsync(new CallbackAttempt("gone", 1, T0.AddSeconds(3), 500, "HTTP 500", false), Ct);
        await Store.RecordCallbackAsync(new CallbackAttempt("kept", 1, T0.AddSeconds(3), 500, "HTTP 500", false), Ct);

        Assert.Equal(SubmissionDeletion.Deleted, await Store.DeleteSubmissionAsync("gone", Ct));

        Assert.Null(await Store.GetSubmissionAsync("gone", Ct));
        Assert.Null(await Store.GetSubmissionAsync("TGONE", Ct));
        Assert.False(await Store.TicketExistsAsync("TGONE", Ct));
        Assert.Empty(await Store.GetHistoryAsync("gone", Ct));
        Assert.Empty(await Store.GetCallbacksAsync("gone", Ct));
        Assert.Equal(["kept"], (await Store.GetSubmissionsAsync(["gone", "kept"], Ct)).Select(s => s.Id));
        Assert.Equal(["kept"], (await Store.ListSubmissionsAsync(new SubmissionQuery(), Ct)).Select(s => s.Id));
        Assert.Equal(["kept"], (await Store.OwedCallbacksAsync(T0.AddMinutes(-1), 5, 10, Ct)).Select(o => o.SubmissionId));
        Assert.Equal([SubmissionStatus.Queued, SubmissionStatus.Judged], (await Store.GetHistoryAsync("kept", Ct)).Select(h => h.Status));
        Assert.Single(await Store.GetCallbacksAsync("kept", Ct));
        Assert.Equal(SubmissionDeletion.NotFound, await Store.DeleteSubmissionAsync("gone", Ct));
        Assert.Equal(SubmissionDeletion.NotFound, await Store.DeleteSubmissionAsync("never", Ct));
    }

    [Fact]
    public async Task DeleteSubmission_QueuedOrRunning_IsRefusedAndKeepsEverything()
    {
        await Store.AddSubmissionsAsync([Submission("s1"), Submission("s2", createdAt: T0.AddSeconds(1))], Ct);
        Assert.Equal(SubmissionDeletion.Unfinished, await Store.DeleteSubmissionAsync("s1", Ct));
        await Store.LeaseNextAsync("w1", DeletionLease, [], T0, Ct);
        Assert.True(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Running, null, T0.AddSeconds(1), Ct));

        Assert.Equal(SubmissionDeletion.Unfinished, await Store.DeleteSubmissionAsync("s1", Ct));

        Assert.Equal(SubmissionStatus.Running, (await Store.GetSubmissionAsync("s1", Ct))?.Status);
        Assert.Equal(2, (await Store.GetHistoryAsync("s1", Ct)).Count);
        Assert.True(await Store.CompleteAsync("s1", "w1", SubmissionStatus.Failed, new("""{"error":"x"}""", "IE"), T0.AddSeconds(2), Ct));
        Assert.Equal(SubmissionDeletion.Deleted, await Store.DeleteSubmissionAsync("s1", Ct));
        Assert.Equal(SubmissionStatus.Queued, (await Store.GetSubmissionAsync("s2", Ct))?.Status);
    }

    /// <summary>A worker whose lease expired while another worker finished the job: after the
    /// deletion its every write finds nothing (false, not an error), and nothing reappears.</summary>
    [Fact]
    public async Task DeleteSubmission_StaleWorkerAndCallbackWritesAfterwards_FindNothingAndBringNothingBack()
    {
        await Store.AddSubmissionsAsync([Submission("s1", problemId: "sum")], Ct);
        var first = (await Store.LeaseNextAsync("w1", DeletionLease, [], T0, Ct))!;
        var second = (await Store.LeaseNextAsync("w2", DeletionLease, [], first.ExpiresAt, Ct))!;
        Assert.Equal(2, second.Attempt);
        Assert.True(await Store.CompleteAsync("s1", "w2", SubmissionStatus.Judged, new("{}", "AC"), first.ExpiresAt.AddSeconds(1), Ct));
        Assert.Equal(SubmissionDeletion.Deleted, await Store.DeleteSubmissionAsync("s1", Ct));
        var later = first.ExpiresAt.AddSeconds(2);

        Assert.False(await Store.RenewLeaseAsync("s1", "w1", DeletionLease, later, Ct));
        Assert.False(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Running, "test 1", later, Ct));
        Assert.False(await Store.CompleteAsync(
            "s1",
            "w1",
            [new StatusChange(SubmissionStatus.Running, later, "w1", "held back")],
            SubmissionStatus.Judged,
            new("{}", "AC"),
            later,
            Ct));
        Assert.False(await Store.CompleteAsync("s1", "w2", SubmissionStatus.Judged, new("{}", "AC"), later, Ct));
        Assert.Equal(0, await Store.ReleaseLeasesAsync("w1", later, Ct));
        Assert.False(await Store.ClaimCallbackAsync("s1", 1, later, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.RecordCallbackAsync(new CallbackAttempt("s1", 1, later, 204, null, true), Ct));

        Assert.Null(await Store.GetSubmissionAsync("s1", Ct));
        Assert.Empty(await Store.GetHistoryAsync("s1", Ct));
        Assert.Empty(await Store.GetCallbacksAsync("s1", Ct));
        Assert.Null(await Store.LeaseNextAsync("w3", DeletionLease, [], later, Ct));
        Assert.Equal(0, await Store.QueueDepthAsync(later, Ct));
    }

    /// <summary>The key that made a deleted submission keeps naming it, so a replay of the request
    /// finds it gone instead of making it again; the other submissions of the request stay.</summary>
    [Fact]
    public async Task DeleteSubmission_ItsIdempotencyKeyStays()
    {
        var claim = new IdempotencyClaim("alice:key-1", "hash-1");
        await Store.AddSubmissionsAsync([Submission("k1") with { Idempotency = claim }, Submission("k2") with { Idempotency = claim }], Ct);
        await Store.LeaseNextAsync("w1", DeletionLease, [], T0, Ct);
        await Store.LeaseNextAsync("w1", DeletionLease, [], T0, Ct);
        Assert.True(await Store.CompleteAsync("k1", "w1", SubmissionStatus.Judged, new("{}", "AC"), T0, Ct));

        Assert.Equal(SubmissionDeletion.Deleted, await Store.DeleteSubmissionAsync("k1", Ct));

        Assert.Equal(["k1", "k2"], (await Store.FindIdempotencyKeyAsync("alice:key-1", Ct))!.SubmissionIds);
        Assert.Equal(["k2"], (await Store.GetSubmissionsAsync(["k1", "k2"], Ct)).Select(s => s.Id));
    }
}

using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>A stopping worker hands its jobs back: queued again at once, nothing else touched.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ReleaseLeases_QueuesTheWorkersUnfinishedJobsAgainAtOnce_NotCountingTheAttempt()
    {
        await Store.AddSubmissionsAsync([Submission("s1"), Submission("s2", T0.AddSeconds(1)), Submission("s3", T0.AddSeconds(2))], Ct);
        await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct);
        await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct);
        Assert.True(await Store.SetStatusAsync("s1", "w1", SubmissionStatus.Running, null, T0.AddSeconds(1), Ct));
        Assert.True(await Store.CompleteAsync("s2", "w1", SubmissionStatus.Judged, new("""{"ok":true}"""), T0.AddSeconds(2), Ct));
        await Store.LeaseNextAsync("w2", LeaseLength, [], T0, Ct);

        var released = await Store.ReleaseLeasesAsync("w1", T0.AddSeconds(3), Ct);

        Assert.Equal(1, released);
        // Another worker takes it well before the 30 s lease would have expired.
        var next = await Store.LeaseNextAsync("w3", LeaseLength, [], T0.AddSeconds(4), Ct);
        Assert.Equal(("s1", 1), (next?.SubmissionId, next?.Attempt));
        var history = await Store.GetHistoryAsync("s1", Ct);
        Assert.Equal([SubmissionStatus.Queued, SubmissionStatus.Running, SubmissionStatus.Queued], history.Select(h => h.Status));
        Assert.Equal(("w1", "handed back by its worker, which is stopping"), (history[^1].WorkerId, history[^1].Detail));
        Assert.Equal(SubmissionStatus.Judged, (await Store.GetSubmissionAsync("s2", Ct))!.Status);
        Assert.Equal("w2", (await Store.GetSubmissionAsync("s3", Ct))!.WorkerId);
        Assert.False(await Store.CompleteAsync("s1", "w1", SubmissionStatus.Judged, new("""{"late":true}"""), T0.AddSeconds(5), Ct));
    }

    [Fact]
    public async Task ReleaseLeases_OfAWorkerHoldingNothing_ChangesNothing()
    {
        await Store.AddSubmissionsAsync([Submission("s1")], Ct);
        await Store.LeaseNextAsync("w1", LeaseLength, [], T0, Ct);

        Assert.Equal(0, await Store.ReleaseLeasesAsync("w9", T0.AddSeconds(1), Ct));
        Assert.Equal("w1", (await Store.GetSubmissionAsync("s1", Ct))!.WorkerId);
        Assert.Single(await Store.GetHistoryAsync("s1", Ct));
    }
}

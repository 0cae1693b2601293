using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>The callback outbox: which finished submissions still owe a callback, and taking
/// an attempt so that exactly one process makes it.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task OwedCallbacks_AreFinishedUndeliveredRecentOnes_UnderTheAttemptLimit()
    {
        // Samples give a callback URL to judged submissions (those with a problem).
        await Store.AddSubmissionsAsync(
        [
            Submission("fresh", problemId: "sum"), Submission("delivered", createdAt: T0.AddSeconds(1), problemId: "sum"),
            Submission("failing", createdAt: T0.AddSeconds(2), problemId: "sum"), Submission("exhausted", createdAt: T0.AddSeconds(3), problemId: "sum"),
            Submission("old", createdAt: T0.AddSeconds(4), problemId: "sum"), Submission("unfinished", createdAt: T0.AddSeconds(5), problemId: "sum"),
            Submission("nourl", createdAt: T0.AddSeconds(6)),
        ], Ct);
        for (var i = 0; i < 7; i++)
        {
            await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(5), [], T0, Ct);
        }

        foreach (var id in new[] { "fresh", "delivered", "failing", "exhausted", "nourl" })
        {
            Assert.True(await Store.CompleteAsync(id, "w1", SubmissionStatus.Judged, new("{}", "AC"), T0.AddMinutes(10), Ct));
        }

        Assert.True(await Store.CompleteAsync("old", "w1", SubmissionStatus.Failed, new("{}", "IE"), T0, Ct));
        await Store.RecordCallbackAsync(new CallbackAttempt("delivered", 1, T0.AddMinutes(10), 500, "HTTP 500", false), Ct);
        await Store.RecordCallbackAsync(new CallbackAttempt("delivered", 2, T0.AddMinutes(11), 200, null, true), Ct);
        await Store.RecordCallbackAsync(new CallbackAttempt("failing", 1, T0.AddMinutes(10), null, "connection refused", false), Ct);
        await Store.RecordCallbackAsync(new CallbackAttempt("failing", 2, T0.AddMinutes(11), 503, "HTTP 503", false), Ct);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await Store.RecordCallbackAsync(new CallbackAttempt("exhausted", attempt, T0.AddMinutes(10 + attempt), 500, "HTTP 500", false), Ct);
        }

        var owed = await Store.OwedCallbacksAsync(T0.AddMinutes(5), maxAttempts: 3, limit: 10, Ct);

        Assert.Equal(
            [new OwedCallback("failing", 2, Stored(T0.AddMinutes(11))), new OwedCallback("fresh", 0, null)],
            owed.OrderBy(o => o.SubmissionId, StringComparer.Ordinal));
        Assert.Single(await Store.OwedCallbacksAsync(T0.AddMinutes(5), maxAttempts: 3, limit: 1, Ct));
        Assert.Contains(await Store.OwedCallbacksAsync(T0.AddMinutes(-1), maxAttempts: 3, limit: 10, Ct), o => o.SubmissionId == "old");
    }

    [Fact]
    public async Task ClaimCallback_OnlyOneTakerPerAttempt_AndTheOutcomeIsRecordedOverTheClaim()
    {
        await Store.AddSubmissionsAsync([Submission("s1", problemId: "sum")], Ct);
        await Store.LeaseNextAsync("w1", TimeSpan.FromMinutes(5), [], T0, Ct);
        await Store.CompleteAsync("s1", "w1", SubmissionStatus.Judged, new("{}", "AC"), T0, Ct);

        var takers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.ClaimCallbackAsync("s1", 1, T0, Ct), Ct)));

        Assert.Equal(1, takers.Count(taken => taken));
        Assert.Equal([new CallbackAttempt("s1", 1, Stored(T0), null, OwedCallback.InProgress, false)], await Store.GetCallbacksAsync("s1", Ct));
        Assert.Equal([new OwedCallback("s1", 1, Stored(T0), Stored(T0))], await Store.OwedCallbacksAsync(T0.AddMinutes(-1), 5, 10, Ct));

        await Store.RecordCallbackAsync(new CallbackAttempt("s1", 1, T0.AddSeconds(1), 204, null, true), Ct);

        Assert.Equal([new CallbackAttempt("s1", 1, Stored(T0.AddSeconds(1)), 204, null, true)], await Store.GetCallbacksAsync("s1", Ct));
        Assert.Empty(await Store.OwedCallbacksAsync(T0.AddMinutes(-1), 5, 10, Ct));
        Assert.False(await Store.ClaimCallbackAsync("s1", 1, T0, Ct));
    }
}

using static Arbiter.Storage.Tests.Samples;

namespace Arbiter.Storage.Tests;

/// <summary>The autoscaler's read-only view of the queue: job spans.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task JobSpans_ShowWhenEachRecentOrUnfinishedJobWasMadeStartedAndFinished()
    {
        await Store.AddSubmissionsAsync(
            [
                Submission("old-done", createdAt: T0, language: "c"),
                Submission("old-waiting", createdAt: T0.AddSeconds(1), language: "c"),
                Submission("new-done", createdAt: T0.AddSeconds(100), language: "python3"),
                Submission("new-running", createdAt: T0.AddSeconds(101), language: "python3"),
            ],
            Ct);
        await RunToEndAsync("old-done", "c", T0.AddSeconds(2), T0.AddSeconds(3));
        await RunToEndAsync("new-done", "python3", T0.AddSeconds(102), T0.AddSeconds(104));
        var lease = await Store.LeaseNextAsync("w1", TimeSpan.FromSeconds(30), ["python3"], T0.AddSeconds(105), Ct);
        Assert.Equal("new-running", lease!.SubmissionId);
        Assert.True(await Store.SetStatusAsync("new-running", "w1", SubmissionStatus.Running, null, T0.AddSeconds(106), Ct));

        var spans = (await Store.JobSpansAsync(T0.AddSeconds(50), T0.AddSeconds(107), Ct)).OrderBy(s => s.CreatedAt).ToList();

        // old-done is neither recent nor unfinished: left out.
        Assert.Equal(
            [
                new JobSpan("c", Stored(T0.AddSeconds(1)), null, null, Waiting: true),
                new JobSpan("python3", Stored(T0.AddSeconds(100)), Stored(T0.AddSeconds(102)), Stored(T0.AddSeconds(104)), Waiting: false),
                new JobSpan("python3", Stored(T0.AddSeconds(101)), Stored(T0.AddSeconds(106)), null, Waiting: false),
            ],
            spans);

        // Once its lease has expired, the running one waits again (its worker is gone).
        var later = await Store.JobSpansAsync(T0.AddSeconds(50), T0.AddSeconds(200), Ct);
        Assert.True(later.Single(s => s.CreatedAt == Stored(T0.AddSeconds(101))).Waiting);
    }

    private async Task RunToEndAsync(string id, string language, DateTimeOffset started, DateTimeOffset finished)
    {
        var lease = await Store.LeaseNextAsync("w0", TimeSpan.FromSeconds(30), [language], started, Ct);
        Assert.Equal(id, lease!.SubmissionId);
        Assert.True(await Store.SetStatusAsync(id, "w0", SubmissionStatus.Compiling, null, started, Ct));
        Assert.True(await Store.SetStatusAsync(id, "w0", SubmissionStatus.Running, null, started.AddSeconds(0.5), Ct));
        Assert.True(await Store.CompleteAsync(id, "w0", SubmissionStatus.Judged, new SubmissionOutcome("{}", "AC"), finished, Ct));
    }
}

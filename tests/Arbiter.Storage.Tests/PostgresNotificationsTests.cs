using System.Threading.Channels;

namespace Arbiter.Storage.Tests;

/// <summary>The PostgreSQL store's wake-ups as another process hears them: one notification per
/// queued batch, one per stored result, none for progress.</summary>
[Collection(SharedPostgres.Name)]
public sealed class PostgresNotificationsTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Listen_HearsOneQueuedPerBatchThenTheFinishedIdButNoProgress()
    {
        await using var store = new PostgresStore(await database.CreateSchemaAsync(Ct));
        await store.MigrateAsync(Ct);
        await using var listener = new PostgresStore(database.Server.ConnectionString(database.Name));
        var heard = Channel.CreateUnbounded<(string Channel, string Payload)>();
        var listening = new TaskCompletionSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var listen = listener.ListenAsync((channel, payload) => heard.Writer.TryWrite((channel, payload)), listening.SetResult, stop.Token);
        await listening.Task.WaitAsync(Ct);

        await store.AddSubmissionsAsync([Samples.Submission("a"), Samples.Submission("b"), Samples.Submission("c")], Ct);
        var lease = await store.LeaseNextAsync("w1", TimeSpan.FromMinutes(1), [], Samples.T0, Ct);
        Assert.NotNull(lease);
        Assert.True(await store.SetStatusAsync(lease.SubmissionId, "w1", SubmissionStatus.Running, null, Samples.T0, Ct));
        Assert.True(await store.CompleteAsync(lease.SubmissionId, "w1", SubmissionStatus.Judged, new SubmissionOutcome("{}", "AC"), Samples.T0, Ct));

        Assert.Equal((PostgresNotifications.Queued, "3"), await heard.Reader.ReadAsync(Ct));
        Assert.Equal((PostgresNotifications.Finished, lease.SubmissionId), await heard.Reader.ReadAsync(Ct));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);
    }
}

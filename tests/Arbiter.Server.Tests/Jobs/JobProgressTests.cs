using Arbiter.Server.Jobs;
using Arbiter.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Arbiter.Server.Tests.Jobs;

/// <summary>A job's progress reaches a real SQLite store with its completion when the job is
/// short, and on its own when the job outlasts the hold-back (on a fake clock: not an instant before).</summary>
public sealed class JobProgressTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-progress-test-");
    private SqliteStore _store = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteStore(Path.Combine(_directory.FullName, "arbiter.db"));
        await _store.MigrateAsync(Token);
        await _store.AddSubmissionsAsync([new NewSubmission("s1", "TS1", SubmissionKind.Run, "python3", null, "{}", null, 0, null, Created)], Token);
        await _store.LeaseNextAsync("w1", TimeSpan.FromMinutes(5), [], DateTimeOffset.UtcNow, Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task ShortJob_HandsItsProgressToTheCompletion_WithoutWritingIt()
    {
        // The clock never moves: the hold-back never ends while the job runs.
        using var progress = new JobProgress(_store, "s1", "w1", new FakeTimeProvider(Created), NullLogger.Instance, TimeSpan.FromMilliseconds(200));

        progress.Report(SubmissionStatus.Compiling, null);
        progress.Report(SubmissionStatus.Running, null);
        var held = await progress.TakeHeldBackAsync();
        progress.Report(SubmissionStatus.Running, "after the end");

        Assert.Equal([SubmissionStatus.Compiling, SubmissionStatus.Running], held.Select(h => h.Status));
        Assert.All(held, h => Assert.Equal("w1", h.WorkerId));
        Assert.Equal([SubmissionStatus.Queued], (await _store.GetHistoryAsync("s1", Token)).Select(h => h.Status));
        Assert.True(await _store.CompleteAsync("s1", "w1", held, SubmissionStatus.Judged, new SubmissionOutcome("{}", "OK"), DateTimeOffset.UtcNow, Token));
        Assert.Equal(
            [SubmissionStatus.Queued, SubmissionStatus.Compiling, SubmissionStatus.Running, SubmissionStatus.Judged],
            (await _store.GetHistoryAsync("s1", Token)).Select(h => h.Status));
    }

    [Fact]
    public async Task LongJob_WritesItsProgressOnceTheHoldBackEnds()
    {
        var time = new FakeTimeProvider(Created);
        using var progress = new JobProgress(_store, "s1", "w1", time, NullLogger.Instance, TimeSpan.FromMilliseconds(200));

        progress.Report(SubmissionStatus.Compiling, null);
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(SubmissionStatus.Queued, (await _store.GetSubmissionAsync("s1", Token))!.Status);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var status = await StatusOnceItChangesAsync();
        var held = await progress.TakeHeldBackAsync();

        Assert.Equal(SubmissionStatus.Compiling, status);
        Assert.Empty(held);
        Assert.Equal([SubmissionStatus.Queued, SubmissionStatus.Compiling], (await _store.GetHistoryAsync("s1", Token)).Select(h => h.Status));
    }

    /// <summary>The submission's status once it is no longer Queued (the flush runs on a timer).</summary>
    private async Task<SubmissionStatus> StatusOnceItChangesAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (true)
        {
            var status = (await _store.GetSubmissionAsync("s1", timeout.Token))!.Status;
            if (status != SubmissionStatus.Queued)
            {
                return status;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}

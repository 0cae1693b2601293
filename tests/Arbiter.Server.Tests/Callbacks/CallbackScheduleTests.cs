using Arbiter.Server.Callbacks;
using Arbiter.Server.Features.Courses;
using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Arbiter.Server.Tests.Callbacks;

/// <summary>The callback schedule on a fake clock: a receiver that always fails gets exactly the
/// configured attempts, each after its backoff (1 s, then 2 s, from the last answer) and none
/// before, all recorded, over a real SQLite store and real HTTP. No test waits for a backoff
/// to pass: the clock is moved.</summary>
public sealed class CallbackScheduleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-callback-schedule-");
    private readonly FakeTimeProvider _time = new(T0);
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private SqliteStore _store = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteStore(Path.Combine(_directory.FullName, "arbiter.db"));
        await _store.MigrateAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _store.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task ReceiverAlwaysFailing_GetsTheConfiguredAttempts_EachAfterItsBackoff_AllRecorded()
    {
        using var listener = new HookListener();
        _ = listener.ReceiveAsync(failFirst: int.MaxValue, Token);
        var id = await FinishedAsync(listener.Url);
        using var dispatcher = Dispatcher(attempts: 3);

        Assert.Equal(1, await dispatcher.DispatchDueAsync(Token)); // the first attempt at once
        await RecordedAsync(dispatcher, id, 1);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(Token)); // owed, not yet due
        Assert.Single(await _store.GetCallbacksAsync(id, Token));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await dispatcher.DispatchDueAsync(Token); // 1 s after the first answer
        await RecordedAsync(dispatcher, id, 2);
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        await dispatcher.DispatchDueAsync(Token);
        Assert.Equal(2, (await _store.GetCallbacksAsync(id, Token)).Count);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await dispatcher.DispatchDueAsync(Token); // 2 s after the second
        var attempts = await RecordedAsync(dispatcher, id, 3);
        _time.Advance(TimeSpan.FromDays(0.5));

        Assert.Equal(0, await dispatcher.DispatchDueAsync(Token)); // nothing owed: no fourth attempt, however long
        Assert.Equal(3, listener.Requests);
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.Equal([T0, T0.AddSeconds(1), T0.AddSeconds(3)], attempts.Select(a => a.At));
        Assert.All(attempts, a => Assert.Equal((false, (int?)500), (a.Delivered, a.HttpStatus)));
    }

    private CallbackDispatcher Dispatcher(int attempts)
    {
        var options = Options.Create(new ServerOptions { CallbackAttempts = attempts });
        return new CallbackDispatcher(_store, new ResultPolicy(_store, new CourseAccess(_store), options), _services.GetRequiredService<IHttpClientFactory>(), options,
            new StoreOutage(_time, NullLogger<StoreOutage>.Instance), _time, NullLogger<CallbackDispatcher>.Instance);
    }

    private async Task<string> FinishedAsync(Uri callback)
    {
        await _store.AddSubmissionsAsync([new NewSubmission("cb1", "TCBAA", SubmissionKind.Run, "python3", null, "{}", callback.ToString(), 0, null, T0)], Token);
        Assert.NotNull(await _store.LeaseNextAsync("w1", TimeSpan.FromMinutes(5), [], T0, Token));
        Assert.True(await _store.CompleteAsync("cb1", "w1", SubmissionStatus.Judged, new SubmissionOutcome("""{"run":{"stdout":"42\n"}}""", "OK"), T0, Token));
        return "cb1";
    }

    /// <summary>Waits (on real time: an HTTP exchange is under way) until attempt
    /// <paramref name="count"/> is answered and recorded and the dispatcher has let it go.</summary>
    private async Task<IReadOnlyList<CallbackAttempt>> RecordedAsync(CallbackDispatcher dispatcher, string id, int count)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var attempts = await _store.GetCallbacksAsync(id, deadline.Token);
            if (attempts.Count == count && attempts[^1].HttpStatus is not null && !dispatcher.Delivering(id))
            {
                return attempts;
            }

            Assert.True(attempts.Count <= count, $"more attempts than {count}: {attempts.Count}");
            await Task.Delay(20, deadline.Token);
        }
    }
}

using Arbiter.Server.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Arbiter.Server.Tests.Jobs;

/// <summary>The wake-up idle workers wait on: a signal ends the wait, and the timeout passes on
/// the server's clock (a fake one here: the wait is still waiting an instant before).</summary>
public sealed class WorkSignalTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly WorkSignal _signal;

    public WorkSignalTests() => _signal = new WorkSignal(_time);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wait_TimeoutPassesOnTheClock_ReturnsFalse_NotAnInstantBefore()
    {
        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(5), Token);

        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.False(await wait);
    }

    [Fact]
    public async Task Wait_Notified_ReturnsTrueWithoutTheClockMoving()
    {
        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(5), Token);
        Assert.False(wait.IsCompleted);

        _signal.Notify(1);

        Assert.True(await wait);
    }

    [Fact]
    public async Task Notify_BeforeTheWaits_WakesThatManyWaits_EvenWithAZeroTimeout()
    {
        _signal.Notify(2);

        Assert.True(await _signal.WaitAsync(TimeSpan.Zero, Token));
        Assert.True(await _signal.WaitAsync(TimeSpan.FromSeconds(5), Token));
        Assert.False(await _signal.WaitAsync(TimeSpan.Zero, Token));
    }

    [Fact]
    public async Task Wait_Cancelled_Throws_AndTheSignalStaysForTheNextWait()
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(5), stopping.Token);

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        _signal.Notify(1);
        Assert.True(await _signal.WaitAsync(TimeSpan.Zero, Token));
    }

    public void Dispose() => _signal.Dispose();
}

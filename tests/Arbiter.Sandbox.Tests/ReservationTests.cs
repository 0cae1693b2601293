namespace Arbiter.Sandbox.Tests;

/// <summary>Sandboxes taken together: pairs that talk through pipes start side by side, several
/// callers wanting pairs never deadlock, and what can never be granted is refused.</summary>
[Collection(SharedSandbox.Name)]
public sealed class ReservationTests(SandboxFixture fixture)
{
    private const string Ping = """
        import sys
        for i in range(50):
            print(f"ping {i}", flush=True)
            assert sys.stdin.readline() == f"pong {i}\n"
        """;

    private const string Pong = """
        import sys
        for line in sys.stdin:
            print(line.replace("ping", "pong"), end="", flush=True)
        """;

    /// <summary>Only a guard against a hang; no timing is asserted.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reserve_FourCallersWantingPairsOfTwoSlots_AllTalkToTheEnd()
    {
        var pairs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PingPongAsync())).WaitAsync(HangGuard, Token);

        Assert.All(pairs.SelectMany(p => p), r => Assert.True(r.Status == RunStatus.OK, $"{r.Status} {r.Message} {SandboxFixture.Text(r.Stderr)}"));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Reserve_MoreThanThePoolHas_IsRefusedRatherThanWaitingForever()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Pool.ReserveAsync(fixture.Pool.Capacity + 1, Token));
    }

    [Fact]
    public async Task Run_MoreRunsThanReserved_IsRefusedAndTheSlotsComeBack()
    {
        await using (var one = await fixture.Pool.ReserveAsync(1, Token))
        {
            var sleeping = one.RunAsync(new SandboxRequest("/bin/sleep", ["1"]), Token);

            await Assert.ThrowsAsync<InvalidOperationException>(() => one.RunAsync(new SandboxRequest("/bin/true", []), Token));
            Assert.Equal(RunStatus.OK, (await sleeping).Status);
        }

        var after = await fixture.Pool.ReserveAsync(fixture.Pool.Capacity, Token).WaitAsync(HangGuard, Token);
        await after.DisposeAsync();
    }

    private async Task<SandboxResult[]> PingPongAsync()
    {
        var toPong = SandboxPipe.Create();
        var toPing = SandboxPipe.Create();
        await using var pair = await fixture.Pool.ReserveAsync(2, Token);
        return await Task.WhenAll(
            pair.RunAsync(new SandboxRequest("/usr/bin/python3", ["-c", Ping]) { Stdin = SandboxInput.FromHandle(toPing.Reader), StdoutTo = toPong.Writer }, Token),
            pair.RunAsync(new SandboxRequest("/usr/bin/python3", ["-c", Pong]) { Stdin = SandboxInput.FromHandle(toPong.Reader), StdoutTo = toPing.Writer }, Token));
    }
}

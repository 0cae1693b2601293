namespace Arbiter.Sandbox.Tests;

/// <summary>Programs that try to exhaust a resource: each ends with the right status, and the host
/// is unharmed and clean afterwards.</summary>
[Collection(SharedSandbox.Name)]
public sealed class HostileResourceTests(SandboxFixture fixture)
{
    private static readonly SandboxLimits Short = SandboxLimits.Default with { CpuTime = TimeSpan.FromSeconds(1), WallTime = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task Run_ForkBomb_IsContainedAndReportsProcessLimit()
    {
        // The shell starts the bomb, then becomes a sleep (exec needs no fork) while it grows. The
        // bomb's shells spin on failing forks and burn CPU on every core, so the CPU limit is set
        // beyond what two seconds of wall time can use on any machine: the wall clock ends it.
        var limits = Short with { Processes = 32, CpuTime = TimeSpan.FromSeconds(120) };
        var result = await fixture.ShellAsync("bomb() { bomb | bomb & }; bomb; exec sleep 10", limits);

        Assert.True(result.ProcessLimitReached, result.Message);
        Assert.Equal(RunStatus.TLE, result.Status);
        Assert.Equal(LimitKind.WallTime, result.LimitExceeded);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_MemoryBomb_IsKilledAsMemoryLimitExceeded()
    {
        var result = await fixture.PythonAsync("a = bytearray(1 << 30)", Short with { MemoryBytes = 64L << 20 });

        Assert.Equal(RunStatus.MLE, result.Status);
        Assert.Equal(LimitKind.Memory, result.LimitExceeded);
        Assert.True(result.MemoryBytes >= 60L << 20, $"peak {result.MemoryBytes}");
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_InfiniteLoop_IsStoppedByCpuTime()
    {
        var limits = Short with { CpuTime = TimeSpan.FromMilliseconds(500), WallTime = TimeSpan.FromSeconds(10) };

        var result = await fixture.PythonAsync("while True: pass", limits);

        Assert.Equal(RunStatus.TLE, result.Status);
        Assert.Equal(LimitKind.CpuTime, result.LimitExceeded);
        Assert.True(result.CpuTime >= limits.CpuTime, $"cpu {result.CpuTime}");
        Assert.True(result.WallTime < limits.WallTime, $"wall {result.WallTime}");
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_BusyLoopsInTwoProcesses_CountsCpuOfBoth()
    {
        var limits = Short with { CpuTime = TimeSpan.FromSeconds(1), WallTime = TimeSpan.FromSeconds(10) };

        var result = await fixture.ShellAsync("while :; do :; done & while :; do :; done", limits);

        Assert.Equal(RunStatus.TLE, result.Status);
        Assert.Equal(LimitKind.CpuTime, result.LimitExceeded);
        Assert.True(result.CpuTime >= limits.CpuTime, $"cpu {result.CpuTime}");
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_SleepForever_IsStoppedByWallTime()
    {
        var result = await fixture.RunAsync("/bin/sleep", ["1000"], Short with { WallTime = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(RunStatus.TLE, result.Status);
        Assert.Equal(LimitKind.WallTime, result.LimitExceeded);
        Assert.True(result.CpuTime < TimeSpan.FromMilliseconds(200), $"cpu {result.CpuTime}");
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_OutputFlood_IsOutputLimitExceededAndHostMemoryStaysFlat()
    {
        const long cap = 1 << 20;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var result = await fixture.ShellAsync("yes 'flood flood flood' & yes 'err err' >&2", Short with { OutputBytes = cap, WallTime = TimeSpan.FromSeconds(5) });

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(RunStatus.OLE, result.Status);
        Assert.Equal(LimitKind.Output, result.LimitExceeded);
        Assert.True(result.Stdout.Length <= cap && result.Stderr.Length <= cap);
        Assert.True(result.StdoutTruncated || result.StderrTruncated);
        // The engine keeps at most the capped output: a few MiB of buffers, not the flood.
        Assert.True(allocated < 32L << 20, $"allocated {allocated} bytes during the flood");
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_DiskFill_StopsAtWorkDirSizeAndLeavesNothing()
    {
        var limits = Short with { WorkDirBytes = 8L << 20, WallTime = TimeSpan.FromSeconds(5), CpuTime = TimeSpan.FromSeconds(3) };

        var result = await fixture.ShellAsync("dd if=/dev/zero of=/box/fill bs=1M count=100; dd if=/dev/zero of=/tmp/fill bs=1M count=100; stat -c %s /box/fill /tmp/fill", limits);

        // A full disk is the program's problem, not a limit: the shell carries on and ends well.
        Assert.True(result.Status == RunStatus.OK, $"{result.Status}: {result.Message} {SandboxFixture.Text(result.Stderr)}");
        Assert.Contains("No space left on device", SandboxFixture.Text(result.Stderr), StringComparison.Ordinal);
        // Each file stopped at its tmpfs's 8 MiB (less what the file system keeps for itself).
        var sizes = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => long.Parse(line, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(2, sizes.Count);
        Assert.All(sizes, size => Assert.InRange(size, 7L << 20, 8L << 20));
        var next = await fixture.ShellAsync("ls -A /box /tmp", limits);
        Assert.Equal("/box:\n\n/tmp:\n", SandboxFixture.Text(next.Stdout));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_DaemonLeftBehind_IsGoneAfterTheRun()
    {
        var result = await fixture.PythonAsync("""
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(1000)
                os._exit(0)
            print("parent leaves")
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Equal("parent leaves\n", SandboxFixture.Text(result.Stdout));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_ZombieArmy_IsReapedAndCleanedUp()
    {
        var result = await fixture.PythonAsync("""
            import os, time
            for _ in range(40):
                if os.fork() == 0:
                    os._exit(0)
            time.sleep(0.2)
            print(sum(1 for p in os.listdir('/proc') if p.isdigit()))
            """, SandboxLimits.Default with { Processes = 64 });

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.True(int.Parse(SandboxFixture.Text(result.Stdout), System.Globalization.CultureInfo.InvariantCulture) >= 40, "the zombies should exist during the run");
        await fixture.AssertHostCleanAsync();
    }
}

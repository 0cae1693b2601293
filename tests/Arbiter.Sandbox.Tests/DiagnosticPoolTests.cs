namespace Arbiter.Sandbox.Tests;

/// <summary>The pools <c>arbiter bench sandbox --diagnose</c> uses leave exactly the part they
/// name off, and a pool built the public way never leaves anything off.</summary>
[Collection(SharedSandbox.Name)]
public sealed class DiagnosticPoolTests(SandboxFixture fixture)
{
    // What the kernel says of the running program: its seccomp mode (2 = filtered), real uid,
    // soft open-files limit and network namespace.
    private const string Probe = "grep '^Seccomp:' /proc/self/status; id -u; ulimit -n; readlink /proc/self/ns/net";

    [Fact]
    public async Task PublicPool_KeepsEveryPartOfTheLockdown()
    {
        var lines = Lines(await fixture.ShellAsync(Probe));

        Assert.Equal("Seccomp:\t2", lines[0]);
        Assert.NotEqual("0", lines[1]);
        Assert.Equal(SandboxLimits.Default.OpenFiles.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[2]);
        Assert.NotEqual(new FileInfo("/proc/self/ns/net").LinkTarget, lines[3]);
    }

    [Fact]
    public async Task DiagnosticPool_WithoutEachPart_LeavesOnlyThatPartOff()
    {
        var hostNet = new FileInfo("/proc/self/ns/net").LinkTarget;
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 }, ["seccomp", "uid", "rlimits", "namespaces", "memory-cgroup"]);

        var lines = Lines(await pool.RunAsync(new SandboxRequest("/bin/sh", ["-c", Probe]), TestContext.Current.CancellationToken));
        var overLimit = await pool.RunAsync(
            new SandboxRequest("/usr/bin/python3", ["-c", "a = bytearray(128 << 20)"]) { Limits = SandboxLimits.Default with { MemoryBytes = 64L << 20 } },
            TestContext.Current.CancellationToken);

        Assert.Equal("Seccomp:\t0", lines[0]);
        Assert.Equal("0", lines[1]);
        Assert.NotEqual(SandboxLimits.Default.OpenFiles.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[2]);
        Assert.Equal(hostNet, lines[3]);
        // Out of its memory cgroup (cgroup v1), the run is held to no memory limit at all.
        Assert.Equal(pool.CgroupVersion == 1 ? RunStatus.OK : RunStatus.MLE, overLimit.Status);
    }

    [Fact]
    public async Task DiagnosticPool_UnknownPart_CannotStart()
    {
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 }, ["everything"]);

        await Assert.ThrowsAsync<SandboxUnavailableException>(() => pool.RunAsync(new SandboxRequest("/bin/true", []), TestContext.Current.CancellationToken));
    }

    private static string[] Lines(SandboxResult result)
    {
        Assert.True(result.Status == RunStatus.OK, $"{result.Status} {result.Message} {SandboxFixture.Text(result.Stderr)}");
        return SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

namespace Arbiter.Sandbox.Tests;

/// <summary>Locks a program takes: they work within its run, and reach no file the host uses.</summary>
[Collection(SharedSandbox.Name)]
public sealed class HostileLockTests(SandboxFixture fixture)
{
    /// <summary>Host files the container shows read-only: a file under a read-only directory
    /// (/usr), a read-only file on its own (/etc/ld.so.cache), and a device node.</summary>
    private static readonly string[] HostFiles = ["/usr/lib/os-release", "/etc/ld.so.cache", "/dev/null"];

    [Fact]
    public async Task Run_LockingHostFilesItCanRead_LocksThemForItselfOnly()
    {
        // An exclusive flock and a POSIX read lock on each, held until it is stopped; a second
        // process of the same run is refused the same flock, so the locks are real ones.
        var locker = $$"""
            import fcntl, os, time
            paths = {{string.Join(", ", HostFiles.Select(f => $"\"{f}\""))}}, "/box/own", "/tmp/own"
            open("/box/own", "w").close()
            open("/tmp/own", "w").close()
            held = []
            for path in paths:
                fd = os.open(path, os.O_RDONLY)
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                held.append(fd)
            if os.fork() == 0:
                refused = 0
                for path in paths:
                    try:
                        fcntl.flock(os.open(path, os.O_RDONLY), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        refused += 1
                os._exit(refused)
            _, status = os.wait()
            os.write(1, f"locked, {os.waitstatus_to_exitcode(status)} refused\n".encode())
            time.sleep(60)
            """;
        var signal = SandboxPipe.Create();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var holding = fixture.Pool.RunAsync(
            new SandboxRequest("/usr/bin/python3", ["-c", locker]) { StdoutTo = signal.Writer, Limits = SandboxLimits.Default with { WallTime = TimeSpan.FromSeconds(60) } },
            stop.Token);
        using (var said = new StreamReader(new FileStream(signal.Reader, FileAccess.Read)))
        {
            var line = await said.ReadLineAsync(TestContext.Current.CancellationToken);
            if (line is null)
            {
                var ended = await holding;
                Assert.Fail($"the locker ended first: {ended.Status} {ended.Message} {SandboxFixture.Text(ended.Stderr)}");
            }

            Assert.Equal("locked, 5 refused", line);
        }

        // Meanwhile the host takes an exclusive flock and a POSIX write lock on each file.
        foreach (var path in HostFiles)
        {
            using var host = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            host.Lock(0, 1);
            host.Unlock(0, 1);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => holding);
        await fixture.AssertHostCleanAsync();
    }
}

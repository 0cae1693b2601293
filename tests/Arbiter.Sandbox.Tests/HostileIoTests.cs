using System.Security.Cryptography;

namespace Arbiter.Sandbox.Tests;

/// <summary>Awkward standard streams and files: huge stdin, closed stdout, bytes that are not
/// UTF-8, and links planted where the engine collects files.</summary>
[Collection(SharedSandbox.Name)]
public sealed class HostileIoTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Run_StdinLargerThanAPipeBuffer_IsReadWhole()
    {
        var input = RandomNumberGenerator.GetBytes(10 << 20);

        var result = await fixture.RunAsync("/usr/bin/sha256sum", [], stdin: SandboxInput.FromBytes(input));

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)) + "  -\n", SandboxFixture.Text(result.Stdout));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_StdinFromAHostFile_IsAPrivateCopyThatHidesTheHostPath()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "line one\nline two\n", TestContext.Current.CancellationToken);

            var result = await fixture.RunAsync("/bin/sh", ["-c", "wc -l; readlink /proc/self/fd/0"], stdin: SandboxInput.FromFile(path));

            var lines = SandboxFixture.Text(result.Stdout).Split('\n');
            Assert.Equal("2", lines[0]);
            Assert.StartsWith("/memfd:stdin", lines[1], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_ProgramLockingItsStdinFile_LocksNothingAnyoneElseUses()
    {
        var path = Path.GetTempFileName();
        var signal = SandboxPipe.Create();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        try
        {
            await File.WriteAllTextAsync(path, "1 2\n", TestContext.Current.CancellationToken);
            // An exclusive flock and a POSIX read lock on its stdin, held until it is stopped.
            const string locker = """
                import fcntl, os, time
                fcntl.flock(0, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.lockf(0, fcntl.LOCK_SH | fcntl.LOCK_NB)
                os.write(1, b"locked\n")
                time.sleep(60)
                """;
            var holding = fixture.Pool.RunAsync(
                new SandboxRequest("/usr/bin/python3", ["-c", locker])
                {
                    Stdin = SandboxInput.FromFile(path),
                    StdoutTo = signal.Writer,
                    Limits = SandboxLimits.Default with { WallTime = TimeSpan.FromSeconds(60) },
                },
                stop.Token);
            using (var said = new StreamReader(new FileStream(signal.Reader, FileAccess.Read)))
            {
                var line = await said.ReadLineAsync(TestContext.Current.CancellationToken);
                Assert.True(line == "locked", line ?? $"the locker ended first: {await Describe(holding)}");
            }

            // Meanwhile another run of the same input, and the host's own exclusive locks, go ahead.
            var victim = await fixture.RunAsync("/usr/bin/wc", ["-c"], stdin: SandboxInput.FromFile(path));
            Assert.True(victim.Status == RunStatus.OK, victim.Message);
            Assert.Equal("4\n", SandboxFixture.Text(victim.Stdout));
            using (var host = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                host.Lock(0, host.Length);
                host.Unlock(0, host.Length);
            }

            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => holding);
        }
        finally
        {
            File.Delete(path);
        }

        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_StdinFileThatCannotBeRead_IsInternalErrorWithTheReason()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"arbiter-missing-{Guid.NewGuid():N}.in");

        var result = await fixture.RunAsync("/usr/bin/wc", ["-c"], stdin: SandboxInput.FromFile(missing));

        Assert.Equal(RunStatus.IE, result.Status);
        Assert.Contains(missing, result.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.OK, (await fixture.RunAsync("/bin/true", [])).Status);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_ProgramClosesStdoutEarly_FinishesNormally()
    {
        var result = await fixture.ShellAsync("exec 1>&-; sleep 0.1; echo still here >&2");

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Empty(result.Stdout);
        Assert.Equal("still here\n", SandboxFixture.Text(result.Stderr));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_OutputThatIsNotUtf8_IsKeptByteForByte()
    {
        var result = await fixture.ShellAsync(@"printf '\377\376\000ok'");

        Assert.Equal(new byte[] { 0xff, 0xfe, 0x00, (byte)'o', (byte)'k' }, result.Stdout);
    }

    [Fact]
    public async Task Collect_SymlinkPlantedByTheProgram_IsNeverFollowed()
    {
        var request = new SandboxRequest("/bin/sh", ["-c", "ln -s /etc/shadow secret.txt; mkdir d; ln -s /etc d/link; mkfifo pipe; echo real > real.txt"])
        {
            CollectFiles = ["secret.txt", "d/link/passwd", "pipe", "real.txt", "missing.txt"],
        };

        var result = await fixture.Pool.RunAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Equal(["real.txt"], result.Files.Keys);
        Assert.Equal("real\n", SandboxFixture.Text(result.Files["real.txt"]));
        Assert.Contains("'secret.txt' is a symbolic link", result.Message, StringComparison.Ordinal);
        Assert.Contains("'d/link/passwd' passes through a symbolic link", result.Message, StringComparison.Ordinal);
        Assert.Contains("'pipe' is not a regular file", result.Message, StringComparison.Ordinal);
        Assert.Contains("'missing.txt' was not created", result.Message, StringComparison.Ordinal);
        await fixture.AssertHostCleanAsync();
    }

    private static async Task<string> Describe(Task<SandboxResult> run)
    {
        var result = await run;
        return $"{result.Status} {result.Message} {SandboxFixture.Text(result.Stderr)}";
    }
}

namespace Arbiter.Sandbox.Tests;

/// <summary>A program that goes after another run going on at the same time in the other
/// container of the pool.</summary>
[Collection(SharedSandbox.Name)]
public sealed class HostileNeighbourTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Run_SignallingAConcurrentRunInAnotherContainer_ReachesNothing()
    {
        // The victim waits for end of file on a pipe the test holds, so it is alive for as long as
        // the attacker runs; a marker in its command line lets the test find its host pid.
        var marker = $"victim-{Guid.NewGuid():N}";
        var pipe = SandboxPipe.Create();
        var victim = fixture.Pool.RunAsync(
            new SandboxRequest("/usr/bin/python3", ["-c", $"import sys  # {marker}\nsys.stdin.read()\nprint('survived')"])
            {
                Limits = SandboxLimits.Default with { WallTime = TimeSpan.FromSeconds(60), CpuTime = TimeSpan.FromSeconds(5) },
                Stdin = SandboxInput.FromHandle(pipe.Reader),
            },
            TestContext.Current.CancellationToken);
        SandboxResult attack;
        try
        {
            var victimPid = await HostPidOfAsync(marker, victim);
            // The victim's pid as the host sees it, every pid the attacker's own namespace could
            // hold, and everyone it may signal at all.
            attack = await fixture.PythonAsync($$"""
                import os, signal
                for pid in [{{victimPid}}, -1] + list(range(1, 64)):
                    if pid == os.getpid():
                        continue
                    try:
                        os.kill(pid, signal.SIGKILL)
                        print(pid, "sent")
                    except OSError as e:
                        print(pid, type(e).__name__)
                """);
            Assert.Equal(RunStatus.OK, attack.Status);
            var lines = SandboxFixture.Text(attack.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"{victimPid} ProcessLookupError", lines[0]);
            Assert.Contains("1 PermissionError", lines);
            Assert.True(Directory.Exists($"/proc/{victimPid}"), "the victim is gone");
        }
        finally
        {
            pipe.Writer.Dispose();
        }

        var result = await victim;
        Assert.True(result.Status == RunStatus.OK, $"{result.Status}: {result.Message}");
        Assert.Equal("survived\n", SandboxFixture.Text(result.Stdout));
        await fixture.AssertHostCleanAsync();
    }

    private static async Task<int> HostPidOfAsync(string marker, Task<SandboxResult> run)
    {
        while (!run.IsCompleted)
        {
            foreach (var (pid, _, _) in SandboxFixture.HostProcesses())
            {
                string commandLine;
                try
                {
                    commandLine = await File.ReadAllTextAsync($"/proc/{pid}/cmdline", TestContext.Current.CancellationToken);
                }
                catch (IOException)
                {
                    continue; // exited meanwhile
                }

                if (commandLine.Contains(marker, StringComparison.Ordinal) && commandLine.StartsWith("/usr/bin/python3", StringComparison.Ordinal))
                {
                    return pid;
                }
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var ended = await run;
        throw new InvalidOperationException($"the victim ended before it was found: {ended.Status} {ended.Message}");
    }
}

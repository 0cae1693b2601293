using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Arbiter.Sandbox.Tests;

/// <summary>The pool's own promises: fresh state per run, parallel and repeated runs without
/// leaks, cancellation, files in and out, the network switch, clear errors for bad requests.</summary>
[Collection(SharedSandbox.Name)]
public sealed class PoolTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Run_AfterARunThatLeftFiles_SeesAnEmptyWorkDirAndTmp()
    {
        for (var i = 0; i < 6; i++)
        {
            var result = await fixture.ShellAsync($"ls -A /box /tmp; echo secret > /box/left-{i}; mkdir -p /tmp/d{i}/e; echo x > /tmp/d{i}/e/f");
            Assert.Equal("/box:\n\n/tmp:\n", SandboxFixture.Text(result.Stdout));
        }

        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_ManyInParallel_AllSucceedAndNothingLeaks()
    {
        await fixture.RunAsync("/bin/true", []);
        var launcherDescriptors = await fixture.LauncherDescriptorCountsAsync();
        var runs = Enumerable.Range(0, 40).Select(i => fixture.ShellAsync($"echo {i}"));

        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.Equal(RunStatus.OK, r.Status));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"{i}\n"), results.Select(r => SandboxFixture.Text(r.Stdout)));
        await fixture.AssertLaunchersKeptTheirDescriptorsAsync(launcherDescriptors);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_ManyInARow_LeaksNoDescriptorsOrCgroups()
    {
        await fixture.RunAsync("/bin/true", []);
        var descriptorsBefore = Directory.GetFiles("/proc/self/fd").Length;
        var launcherDescriptors = await fixture.LauncherDescriptorCountsAsync();

        for (var i = 0; i < 300; i++)
        {
            var result = await fixture.RunAsync("/bin/true", [], stdin: SandboxInput.FromBytes("x"u8.ToArray()));
            Assert.Equal(RunStatus.OK, result.Status);
        }

        // A leak of even one descriptor per run would show 300; the slack is for the test
        // host's own threads and timers opening files meanwhile.
        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, descriptorsBefore + 40);
        await fixture.AssertLaunchersKeptTheirDescriptorsAsync(launcherDescriptors);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_Cancelled_StopsTheProgramAndThePoolKeepsWorking()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var request = new SandboxRequest("/bin/sleep", ["100"]) { Limits = SandboxLimits.Default with { WallTime = TimeSpan.FromSeconds(60) } };
        var started = DateTime.UtcNow;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Pool.RunAsync(request, cancel.Token));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.OK, (await fixture.RunAsync("/bin/true", [])).Status);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_CompileInOneSandboxAndRunInAnother_PassesFilesBothWays()
    {
        var source = "#include <stdio.h>\nint main(void) { puts(\"compiled in a sandbox\"); return 0; }\n";
        var compile = await fixture.Pool.RunAsync(new SandboxRequest("/usr/bin/gcc", ["-O2", "-o", "hello", "hello.c"])
        {
            Files = [new SandboxFile("hello.c", Encoding.UTF8.GetBytes(source))],
            CollectFiles = ["hello"],
            Limits = SandboxLimits.Default with { CpuTime = TimeSpan.FromSeconds(10), WallTime = TimeSpan.FromSeconds(20) },
        }, TestContext.Current.CancellationToken);
        Assert.True(compile.Status == RunStatus.OK, compile.Message + SandboxFixture.Text(compile.Stderr));

        var run = await fixture.Pool.RunAsync(new SandboxRequest("./hello", [])
        {
            Files = [new SandboxFile("bin/hello", compile.Files["hello"], Executable: true)],
            WorkingDirectory = "bin",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.OK, run.Status);
        Assert.Equal("compiled in a sandbox\n", SandboxFixture.Text(run.Stdout));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_NetworkAllowed_ReachesAListenerOnTheHost()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask();

        var result = await fixture.Pool.RunAsync(new SandboxRequest(
            "/usr/bin/python3",
            ["-c", $"import socket; s = socket.create_connection(('127.0.0.1', {port})); s.sendall(b'hello'); s.close()"])
        {
            Network = true,
        }, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.OK, result.Status);
        using var client = await accepted;
        var buffer = new byte[5];
        await client.GetStream().ReadExactlyAsync(buffer, TestContext.Current.CancellationToken);
        Assert.Equal("hello", Encoding.ASCII.GetString(buffer));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_NetworkAllowed_PassesTheFilterWhereNetworkOffIsRefused()
    {
        // The same probe that gets PermissionError everywhere with the network off (see
        // HostileIsolationTests): with it on, the filter lets every socket through. Whether a
        // packet to 1.1.1.1 arrives is up to the host's routes, so only the refusal is checked.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await fixture.Pool.RunAsync(new SandboxRequest("/usr/bin/python3", ["-c", HostileIsolationTests.NetworkProbe(port)])
        {
            Network = true,
        }, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.OK, result.Status);
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Equal(["tcp open", "udp open", "tcp6 open"], lines[..3]);
        Assert.StartsWith("dns ", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("PermissionError", lines[3], StringComparison.Ordinal);
        Assert.Equal("unix open", lines[4]);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_ProgramThatDoesNotExist_IsRuntimeErrorWithAReason()
    {
        var result = await fixture.RunAsync("/no/such/program", []);

        Assert.Equal(RunStatus.RE, result.Status);
        Assert.Contains("cannot execute '/no/such/program'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ProgramFoundOnPath_Runs()
    {
        var result = await fixture.RunAsync("echo", ["found"]);

        Assert.Equal("found\n", SandboxFixture.Text(result.Stdout));
    }

    [Fact]
    public async Task Run_LargerWorkDir_IsHonoured()
    {
        var limits = SandboxLimits.Default with { WorkDirBytes = 100L << 20, FileSizeBytes = 100L << 20, MemoryBytes = 512L << 20 };

        var result = await fixture.ShellAsync("dd if=/dev/zero of=/box/f bs=1M count=80 2>/dev/null && echo ok", limits);

        Assert.Equal("ok\n", SandboxFixture.Text(result.Stdout));
        Assert.True(result.MemoryBytes >= 80L << 20, "tmpfs pages count as the run's memory");
        await fixture.AssertHostCleanAsync();
    }

    [Theory]
    [InlineData("limits")]
    [InlineData("nul-argument")]
    [InlineData("file-name")]
    [InlineData("environment")]
    [InlineData("collect-name")]
    public async Task Run_InvalidRequest_IsRefusedWithAClearMessage(string problem)
    {
        var request = new SandboxRequest("/bin/true", []);
        request = problem switch
        {
            "limits" => request with { Limits = SandboxLimits.Default with { MemoryBytes = 0, CpuTime = TimeSpan.FromDays(1) } },
            "nul-argument" => request with { Arguments = ["a\0b"] },
            "file-name" => request with { Files = [new SandboxFile("../escape", Array.Empty<byte>())] },
            "environment" => request with { Environment = new Dictionary<string, string> { ["A=B"] = "c" } },
            _ => request with { CollectFiles = ["/etc/passwd"] },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Pool.RunAsync(request, TestContext.Current.CancellationToken));

        Assert.StartsWith("Invalid sandbox request:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FilesLargerThanTheWorkDir_AreRefusedAndThePoolRecovers()
    {
        var request = new SandboxRequest("/bin/true", [])
        {
            Files = [new SandboxFile("big", new byte[2 << 20])],
            Limits = SandboxLimits.Default with { WorkDirBytes = 1 << 20 },
        };

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Pool.RunAsync(request, TestContext.Current.CancellationToken));

        var next = await fixture.ShellAsync("ls -A /box");
        Assert.Equal("", SandboxFixture.Text(next.Stdout));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_InAWorkingDirectory_CanWriteThereAndChangeItsOwnFiles()
    {
        var result = await fixture.Pool.RunAsync(new SandboxRequest("/bin/sh", ["-c", "echo more >> data.txt && echo new > out.txt && cat data.txt out.txt && rm data.txt"])
        {
            Files = [new SandboxFile("work/data.txt", "given\n"u8.ToArray())],
            WorkingDirectory = "work",
            CollectFiles = ["work/out.txt"],
        }, TestContext.Current.CancellationToken);

        Assert.True(result.Status == RunStatus.OK, SandboxFixture.Text(result.Stderr));
        Assert.Equal("given\nmore\nnew\n", SandboxFixture.Text(result.Stdout));
        Assert.Equal("new\n", SandboxFixture.Text(result.Files["work/out.txt"]));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_TwoProgramsConnectedByPipes_TalkAndSeeEndOfFile()
    {
        var toB = SandboxPipe.Create();
        var toA = SandboxPipe.Create();
        const string a = """
            import sys
            for i in range(200):
                print(f"ping {i}", flush=True)
                assert sys.stdin.readline() == f"pong {i}\n"
            print("A done", file=sys.stderr)
            """;
        const string b = """
            import sys
            for line in sys.stdin:
                print(line.replace("ping", "pong"), end="", flush=True)
            print("B saw end of file", file=sys.stderr)
            """;

        var runs = await Task.WhenAll(
            fixture.Pool.RunAsync(
                new SandboxRequest("/usr/bin/python3", ["-c", a]) { Stdin = SandboxInput.FromHandle(toA.Reader), StdoutTo = toB.Writer },
                TestContext.Current.CancellationToken),
            fixture.Pool.RunAsync(
                new SandboxRequest("/usr/bin/python3", ["-c", b]) { Stdin = SandboxInput.FromHandle(toB.Reader), StdoutTo = toA.Writer },
                TestContext.Current.CancellationToken));

        Assert.True(runs.All(r => r.Status == RunStatus.OK), string.Join(" | ", runs.Select(r => $"{r.Status} {r.Message} {SandboxFixture.Text(r.Stderr)}")));
        Assert.Equal("A done\n", SandboxFixture.Text(runs[0].Stderr));
        Assert.Equal("B saw end of file\n", SandboxFixture.Text(runs[1].Stderr));
        Assert.Empty(runs[0].Stdout);
        await fixture.AssertHostCleanAsync();
    }
}

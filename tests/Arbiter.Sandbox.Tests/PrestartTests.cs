namespace Arbiter.Sandbox.Tests;

/// <summary>Processes started ahead of their run (<see cref="SandboxRequest.Prestart"/>): each
/// serves exactly one run, in a container as fresh as any run's, and a run goes the usual way
/// whenever the one held does not fit or did not survive its start.</summary>
[Collection(SharedSandbox.Name)]
public sealed class PrestartTests(SandboxFixture fixture)
{
    /// <summary>A minimal pre-start command: it starts, says it is ready on fd 3, takes the
    /// hand-off and becomes the run's command line with exec (a language's own, such as
    /// languages/python3.yaml's, instead runs it in the started interpreter).</summary>
    internal static readonly string[] ExecOnHandOff =
    [
        "/usr/bin/python3", "-c", """
        import os
        os.write(3, b"r")
        message = b""
        while chunk := os.read(3, 65536):
            message += chunk
        os.close(3)
        if message[:1] != b"1":
            null = os.open("/dev/null", os.O_RDONLY)
            os.dup2(null, 0)
            os.close(null)
        argv = [a.decode() for a in message[1:].split(b"\0")[:-1]]
        os.execv(argv[0], argv)
        """,
    ];

    private const string Echo = "import os, sys; print(sys.stdin.read().upper(), sorted(os.listdir('/proc/self/fd')), os.getppid())";

    [Fact]
    public async Task Run_AfterOneOfItsKind_IsHandedToAPrestartedProcessWithTheSameResult()
    {
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 });
        await pool.WarmUpAsync(1, TestContext.Current.CancellationToken);

        var first = await RunAsync(pool, Echo, SandboxInput.FromBytes("hello"u8.ToArray()));
        var second = await RunAsync(pool, Echo, SandboxInput.FromBytes("hello"u8.ToArray()));
        var third = await RunAsync(pool, Echo, SandboxInput.None);

        Assert.False(first.Prestarted);
        Assert.True(second.Prestarted, SandboxFixture.Text(second.Stderr));
        Assert.True(third.Prestarted, SandboxFixture.Text(third.Stderr));
        foreach (var run in new[] { first, second, third })
        {
            Assert.True(run.Status == RunStatus.OK, $"{run.Status} {run.Message} {SandboxFixture.Text(run.Stderr)}");
        }

        // Only the three standard streams (and the listing's own descriptor), the same parent.
        Assert.Equal(SandboxFixture.Text(first.Stdout), SandboxFixture.Text(second.Stdout));
        Assert.Equal(SandboxFixture.Text(first.Stdout).Replace("HELLO", "", StringComparison.Ordinal), SandboxFixture.Text(third.Stdout));
        await fixture.AssertHostCleanAsync(pool);
    }

    /// <summary>One client's runs, one after another, would use one container only (containers
    /// start on demand), so its process would start just before each run: a second container
    /// starts in the background, its process with it, and the runs alternate.</summary>
    [Fact]
    public async Task Runs_OneAfterAnother_GetASecondContainerStartedAhead()
    {
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 2, PrestartedProcesses = 2 });

        var runs = new List<SandboxResult>();
        for (var i = 0; i < 4; i++)
        {
            runs.Add(await RunAsync(pool, Echo, SandboxInput.None));
        }

        Assert.Equal([false, true, true, true], runs.Select(r => r.Prestarted));
        Assert.Equal(2, (await pool.QuiesceAsync()).ContainerPids.Count);
        await fixture.AssertHostCleanAsync(pool);
    }

    [Fact]
    public async Task Run_WithOtherLimitsThanTheHeldProcess_StartsTheUsualWay()
    {
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 });
        await pool.WarmUpAsync(1, TestContext.Current.CancellationToken);
        await RunAsync(pool, Echo, SandboxInput.None);

        var other = await RunAsync(pool, "import resource; print(resource.getrlimit(resource.RLIMIT_NOFILE))", SandboxInput.None, SandboxLimits.Default with { OpenFiles = 100 });
        var again = await RunAsync(pool, "import resource; print(resource.getrlimit(resource.RLIMIT_NOFILE))", SandboxInput.None, SandboxLimits.Default with { OpenFiles = 100 });

        Assert.False(other.Prestarted);
        Assert.Equal("(100, 100)\n", SandboxFixture.Text(other.Stdout));
        Assert.True(again.Prestarted);
        Assert.Equal("(100, 100)\n", SandboxFixture.Text(again.Stdout));
        await fixture.AssertHostCleanAsync(pool);
    }

    /// <summary>A pre-start that dies before it is ready, and one whose program does not exist:
    /// each run still runs, the usual way, in a clean cgroup.</summary>
    [Theory]
    [InlineData("/bin/sh", "-c", "exit 3")]
    [InlineData("/usr/bin/python3", "-c", "import os; os.kill(os.getpid(), 9)")]
    [InlineData("/nonexistent/interpreter", "", "")]
    public async Task Run_WhosePrestartedProcessDied_FallsBackCleanly(string program, string argument1, string argument2)
    {
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 });
        await pool.WarmUpAsync(1, TestContext.Current.CancellationToken);
        string[] prestart = [program, .. new[] { argument1, argument2 }.Where(a => a.Length > 0)];

        for (var i = 0; i < 3; i++)
        {
            var run = await pool.RunAsync(
                new SandboxRequest("/usr/bin/python3", ["-c", "print(input())"]) { Stdin = SandboxInput.FromBytes("same\n"u8.ToArray()), Prestart = prestart },
                TestContext.Current.CancellationToken);
            Assert.True(run.Status == RunStatus.OK, $"{run.Status} {run.Message} {SandboxFixture.Text(run.Stderr)}");
            Assert.Equal("same\n", SandboxFixture.Text(run.Stdout));
            Assert.False(run.Prestarted);
        }

        await fixture.AssertHostCleanAsync(pool);
    }

    /// <summary>While a hostile run goes, the other container holds the process that the next run
    /// of its kind gets, and its own container starts one after it. The hostile run leaves files
    /// everywhere it may write, looks for other processes, and signals everything it can (itself
    /// included); the next two runs, both handed pre-started processes, find none of it.</summary>
    [Fact]
    public async Task Run_TryingToReachTheNextPrestartedProcess_FindsAndLeavesNothing()
    {
        const string Hostile = """
            import os, signal
            for base in ["/box", "/tmp", "/dev/shm"]:
                open(f"{base}/planted.py", "w").write("print('planted')")
            print("processes", [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()], flush=True)
            if os.fork() == 0:
                os.kill(-1, signal.SIGKILL)
            os.wait()
            """;
        const string Look = """
            import os
            found = []
            for base in ["/box", "/tmp", "/dev/shm"]:
                for root, dirs, files in os.walk(base):
                    found += [os.path.join(root, name) for name in dirs + files]
            print("files", sorted(found))
            print("processes", [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()])
            """;
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 2, PrestartedProcesses = 2 });
        await pool.WarmUpAsync(2, TestContext.Current.CancellationToken);
        await RunAsync(pool, Look, SandboxInput.None); // both idle containers now start one

        var hostile = await RunAsync(pool, Hostile, SandboxInput.None);
        var next = await RunAsync(pool, Look, SandboxInput.None);
        var afterIt = await RunAsync(pool, Look, SandboxInput.None);

        Assert.True(hostile.Prestarted);
        Assert.Equal(9, hostile.Signal);
        Assert.Equal("processes []\n", SandboxFixture.Text(hostile.Stdout));
        foreach (var run in new[] { next, afterIt })
        {
            Assert.True(run.Prestarted);
            Assert.True(run.Status == RunStatus.OK, $"{run.Status} {run.Message} {SandboxFixture.Text(run.Stderr)}");
            Assert.Equal("files []\nprocesses []\n", SandboxFixture.Text(run.Stdout));
        }

        await fixture.AssertHostCleanAsync(pool);
    }

    private static Task<SandboxResult> RunAsync(SandboxPool pool, string code, SandboxInput stdin, SandboxLimits? limits = null)
        => pool.RunAsync(
            new SandboxRequest("/usr/bin/python3", ["-c", code]) { Stdin = stdin, Limits = limits ?? SandboxLimits.Default, Prestart = ExecOnHandOff },
            TestContext.Current.CancellationToken);
}

namespace Arbiter.Sandbox.Tests;

/// <summary>A container serves run after run, possibly of different users: whatever one run
/// leaves behind in it must be gone before the next starts.</summary>
[Collection(SharedSandbox.Name)]
public sealed class HostileWarmContainerTests(SandboxFixture fixture)
{
    /// <summary>Leaves something of every kind a program can make: files (hidden, deep, unreadable)
    /// and FIFOs in /box, /tmp and /dev/shm, a Unix socket file, SysV shared memory, message queue
    /// and semaphores, a POSIX message queue and shared memory, abstract Unix sockets kept alive
    /// by a descriptor of themselves in flight, and a daemon.</summary>
    private const string Leave = """
        import array, ctypes, os, socket, time
        libc = ctypes.CDLL(None, use_errno=True)
        rt = ctypes.CDLL("librt.so.1", use_errno=True)
        for i, base in enumerate(["/box", "/tmp", "/dev/shm"]):
            open(f"{base}/left-{i}.txt", "w").write("secret")
            open(f"{base}/.hidden-{i}", "w").write("secret")
            os.mkfifo(f"{base}/fifo-{i}")
        os.makedirs("/box/" + "/".join(["deep"] * 20))
        os.makedirs("/tmp/closed/inner")
        open("/tmp/closed/inner/file", "w").write("secret")
        os.chmod("/tmp/closed/inner", 0)
        os.chmod("/tmp/closed", 0)
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).bind("/tmp/socket")
        print("sysv", libc.shmget(0x4172, 4096, 0o1600) >= 0, libc.msgget(0x4172, 0o1600) >= 0, libc.semget(0x4172, 1, 0o1600) >= 0)
        print("posix", rt.mq_open(b"/arbiter-left", os.O_CREAT | os.O_RDWR, 0o600, None) >= 0, rt.shm_open(b"/arbiter-left", os.O_CREAT | os.O_RDWR, 0o600) >= 0)
        def in_flight(sock, to):
            sock.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [sock.fileno()]))], 0, to)
        dgram = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        dgram.bind("\0arbiter-left-dgram")
        in_flight(dgram, "\0arbiter-left-dgram")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind("\0arbiter-left-stream")
        listener.listen()
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect("\0arbiter-left-stream")
        client.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [listener.fileno(), client.fileno()]))])
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(1000)
            os._exit(0)
        os.wait()
        print(os.readlink("/proc/self/ns/net"))
        """;

    /// <summary>Looks for all of it, and prints what it finds.</summary>
    private const string Look = """
        import ctypes, os, socket
        rt = ctypes.CDLL("librt.so.1", use_errno=True)
        found = []
        for base in ["/box", "/tmp"]:
            for root, dirs, files in os.walk(base):
                found += [os.path.join(root, name) for name in dirs + files]
        print("files", sorted(found))
        print("sysv", [len(open(f"/proc/sysvipc/{kind}").readlines()) - 1 for kind in ["shm", "msg", "sem"]])
        print("posix", rt.mq_open(b"/arbiter-left", os.O_RDONLY, 0, None), rt.shm_open(b"/arbiter-left", os.O_RDONLY, 0))
        for name, kind in [("dgram", socket.SOCK_DGRAM), ("stream", socket.SOCK_STREAM)]:
            with socket.socket(socket.AF_UNIX, kind) as probe:
                try:
                    probe.bind(f"\0arbiter-left-{name}")
                    print(name, "free")
                except OSError as e:
                    print(name, e.strerror)
        print("unix sockets", len(open("/proc/net/unix").readlines()) - 1)
        print("processes", [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()])
        print(os.readlink("/proc/self/ns/net"))
        """;

    [Fact]
    public async Task Run_AfterAHostileRunInTheSameContainer_FindsNothingOfIt()
    {
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 });
        await pool.WarmUpAsync(1, TestContext.Current.CancellationToken);
        var (_, _, containers) = await pool.QuiesceAsync();

        var left = await pool.RunAsync(new SandboxRequest("/usr/bin/python3", ["-c", Leave]), TestContext.Current.CancellationToken);
        Assert.True(left.Status == RunStatus.OK, $"{left.Status} {left.Message} {SandboxFixture.Text(left.Stderr)}");
        var leftLines = SandboxFixture.Text(left.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["sysv True True True", "posix True True"], leftLines[..2]);
        var look = await pool.RunAsync(new SandboxRequest("/usr/bin/python3", ["-c", Look]), TestContext.Current.CancellationToken);

        Assert.Equal(containers, (await pool.QuiesceAsync()).ContainerPids);
        Assert.True(look.Status == RunStatus.OK, $"{look.Status} {look.Message} {SandboxFixture.Text(look.Stderr)}");
        var lookLines = SandboxFixture.Text(look.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["files []", "sysv [0, 0, 0]", "posix -1 -1", "dgram free", "stream free", "unix sockets 0", "processes []"], lookLines[..^1]);
        // Whether or not the kernel's garbage collector freed the sockets in flight by now (it
        // runs when some later Unix socket closes, anywhere on the host), the next run never
        // shares the network namespace they live in.
        Assert.StartsWith("net:[", lookLines[^1], StringComparison.Ordinal);
        Assert.NotEqual(leftLines[^1], lookLines[^1]);
        await fixture.AssertHostCleanAsync(pool);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Arbiter.Sandbox.Tests;

/// <summary>Programs that try to reach outside their sandbox: the network, host files, the
/// kernel's dangerous interfaces, other processes.</summary>
[Collection(SharedSandbox.Name)]
public sealed class HostileIsolationTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Run_NetworkOff_TcpUdpAndDnsAllFailAndNothingArrives()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await fixture.PythonAsync(NetworkProbe(port));

        Assert.Equal(RunStatus.OK, result.Status);
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // "dns" is a query sent straight to a public resolver's address (no resolv.conf, which a
        // missing network makes fail anyway): the filter refuses the socket itself.
        Assert.Equal(["tcp PermissionError", "udp PermissionError", "tcp6 PermissionError", "dns PermissionError", "unix open"], lines);
        Assert.False(listener.Pending(), "a connection reached the host");
        await fixture.AssertHostCleanAsync();
    }

    /// <summary>Python that tries TCP and UDP to the host, IPv6, a DNS query to 1.1.1.1 and a local
    /// socket pair, printing "open" or the error's name for each.</summary>
    internal static string NetworkProbe(int port) => $$"""
        import socket
        def attempt(name, action):
            try:
                action()
                print(name, "open")
            except OSError as e:
                print(name, type(e).__name__)
        # A DNS query for "example.com", type A.
        query = bytes.fromhex("abcd01000001000000000000076578616d706c6503636f6d0000010001")
        attempt("tcp", lambda: socket.create_connection(("127.0.0.1", {{port}}), timeout=1))
        attempt("udp", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", {{port}})))
        attempt("tcp6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM))
        attempt("dns", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(query, ("1.1.1.1", 53)))
        attempt("unix", lambda: socket.socketpair())
        """;

    [Fact]
    public async Task Run_ReadingHostSecretsAndEngineFiles_FindsNothing()
    {
        var engineDirectory = AppContext.BaseDirectory.TrimEnd('/');
        string[] secrets =
        [
            "/etc/shadow", "/etc/gshadow", "/root", "/home", "/sys", "/run", "/var/log", "/var/lib/dpkg", "/var/cache", engineDirectory, "/work",
            "/proc/1/environ", "/proc/1/root", "/proc/kcore", "/proc/sysrq-trigger",
        ];
        var paths = string.Join(", ", secrets.Select(p => $"\"{p}\""));
        var result = await fixture.PythonAsync($$"""
            import json, os
            for path in [{{paths}}]:
                try:
                    if os.path.isdir(path):
                        os.listdir(path)
                    else:
                        open(path, "rb").read(1)
                    print(path, "READABLE")
                except OSError as e:
                    print(path, type(e).__name__)
            pids = [p for p in os.listdir("/proc") if p.isdigit()]
            print("pids", len(pids), all(os.stat("/proc/" + p).st_uid == os.getuid() for p in pids))
            print("etc", sorted(os.listdir("/etc")))
            print("dev", sorted(os.listdir("/dev")))
            print("var", json.dumps([sorted(os.listdir(d)) if os.path.isdir(d) else None for d in ["/var", "/var/lib"]]))
            """);

        var output = SandboxFixture.Text(result.Stdout);
        Assert.Equal(RunStatus.OK, result.Status);
        Assert.DoesNotContain("READABLE", output, StringComparison.Ordinal);
        // Only the program's own processes are visible: not the host's, not the launcher (pid 1).
        Assert.Contains("pids 1 True", output, StringComparison.Ordinal);
        Assert.DoesNotContain("shadow", output.Split('\n').Single(l => l.StartsWith("etc", StringComparison.Ordinal)), StringComparison.Ordinal);
        // /var exists only as the way to read-only paths configured under it (GHC's package
        // database, /var/lib/ghc, where it is installed), and holds nothing else of the host's.
        var underVar = new SandboxOptions().ReadOnlyPaths
            .Where(p => p.StartsWith("/var/lib/", StringComparison.Ordinal) && Path.Exists(p))
            .Select(p => p.Split('/')[3])
            .Order(StringComparer.Ordinal)
            .ToList();
        var expectedVar = underVar.Count == 0 ? "[null, null]" : $"[[\"lib\"], [{string.Join(", ", underVar.Select(n => $"\"{n}\""))}]]";
        Assert.Equal("var " + expectedVar, output.Split('\n').Single(l => l.StartsWith("var ", StringComparison.Ordinal)));
        Assert.Contains("dev ['fd', 'full', 'null', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'urandom', 'zero']", output, StringComparison.Ordinal);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_WritingOutsideTheWorkDir_FailsEverywhereButBoxAndTmp()
    {
        var result = await fixture.PythonAsync("""
            for path in ["/x", "/usr/x", "/usr/bin/python3", "/etc/x", "/etc/passwd", "/dev/x", "/proc/x", "/box/ok", "/tmp/ok"]:
                try:
                    with open(path, "ab") as f:
                        f.write(b"x")
                    print(path, "written")
                except OSError as e:
                    print(path, type(e).__name__)
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(9, lines.Length);
        Assert.All(lines[..7], line => Assert.DoesNotContain("written", line, StringComparison.Ordinal));
        Assert.Equal(["/box/ok written", "/tmp/ok written"], lines[7..]);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_ForbiddenSyscalls_AreDeniedBySeccomp()
    {
        Assert.SkipUnless(RuntimeInformation.ProcessArchitecture == Architecture.X64, "syscall numbers below are x86_64's");
        var result = await fixture.PythonAsync("""
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            calls = {
                "ptrace": (101, 0, 0, 0, 0),
                "mount": (165, b"none", b"/box", b"tmpfs", 0, 0),
                "umount2": (166, b"/box", 0),
                "unshare_user": (272, 0x10000000),
                "unshare_net": (272, 0x40000000),
                "setns": (308, 0, 0),
                "bpf": (321, 0, 0, 0),
                "perf_event_open": (298, 0, 0, -1, -1, 0),
                "keyctl": (250, 0, 0),
                "io_uring_setup": (425, 1, 0),
                "chroot": (161, b"/box"),
                "pidfd_getfd": (438, 0, 0, 0),
                "clone3": (435, 0, 0),
            }
            for name, (nr, *args) in calls.items():
                rc = libc.syscall(nr, *args)
                print(name, rc, os.strerror(ctypes.get_errno()) if rc == -1 else "succeeded")
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(13, lines.Length);
        Assert.All(lines[..12], line => Assert.EndsWith("-1 Operation not permitted", line, StringComparison.Ordinal));
        Assert.Equal("clone3 -1 Function not implemented", lines[12]);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_ArgumentRules_RefuseNamespacesTerminalInjectionAndInternetSockets()
    {
        // The calls themselves are allowed; these arguments are not. Without the filter, the
        // comment's result (stdin is /dev/null, not a terminal: ENOTTY).
        Assert.SkipUnless(RuntimeInformation.ProcessArchitecture == Architecture.X64, "syscall numbers below are x86_64's");
        var result = await fixture.PythonAsync("""
            import ctypes, os, socket
            libc = ctypes.CDLL(None, use_errno=True)
            calls = {
                "clone_newuser": (56, 0x10000000 | 17, 0, 0, 0, 0),  # a child in a new user namespace
                "clone_newnet": (56, 0x40000000 | 17, 0, 0, 0, 0),
                "tiocsti": (16, 0, 0x5412, ctypes.c_char_p(b"x")),  # ENOTTY
                "tiocsti_high_bits": (16, 0, 0x100005412, ctypes.c_char_p(b"x")),  # ENOTTY
                "tioclinux": (16, 0, 0x541C, ctypes.c_char_p(b"x")),  # ENOTTY
                "socket_inet": (41, socket.AF_INET, socket.SOCK_STREAM, 0),  # a socket
                "tcgets": (16, 0, 0x5401, ctypes.create_string_buffer(64)),  # ENOTTY, allowed
                "socket_unix": (41, socket.AF_UNIX, socket.SOCK_STREAM, 0),  # a socket, allowed
            }
            for name, (nr, *args) in calls.items():
                rc = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) if isinstance(a, int) else a for a in args])
                if rc == 0:
                    os._exit(0)  # a clone child that got through
                print(name, os.strerror(ctypes.get_errno()) if rc == -1 else "succeeded")
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Equal(
            ["clone_newuser Operation not permitted", "clone_newnet Operation not permitted", "tiocsti Operation not permitted",
             "tiocsti_high_bits Operation not permitted", "tioclinux Operation not permitted", "socket_inet Operation not permitted",
             "tcgets Inappropriate ioctl for device", "socket_unix succeeded"],
            SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await fixture.AssertHostCleanAsync();
    }

    [Theory]
    [InlineData("reboot", 169)]
    [InlineData("kexec_load", 246)]
    [InlineData("syslog", 103)]
    [InlineData("modify_ldt", 154)]
    [InlineData("statmount", 457)]
    [InlineData("listmount", 458)]
    [InlineData("mseal", 462)]
    [InlineData("a number no kernel has", 4000)]
    public async Task Run_SyscallOutsideThePolicy_KillsTheProcessAsAnIllegalSystemCall(string name, int number)
    {
        // Named or not, old or newer than the linked libseccomp: anything the policy does not
        // name is never made, and the process dies rather than carry on.
        Assert.SkipUnless(RuntimeInformation.ProcessArchitecture == Architecture.X64, $"{name}: x86_64's numbers");
        var result = await fixture.PythonAsync($"import ctypes\nctypes.CDLL(None).syscall({number}, 0, 0, 0, 0, 0)\nprint('survived')\n");

        Assert.Equal(RunStatus.RE, result.Status);
        Assert.Equal(LimitKind.Syscall, result.LimitExceeded);
        Assert.Equal(31, result.Signal);
        Assert.StartsWith("illegal system call", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_SyscallsAnUnprivilegedUserMayMake_AreDeniedByTheFilterItself()
    {
        // mount or chroot fail for any unprivileged uid, filter or not. These do not: without the
        // filter, an unprivileged process gets the result in the comment (checked once as
        // "nobody" on this host), so EPERM here can only be the filter's.
        Assert.SkipUnless(RuntimeInformation.ProcessArchitecture == Architecture.X64, "syscall numbers below are x86_64's");
        var result = await fixture.PythonAsync("""
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            me = os.getpid()
            calls = {
                "ptrace_traceme": (101, 0, 0, 0, 0),                # 0
                "unshare_user": (272, 0x10000000),                 # 0
                "io_uring_setup": (425, 1, 0),                     # EFAULT
                "perf_event_open": (298, 0, 0, -1, -1, 0),         # EFAULT
                "process_vm_readv": (310, me, 0, 0, 0, 0, 0),      # 0
                "kcmp": (312, me, me, 1, 0, 0),                    # 0 (KCMP_VM)
            }
            for name, (nr, *args) in calls.items():
                rc = libc.syscall(nr, *args)
                print(name, rc, os.strerror(ctypes.get_errno()) if rc == -1 else "succeeded")
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.All(lines, line => Assert.EndsWith("-1 Operation not permitted", line, StringComparison.Ordinal));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_ReservingTheHostsWholeAioBudget_IsRefused()
    {
        // Linux AIO contexts come from one host-wide budget (fs/aio-max-nr), not a per-user or
        // per-namespace one: without the filter, this takes all of it (the kernel doubles the
        // request), and every other run's and host process's io_setup fails with EAGAIN until
        // the run ends. Refused as a kernel without AIO refuses it.
        Assert.SkipUnless(RuntimeInformation.ProcessArchitecture == Architecture.X64, "syscall numbers below are x86_64's");
        var result = await fixture.PythonAsync("""
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            budget = int(open("/proc/sys/fs/aio-max-nr").read())
            context = ctypes.c_ulong(0)
            rc = libc.syscall(206, budget // 2, ctypes.byref(context))  # io_setup
            print("io_setup", os.strerror(ctypes.get_errno()) if rc == -1 else "succeeded")
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Equal("io_setup Function not implemented\n", SandboxFixture.Text(result.Stdout));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_RaisingLimits_IsRefused()
    {
        var result = await fixture.PythonAsync("""
            import resource
            for name in ["RLIMIT_NOFILE", "RLIMIT_FSIZE", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_CPU"]:
                r = getattr(resource, name)
                soft, hard = resource.getrlimit(r)
                try:
                    resource.setrlimit(r, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
                    print(name, "raised")
                except (ValueError, OSError) as e:
                    print(name, "refused", hard)
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, line => Assert.Contains("refused", line, StringComparison.Ordinal));
        Assert.Contains("RLIMIT_CORE refused 0", lines, StringComparer.Ordinal);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_ProcessAndAddressSpaceLimits_AreAsHighAsTheHostAllows()
    {
        // The sandbox sets neither (RLIMIT_NPROC counts every process of the uid, RLIMIT_AS breaks
        // the JVM; the cgroups limit both per run) and lifts what the engine inherited: unlimited,
        // or without CAP_SYS_RESOURCE (this test machine) the engine's own hard limit.
        var result = await fixture.PythonAsync("""
            import resource
            for name in ["RLIMIT_NPROC", "RLIMIT_AS"]:
                soft, hard = resource.getrlimit(getattr(resource, name))
                print(name, "unlimited" if soft == hard == resource.RLIM_INFINITY else f"{soft} {hard}")
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Equal($"RLIMIT_NPROC {Highest("Max processes")}\nRLIMIT_AS {Highest("Max address space")}\n", SandboxFixture.Text(result.Stdout));
        await fixture.AssertHostCleanAsync();
    }

    /// <summary>"unlimited" when the engine can lift the limit (it holds CAP_SYS_RESOURCE or the
    /// limit is unlimited already), else its hard limit as both soft and hard.</summary>
    private static string Highest(string limit)
    {
        var hard = File.ReadAllLines("/proc/self/limits").Single(l => l.StartsWith(limit, StringComparison.Ordinal))[47..68].Trim();
        var capabilities = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal))[7..].Trim();
        const int SysResource = 24;
        var canRaise = ((ulong.Parse(capabilities, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) >> SysResource) & 1) == 1;
        return canRaise || hard == "unlimited" ? "unlimited" : $"{hard} {hard}";
    }

    [Fact]
    public async Task Run_SignallingOtherProcesses_ReachesNothingOutside()
    {
        var hostPid = Environment.ProcessId;
        var result = await fixture.PythonAsync($$"""
            import os, signal
            for pid in [1, {{hostPid}}, -1]:
                try:
                    os.kill(pid, signal.SIGKILL)
                    print(pid, "sent")
                except OSError as e:
                    print(pid, type(e).__name__)
            print("alive")
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        var output = SandboxFixture.Text(result.Stdout);
        Assert.Contains("1 PermissionError", output, StringComparison.Ordinal);
        Assert.Contains("alive", output, StringComparison.Ordinal);
        // The container's launcher survived: the next run in the pool works.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(RunStatus.OK, (await fixture.RunAsync("/bin/true", [])).Status);
        }

        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_Identity_IsUnprivilegedWithSeccompAndNoCapabilities()
    {
        var result = await fixture.ShellAsync("id -u; id -g; hostname; grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status; echo $$");

        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var uid = int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(uid >= 1_500_000, $"uid {uid}");
        Assert.Equal(lines[0], lines[1]);
        Assert.Equal("arbiter", lines[2]);
        Assert.Contains(lines, l => l.StartsWith("CapEff:", StringComparison.Ordinal) && l.EndsWith("0000000000000000", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("CapPrm:", StringComparison.Ordinal) && l.EndsWith("0000000000000000", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("NoNewPrivs:", StringComparison.Ordinal) && l.EndsWith('1'));
        Assert.Contains(lines, l => l.StartsWith("Seccomp:", StringComparison.Ordinal) && l.EndsWith('2'));
        // A new pid namespace: the launcher is pid 1 and the program gets a small pid.
        Assert.True(int.Parse(lines[^1], System.Globalization.CultureInfo.InvariantCulture) < 100_000);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_IpcObjectsLeftByAnEarlierRun_AreGone()
    {
        const string create = """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            rt = ctypes.CDLL("librt.so.1", use_errno=True)
            shm = libc.shmget(0x4172, 32 << 20, 0o1600)   # IPC_CREAT | 0600
            msg = libc.msgget(0x4172, 0o1600)
            mq = rt.mq_open(b"/arbiter-test", os.O_CREAT | os.O_RDWR, 0o600, None)
            print(shm >= 0, msg >= 0, mq >= 0)
            """;
        const string look = """
            import ctypes, os
            rt = ctypes.CDLL("librt.so.1", use_errno=True)
            shm = len(open("/proc/sysvipc/shm").readlines()) - 1
            msg = len(open("/proc/sysvipc/msg").readlines()) - 1
            mq = rt.mq_open(b"/arbiter-test", os.O_RDONLY, 0, None)
            print(shm, msg, mq)
            """;

        // Leave objects behind in both containers of the pool, then look from both.
        Assert.Equal("True True True\n", SandboxFixture.Text((await fixture.PythonAsync(create)).Stdout));
        Assert.Equal("True True True\n", SandboxFixture.Text((await Task.WhenAll(fixture.PythonAsync(create), fixture.PythonAsync(create)))[1].Stdout));
        var looks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.PythonAsync(look)));

        Assert.All(looks, r => Assert.Equal("0 0 -1\n", SandboxFixture.Text(r.Stdout)));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_DeviceNodes_AreUsableButNotChangeable()
    {
        var result = await fixture.ShellAsync("echo discard > /dev/null && head -c 4 /dev/zero | wc -c; touch /dev/zero 2>&1 || echo touch refused; " +
            "chmod 777 /dev/null 2>&1 || echo chmod refused");

        var output = SandboxFixture.Text(result.Stdout);
        Assert.StartsWith("4\n", output, StringComparison.Ordinal);
        Assert.Contains("touch refused", output, StringComparison.Ordinal);
        Assert.Contains("chmod refused", output, StringComparison.Ordinal);
        await fixture.AssertHostCleanAsync();
    }
}

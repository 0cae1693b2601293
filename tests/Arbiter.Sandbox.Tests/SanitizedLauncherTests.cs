namespace Arbiter.Sandbox.Tests;

/// <summary>
/// The same launcher built with AddressSanitizer (leak checks included) and
/// UndefinedBehaviorSanitizer (the test build makes it), driven through normal and hostile runs.
/// The sanitizers report to the launcher's stderr, a pipe the engine holds that survives the
/// container's pivot_root (a log file path on the host would not exist in there), and exit with a
/// code of their own; the pool logs any launcher that exits non-zero or says anything.
/// In the sandbox collection, so its pool never runs beside the leak checks there.
/// </summary>
[Collection(SharedSandbox.Name)]
public sealed class SanitizedLauncherTests : IAsyncLifetime
{
    private const int SanitizerExitCode = 86;
    private readonly RecordingLogger<SandboxPool> _logger = new();
    private SandboxPool? _pool;

    public ValueTask InitializeAsync()
    {
        // Read by the sanitizer runtime in the launcher (which inherits this environment) only.
        Environment.SetEnvironmentVariable("ASAN_OPTIONS", $"detect_leaks=1:exitcode={SanitizerExitCode}");
        Environment.SetEnvironmentVariable("UBSAN_OPTIONS", $"print_stacktrace=1:halt_on_error=1:exitcode={SanitizerExitCode}");
        _pool = new SandboxPool(
            new SandboxOptions
            {
                MaxParallel = 1,
                LauncherPath = Path.Combine(AppContext.BaseDirectory, "arbiter-launcher-sanitized"),
            },
            _logger);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pool is not null)
        {
            await _pool.DisposeAsync();
        }
    }

    [Fact]
    public async Task SanitizedLauncher_NormalAndHostileRuns_ExitCleanlyWithoutReports()
    {
        var limits = SandboxLimits.Default with
        {
            CpuTime = TimeSpan.FromMilliseconds(500),
            WallTime = TimeSpan.FromSeconds(2),
            MemoryBytes = 64L << 20,
            OutputBytes = 64 << 10,
            Processes = 16,
        };
        (string Program, string[] Arguments, RunStatus Expected, bool Network)[] cases =
        [
            ("/bin/echo", ["hello"], RunStatus.OK, false),
            ("/bin/sh", ["-c", "exit 3"], RunStatus.RE, false),
            ("/bin/sh", ["-c", "while :; do :; done"], RunStatus.TLE, false),
            ("/bin/sleep", ["10"], RunStatus.TLE, false),
            ("/usr/bin/python3", ["-c", "a = bytearray(1 << 30)"], RunStatus.MLE, false),
            ("/usr/bin/yes", [], RunStatus.OLE, false),
            ("/no/such/program", [], RunStatus.RE, false),
            ("/bin/sh", ["-c", "(setsid sleep 100 &); echo left"], RunStatus.OK, false),
            // A one-off container, stopped right after its run: a second launcher's exit checked.
            ("/bin/echo", ["network"], RunStatus.OK, true),
        ];

        var handedOff = 0;
        // The second time round, each run but the first is handed to a process started ahead of
        // it (PrestartTests.ExecOnHandOff execs the run's command line), or ends one.
        foreach (var (program, arguments, expected, network, prestart) in cases.Select(c => (c.Program, c.Arguments, c.Expected, c.Network, (string[]?)null))
            .Concat(cases.Select(c => (c.Program, c.Arguments, c.Expected, c.Network, (string[]?)PrestartTests.ExecOnHandOff))))
        {
            var result = await _pool!.RunAsync(new SandboxRequest(program, arguments)
            {
                Limits = limits,
                Network = network,
                Prestart = prestart,
                Stdin = SandboxInput.FromBytes("input"u8.ToArray()),
                Files = [new SandboxFile("in.txt", "data"u8.ToArray())],
                CollectFiles = program == "/bin/echo" ? ["in.txt"] : [],
            }, TestContext.Current.CancellationToken);
            Assert.True(expected == result.Status, $"{program}: expected {expected}, got {result.Status}: {result.Message}");
            handedOff += result.Prestarted ? 1 : 0;
            // The child reports to the program's stderr until it execs.
            var stderr = SandboxFixture.Text(result.Stderr);
            Assert.False(stderr.Contains("Sanitizer", StringComparison.Ordinal), $"{program}: {stderr}");
        }

        Assert.True(handedOff >= cases.Length - 2, $"{handedOff} runs handed to pre-started processes");
        // Stopping the pool stops the launchers: the leak check runs as each exits.
        await _pool!.DisposeAsync();
        _pool = null;
        Assert.True(_logger.Warnings.IsEmpty, "launcher reports:\n" + string.Join("\n", _logger.Warnings));
    }
}

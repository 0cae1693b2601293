namespace Arbiter.Sandbox.Tests;

/// <summary>
/// The same launcher built with AddressSanitizer and UndefinedBehaviorSanitizer (the test build
/// makes it), driven through normal and hostile runs: any memory error, leak or undefined
/// behaviour makes the launcher report and exit, which fails these runs or leaves a log.
/// In the sandbox collection, so its pool never runs beside the leak checks there.
/// </summary>
[Collection(SharedSandbox.Name)]
public sealed class SanitizedLauncherTests : IAsyncLifetime
{
    private readonly string _logDirectory = Directory.CreateTempSubdirectory("arbiter-asan-").FullName;
    private SandboxPool? _pool;

    public ValueTask InitializeAsync()
    {
        // Read by the sanitizer runtime in the launcher (which inherits this environment) only.
        Environment.SetEnvironmentVariable("ASAN_OPTIONS", $"log_path={_logDirectory}/asan:detect_leaks=1");
        Environment.SetEnvironmentVariable("UBSAN_OPTIONS", $"log_path={_logDirectory}/ubsan:print_stacktrace=1");
        _pool = new SandboxPool(new SandboxOptions
        {
            MaxParallel = 1,
            LauncherPath = Path.Combine(AppContext.BaseDirectory, "arbiter-launcher-sanitized"),
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pool is not null)
        {
            await _pool.DisposeAsync();
        }

        Directory.Delete(_logDirectory, recursive: true);
    }

    [Fact]
    public async Task SanitizedLauncher_NormalAndHostileRuns_ReportNoErrors()
    {
        var limits = SandboxLimits.Default with { CpuTime = TimeSpan.FromMilliseconds(500), WallTime = TimeSpan.FromSeconds(2), MemoryBytes = 64L << 20, OutputBytes = 64 << 10, Processes = 16 };
        (string Program, string[] Arguments, RunStatus Expected)[] cases =
        [
            ("/bin/echo", ["hello"], RunStatus.OK),
            ("/bin/sh", ["-c", "exit 3"], RunStatus.RE),
            ("/bin/sh", ["-c", "while :; do :; done"], RunStatus.TLE),
            ("/bin/sleep", ["10"], RunStatus.TLE),
            ("/usr/bin/python3", ["-c", "a = bytearray(1 << 30)"], RunStatus.MLE),
            ("/usr/bin/yes", [], RunStatus.OLE),
            ("/no/such/program", [], RunStatus.RE),
            ("/bin/sh", ["-c", "(setsid sleep 100 &); echo left"], RunStatus.OK),
        ];

        foreach (var (program, arguments, expected) in cases)
        {
            var result = await _pool!.RunAsync(new SandboxRequest(program, arguments)
            {
                Limits = limits,
                Stdin = SandboxInput.FromBytes("input"u8.ToArray()),
                Files = [new SandboxFile("in.txt", "data"u8.ToArray())],
                CollectFiles = program == "/bin/echo" ? ["in.txt"] : [],
            }, TestContext.Current.CancellationToken);
            Assert.True(expected == result.Status, $"{program}: expected {expected}, got {result.Status}: {result.Message}");
            // The child reports to the program's stderr until it execs.
            Assert.DoesNotContain("Sanitizer", SandboxFixture.Text(result.Stderr), StringComparison.Ordinal);
        }

        await _pool!.DisposeAsync();
        _pool = null;
        var reports = Directory.GetFiles(_logDirectory);
        Assert.True(reports.Length == 0, "sanitizer reports: " + string.Join("\n", reports.Select(File.ReadAllText)));
    }
}

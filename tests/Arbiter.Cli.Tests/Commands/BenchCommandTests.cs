using System.Text.Json;

namespace Arbiter.Cli.Tests.Commands;

public sealed class BenchCommandTests
{
    private static readonly string[] BenchDirectoryKinds = ["pg", "api", "worker"];

    [Fact]
    public async Task BenchSandbox_Json_ReportsHeadlineFigures()
    {
        var run = await Cli.RunAsync(TimeSpan.FromMinutes(8), "bench", "sandbox", "--runs", "10", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(10, json.GetProperty("runs").GetInt32());
        foreach (var name in new[] { "bareMedianMs", "sandboxMedianMs", "bareRunsPerSec", "sandboxRunsPerSec" })
        {
            Assert.True(json.GetProperty(name).GetDouble() > 0, $"{name} is not a positive number: {run}");
        }

        // The sandbox may even beat bare Process.Start, so the overhead's sign is not asserted.
        Assert.Equal(JsonValueKind.Number, json.GetProperty("overheadMedianMs").ValueKind);
        // bare and sandbox for each program (true, python3, gcc, and java where a JDK is), plus
        // bubblewrap per run where installed; CPU time for bare and sandboxed runs.
        var programs = json.GetProperty("programs").EnumerateArray().ToList();
        var modes = programs.Select(p => p.GetProperty("mode").GetString()).ToList();
        var count = File.Exists("/usr/bin/javac") ? 4 : 3;
        Assert.Equal(count, modes.Count(m => m == "bare"));
        Assert.Equal(count, modes.Count(m => m == "sandbox"));
        Assert.Equal(File.Exists("/usr/bin/bwrap") ? count : 0, modes.Count(m => m == "bubblewrap per run"));
        Assert.DoesNotContain(modes, m => m!.StartsWith("sandbox without", StringComparison.Ordinal));
        foreach (var figures in programs.Where(p => p.GetProperty("mode").GetString() is "bare" or "sandbox"))
        {
            Assert.True(figures.GetProperty("cpuMedianMs").GetDouble() > 0, figures.ToString());
            Assert.True(figures.GetProperty("cpuVsBare").GetDouble() > 0, figures.ToString());
        }
    }

    [Fact]
    public async Task BenchSandbox_TooFewRuns_IsUsageError()
    {
        var run = await Cli.RunAsync("bench", "sandbox", "--runs", "5");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--runs must be between 10 and 1000000", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchServicePostgres_Json_ReportsEveryFigureAndStopsWhatItStarted()
    {
        // A private TMPDIR, so another benchmark running meanwhile cannot pass for a leftover; the
        // cluster's directory in it belongs to the postgres user, which must get through.
        var temp = Directory.CreateTempSubdirectory("arbiter-bench-test-");
        File.SetUnixFileMode(temp.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temp.FullName };

        var run = await Cli.RunAsync(TimeSpan.FromMinutes(8), "", environment, "bench", "service", "--requests", "20", "--postgres", "--workers", "1", "--json");
        var left = BenchDirectories(temp.FullName);
        temp.Delete(recursive: true);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.StartsWith("postgres", json.GetProperty("mode").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, json.GetProperty("workerProcesses").GetInt32());
        Assert.Equal(20, json.GetProperty("requests").GetInt32());
        Assert.True(json.GetProperty("cores").GetInt32() > 0, run.ToString());

        // Anonymous with 1, 8 and 32 clients, then with an API key and 8 clients; every one of the 20 accepted.
        var accept = json.GetProperty("accept").EnumerateArray().ToList();
        Assert.Equal(
            [("anonymous", 1), ("anonymous", 8), ("anonymous", 32), ("API key", 8)],
            accept.Select(a => (a.GetProperty("caller").GetString(), a.GetProperty("clients").GetInt32())));
        Assert.All(accept, a => Assert.Equal(20, a.GetProperty("requests").GetInt32()));
        Assert.All(accept, a => Assert.True(a.GetProperty("acceptedPerSecond").GetDouble() > 0, run.ToString()));

        // C and Python at 1, 2 and 4 clients, each 20 judged submissions after warm-up, percentiles in order.
        var latency = json.GetProperty("latency").EnumerateArray().ToList();
        Assert.Equal(
            [("c", 1), ("c", 2), ("c", 4), ("python3", 1), ("python3", 2), ("python3", 4)],
            latency.Select(l => (l.GetProperty("language").GetString(), l.GetProperty("clients").GetInt32())));
        foreach (var figures in latency)
        {
            Assert.Equal(20, figures.GetProperty("requests").GetInt32());
            var (engine, p50, p95, p99) = (
                figures.GetProperty("engineP50Ms").GetDouble(),
                figures.GetProperty("p50Ms").GetDouble(),
                figures.GetProperty("p95Ms").GetDouble(),
                figures.GetProperty("p99Ms").GetDouble());
            Assert.True(engine > 0 && p50 > 0 && p50 <= p95 && p95 <= p99, figures.ToString());
            Assert.Equal(Math.Round(p50 - engine, 3), figures.GetProperty("overheadP50Ms").GetDouble(), 3);
        }

        // The four workloads of issue 16, each beside its bare limit.
        var workloads = json.GetProperty("workloads").EnumerateArray().ToList();
        Assert.Equal(["C, new source", "C, same source", "Python, new source", "Python, same source"], workloads.Select(w => w.GetProperty("workload").GetString()));
        Assert.All(
            workloads,
            w => Assert.True(w.GetProperty("perSecond").GetDouble() > 0 && w.GetProperty("barePerSecond").GetDouble() > 0 && w.GetProperty("p50Ms").GetDouble() > 0, w.ToString()));

        var classroom = json.GetProperty("classroom");
        Assert.True(classroom.GetProperty("whoAmIPerSecond").GetDouble() > 0 && classroom.GetProperty("draftSavesPerSecond").GetDouble() > 0, classroom.ToString());

        // The cluster, the API and the worker are gone with their directories.
        Assert.Empty(left);
    }

    [Fact]
    public async Task BenchService_WorkersWithoutPostgres_IsUsageError()
    {
        var run = await Cli.RunAsync("bench", "service", "--workers", "2");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--workers needs --postgres", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchEngine_CompileWritingAFixedNameInTmp_RepeatsItsBareBaseline()
    {
        // A compile that writes a fixed name under $TMPDIR (as Groovy's does), measured bare three
        // times: the second fails unless each bare compile gets a TMPDIR of its own, as each
        // sandboxed compile gets an empty /tmp. C stays for the judging part of the benchmark.
        var temp = Directory.CreateTempSubdirectory("arbiter-bench-test-");
        var languages = Directory.CreateDirectory(Path.Combine(temp.FullName, "languages")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "languages", "c.yaml"), Path.Combine(languages, "c.yaml"));
        await File.WriteAllTextAsync(Path.Combine(languages, "fixedtmp.yaml"), FixedTmpLanguage, TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string> { ["ARBITER_LANGUAGES"] = languages, ["TMPDIR"] = temp.FullName };

        var run = await Cli.RunAsync(TimeSpan.FromMinutes(4), "", environment, "bench", "engine", "--lang", "fixedtmp", "--runs", "3", "--json");
        temp.Delete(recursive: true);

        Assert.True(run.ExitCode == 0, run.ToString());
        var figures = Assert.Single(run.Json().GetProperty("languages").EnumerateArray());
        Assert.Equal("fixedtmp", figures.GetProperty("language").GetString());
        Assert.True(figures.GetProperty("bareCompileMs").GetDouble() > 0, figures.ToString());
    }

    [Fact]
    public async Task Bench_ToolMissing_SaysWhereItLooked_AndHowToGetIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"arbiter-bench-missing-{Guid.NewGuid():N}", "arbiter-bench.dll");

        var run = await Cli.RunAsync(TimeSpan.FromMinutes(1), "", new Dictionary<string, string> { ["ARBITER_BENCH"] = missing }, "bench", "sandbox");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("dotnet publish tools/Arbiter.Bench", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchHelp_IsTheBenchmarksOwn_AndArbiterHelpListsBench()
    {
        var bench = await Cli.RunAsync("bench", "engine", "--help");
        var arbiter = await Cli.RunAsync("--help");

        Assert.True(bench.ExitCode == 0, bench.ToString());
        Assert.Contains("--lang", bench.StdoutText, StringComparison.Ordinal);
        Assert.True(arbiter.ExitCode == 0, arbiter.ToString());
        Assert.Contains("bench", arbiter.StdoutText, StringComparison.Ordinal);
    }

    private const string FixedTmpLanguage = """
        id: fixedtmp
        name: Fixed temporary name
        extensions: [.fixedtmp]
        source: main.sh
        apt: [bash]
        optional: true
        version: [/bin/sh, -c, "echo 1"]
        compile:
          command: [/bin/sh, -c, 'set -e; mkdir "${TMPDIR:-/tmp}/classes"; cp main.sh "${TMPDIR:-/tmp}/classes/"; cp "${TMPDIR:-/tmp}/classes/main.sh" program.sh']
          artifacts: [program.sh]
          diagnostics: text
        run: [/bin/sh, program.sh]
        selfTest:
          source: |
            read a b
            echo $((a + b))
          stdin: "2 40\n"
          expected: "42\n"
        """;

    /// <summary>What the PostgreSQL mode creates: the cluster's and each process's data directory.</summary>
    private static string[] BenchDirectories(string temp) =>
        [.. BenchDirectoryKinds.SelectMany(kind => Directory.GetDirectories(temp, $"arbiter-bench-{kind}-*"))];
}

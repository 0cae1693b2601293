using System.Diagnostics;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Bench;

/// <summary>
/// Bare against sandboxed execution of the same programs, in one process and one run, so both
/// face the same machine noise. Bare means what an engine without a sandbox would do: start the
/// process with .NET, read its stdout and stderr, wait. Latency runs alternate bare and sandboxed
/// runs; throughput runs keep 1 or 2 of them going at once. Where bubblewrap is installed, a
/// third mode starts each run in a new bubblewrap sandbox: the "proven parts, per run" design
/// Arbiter's warm containers are measured against (it has no cgroups or seccomp, so it is a
/// lower bound for that design).
/// </summary>
internal static class SandboxBenchmark
{
    private static readonly (string Program, string[] Arguments, int Share)[] Programs =
    [
        ("/bin/true", [], 1),
        ("/usr/bin/python3", ["-c", "pass"], 4), // ~20 ms a run: a quarter of the runs says as much
    ];

    private const string Bubblewrap = "/usr/bin/bwrap";

    private static readonly string[] BubblewrapArguments =
    [
        "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
        "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--chdir", "/tmp",
    ];

    public static async Task<SandboxBenchmarkReport> RunAsync(int runs, TextWriter? progress, CancellationToken cancellationToken)
    {
        await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 2 });
        await pool.WarmUpAsync(2, cancellationToken);
        var figures = new List<ProgramFigures>();
        foreach (var (program, arguments, share) in Programs)
        {
            var count = Math.Max(10, runs / share);
            var name = string.Join(' ', [program, .. arguments]);
            progress?.WriteLine($"bench: {name}, {count} runs per measurement");
            Func<Task> bare = () => RunBareAsync(program, arguments, cancellationToken);
            var request = new SandboxRequest(program, arguments);
            Func<Task> sandboxed = async () =>
            {
                var result = await pool.RunAsync(request, cancellationToken);
                if (result.Status != RunStatus.OK)
                {
                    throw new InvalidOperationException($"sandboxed {name} ended {result.Status}: {result.Message}");
                }
            };

            // Warm up both paths (JIT tiers, page cache) before anything is measured.
            for (var i = 0; i < Math.Min(count, 200); i++)
            {
                await bare();
                await sandboxed();
            }

            var (bareTimes, sandboxTimes) = await AlternatingLatencyAsync(bare, sandboxed, count);
            figures.Add(new ProgramFigures(name, "bare", Stats.Percentile(bareTimes, 0.5), Stats.Percentile(bareTimes, 0.95),
                await ThroughputAsync(bare, count, 1), await ThroughputAsync(bare, count, 2)));
            figures.Add(new ProgramFigures(name, "sandbox", Stats.Percentile(sandboxTimes, 0.5), Stats.Percentile(sandboxTimes, 0.95),
                await ThroughputAsync(sandboxed, count, 1), await ThroughputAsync(sandboxed, count, 2)));
            if (File.Exists(Bubblewrap))
            {
                Func<Task> bubblewrap = () => RunBareAsync(Bubblewrap, [.. BubblewrapArguments, program, .. arguments], cancellationToken);
                var (_, bubblewrapTimes) = await AlternatingLatencyAsync(bare, bubblewrap, Math.Max(10, count / 4));
                figures.Add(new ProgramFigures(name, "bubblewrap per run", Stats.Percentile(bubblewrapTimes, 0.5), Stats.Percentile(bubblewrapTimes, 0.95),
                    await ThroughputAsync(bubblewrap, Math.Max(10, count / 4), 1), await ThroughputAsync(bubblewrap, Math.Max(10, count / 4), 2)));
            }
        }

        var bareTrue = figures[0];
        var sandboxTrue = figures[1];
        return new SandboxBenchmarkReport(
            runs,
            Environment.ProcessorCount,
            pool.CgroupVersion,
            bareTrue.MedianMs,
            sandboxTrue.MedianMs,
            Math.Round(sandboxTrue.MedianMs - bareTrue.MedianMs, 3),
            bareTrue.RunsPerSecTwoSlots,
            sandboxTrue.RunsPerSecTwoSlots,
            Math.Round(sandboxTrue.RunsPerSecTwoSlots / bareTrue.RunsPerSecTwoSlots, 3),
            figures);
    }

    private static async Task RunBareAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await Task.WhenAll(stdout, stderr, process.WaitForExitAsync(cancellationToken));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bare {program} exited {process.ExitCode}");
        }
    }

    private static async Task<(List<double> Bare, List<double> Sandbox)> AlternatingLatencyAsync(Func<Task> bare, Func<Task> sandboxed, int count)
    {
        var bareTimes = new List<double>(count);
        var sandboxTimes = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            bareTimes.Add(await TimeAsync(bare));
            sandboxTimes.Add(await TimeAsync(sandboxed));
        }

        return (bareTimes, sandboxTimes);
    }

    private static async Task<double> TimeAsync(Func<Task> run)
    {
        var start = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task<double> ThroughputAsync(Func<Task> run, int count, int parallel)
    {
        var remaining = count;
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await run();
            }
        }));
        await Task.WhenAll(workers);
        return Math.Round(count / Stopwatch.GetElapsedTime(start).TotalSeconds, 1);
    }

}

/// <summary>One program in one mode.</summary>
internal sealed record ProgramFigures(string Program, string Mode, double MedianMs, double P95Ms, double RunsPerSecOneSlot, double RunsPerSecTwoSlots);

/// <summary>What <c>arbiter bench sandbox</c> prints; the headline fields are /bin/true's.</summary>
internal sealed record SandboxBenchmarkReport(
    int Runs,
    int Cores,
    int CgroupVersion,
    double BareMedianMs,
    double SandboxMedianMs,
    double OverheadMedianMs,
    double BareRunsPerSec,
    double SandboxRunsPerSec,
    double ThroughputRatio,
    IReadOnlyList<ProgramFigures> Programs)
{
    public string ToMarkdown()
    {
        var lines = new List<string>
        {
            $"{Runs} runs, {Cores} cores, cgroup v{CgroupVersion}",
            "",
            "| program | mode | median ms | p95 ms | runs/s, 1 slot | runs/s, 2 slots |",
            "|---|---|---:|---:|---:|---:|",
        };
        lines.AddRange(Programs.Select(p => $"| `{p.Program}` | {p.Mode} | {p.MedianMs:0.000} | {p.P95Ms:0.000} | {p.RunsPerSecOneSlot:0.0} | {p.RunsPerSecTwoSlots:0.0} |"));
        lines.Add("");
        lines.Add($"/bin/true: overhead over bare {OverheadMedianMs:0.000} ms at the median; sandboxed throughput {ThroughputRatio:P0} of bare with 2 slots.");
        return string.Join('\n', lines);
    }
}

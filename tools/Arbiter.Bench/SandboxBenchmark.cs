using System.Diagnostics;
using Arbiter.Sandbox;

namespace Arbiter.Bench;

/// <summary>
/// Bare against sandboxed execution of the same programs, in one process and one run, so both
/// face the same machine noise. Bare means what an engine without a sandbox would do
/// (<see cref="BareProcess"/>): the same binary, arguments, files and environment.
/// Latency rounds run every mode once per round, one run at a time, recording each run's wall
/// time and CPU time (user + system, children included: the sandbox's per-run cgroup, the bare
/// run's rusage); throughput runs keep 1 or 2 of them going at once. Where bubblewrap is
/// installed, a further mode starts each run in a new bubblewrap sandbox: the "proven parts, per
/// run" design Arbiter's warm containers are measured against (no cgroups or seccomp, so a lower
/// bound for that design). With <c>--diagnose</c>, more sandboxed modes each leave one part of
/// the lockdown off (then all five), to show what each part costs.
/// </summary>
internal static class SandboxBenchmark
{
    private const string Bubblewrap = "/usr/bin/bwrap";

    private static readonly string[] BubblewrapArguments =
    [
        "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
        "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--setenv", "HOME", "/box", "--setenv", "TMPDIR", "/tmp",
    ];

    /// <summary>The parts <c>--diagnose</c> turns off (the launcher's names), one pool each.</summary>
    private static readonly string[] LockdownParts = ["seccomp", "memory-cgroup", "namespaces", "rlimits", "uid"];

    public static async Task<SandboxBenchmarkReport> RunAsync(int runs, bool diagnose, TextWriter? progress, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("arbiter-bench-sandbox-");
        var diagnostic = new List<(string Mode, SandboxPool Pool)>();
        try
        {
            await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 2 });
            await pool.WarmUpAsync(2, cancellationToken);
            if (diagnose)
            {
                // Without the memory cgroup is a cgroup v1 notion: v2 has one cgroup for everything.
                var parts = LockdownParts.Where(p => p != "memory-cgroup" || pool.CgroupVersion == 1).ToList();
                foreach (var without in parts.Select(p => (IReadOnlyList<string>)[p]).Append(parts))
                {
                    var diagnosticPool = new SandboxPool(new SandboxOptions { MaxParallel = 1 }, without);
                    diagnostic.Add((without.Count == 1 ? $"sandbox without {without[0]}" : "sandbox without all of them", diagnosticPool));
                    await diagnosticPool.WarmUpAsync(1, cancellationToken);
                }
            }

            var figures = new List<ProgramFigures>();
            foreach (var program in await BenchProgram.AllAsync(scratch.FullName, cancellationToken))
            {
                figures.AddRange(await MeasureAsync(program, runs, pool, diagnostic, scratch.FullName, progress, cancellationToken));
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
                bareTrue.RunsPerSecTwoSlots ?? 0,
                sandboxTrue.RunsPerSecTwoSlots ?? 0,
                Math.Round((sandboxTrue.RunsPerSecTwoSlots ?? 0) / (bareTrue.RunsPerSecTwoSlots ?? 1), 3),
                figures);
        }
        finally
        {
            foreach (var (_, diagnosticPool) in diagnostic)
            {
                await diagnosticPool.DisposeAsync();
            }

            scratch.Delete(recursive: true);
        }
    }

    private static async Task<List<ProgramFigures>> MeasureAsync(
        BenchProgram program,
        int runs,
        SandboxPool pool,
        List<(string Mode, SandboxPool Pool)> diagnostic,
        string scratch,
        TextWriter? progress,
        CancellationToken cancellationToken)
    {
        var count = Math.Max(3, runs / program.Share);
        progress?.WriteLine($"bench: {program.Name}, {count} runs per measurement");
        var directory = Directory.CreateDirectory(Path.Combine(scratch, $"bare-{Path.GetFileName(program.Program)}")).FullName;
        foreach (var file in program.Files)
        {
            var path = Path.Combine(directory, file.Name);
            await File.WriteAllBytesAsync(path, file.Content.ToArray(), cancellationToken);
        }

        var request = new SandboxRequest(program.Program, program.Arguments) { Files = program.Files, Limits = program.Limits };
        var modes = new List<(string Mode, Func<Task<TimeSpan>> Run, bool Throughput, bool Cpu)>
        {
            ("bare", () => BareProcess.RunAsync(program.Program, program.Arguments, directory, cancellationToken), true, true),
            ("sandbox", () => RunSandboxedAsync(pool, request, cancellationToken), true, true),
        };
        modes.AddRange(diagnostic.Select(d => (d.Mode, (Func<Task<TimeSpan>>)(() => RunSandboxedAsync(d.Pool, request, cancellationToken)), false, true)));
        if (File.Exists(Bubblewrap))
        {
            string[] arguments = [.. BubblewrapArguments, "--bind", directory, "/box", "--chdir", "/box", program.Program, .. program.Arguments];
            modes.Add(("bubblewrap per run", () => BareProcess.RunAsync(Bubblewrap, arguments, directory, cancellationToken), true, false));
        }

        // Warm every path (JIT tiers, page cache, the JVM's class data) before anything counts.
        for (var i = 0; i < Math.Min(count, Math.Max(3, 100 / program.Share)); i++)
        {
            foreach (var mode in modes)
            {
                await mode.Run();
            }
        }

        var wall = modes.Select(_ => new List<double>(count)).ToList();
        var cpu = modes.Select(_ => new List<double>(count)).ToList();
        for (var i = 0; i < count; i++)
        {
            for (var m = 0; m < modes.Count; m++)
            {
                var start = Stopwatch.GetTimestamp();
                var used = await modes[m].Run();
                wall[m].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                cpu[m].Add(used.TotalMilliseconds);
            }
        }

        var bareCpu = Stats.Median(cpu[0]);
        var figures = new List<ProgramFigures>();
        for (var m = 0; m < modes.Count; m++)
        {
            var (mode, run, throughput, measuresCpu) = modes[m];
            var cpuMedian = Stats.Median(cpu[m]);
            figures.Add(new ProgramFigures(
                program.Name,
                mode,
                Stats.Median(wall[m]),
                Stats.Percentile(wall[m], 0.95),
                measuresCpu ? cpuMedian : null,
                measuresCpu && bareCpu > 0 ? Math.Round(cpuMedian / bareCpu, 3) : null,
                throughput ? await ThroughputAsync(run, count, 1) : null,
                throughput ? await ThroughputAsync(run, count, 2) : null));
        }

        return figures;
    }

    private static async Task<TimeSpan> RunSandboxedAsync(SandboxPool pool, SandboxRequest request, CancellationToken cancellationToken)
    {
        var result = await pool.RunAsync(request, cancellationToken);
        if (result.Status != RunStatus.OK)
        {
            throw new InvalidOperationException($"sandboxed {request.Program} ended {result.Status}: {result.Message} {System.Text.Encoding.UTF8.GetString(result.Stderr)}");
        }

        return result.CpuTime;
    }

    private static async Task<double> ThroughputAsync(Func<Task<TimeSpan>> run, int count, int parallel)
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

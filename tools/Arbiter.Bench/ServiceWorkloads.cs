using System.Diagnostics;
using System.Text.Json;

namespace Arbiter.Bench;

/// <summary>
/// The four hello-world workloads of issue 16 end to end (C and Python, each with a new source
/// every time, so every request compiles, and with the same source, so every request hits the
/// build cache), each beside the bare limit of the same work in the same run: gcc with the C
/// language's flags and the binary, or one <c>python3 main.py</c>, started by this process with
/// as many at once as the service has clients.
/// </summary>
internal static class ServiceWorkloads
{
    private const string CSource = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";
    private const string PythonSource = "print('hello')\n";
    private static readonly string[] GccArguments = ["-std=gnu17", "-O2", "-pipe", "-Wall", "-g", "-fdiagnostics-format=json", "-o", "main", "main.c", "-lm"];

    private sealed record Workload(string Name, string Language, bool NewSource, int Clients, string BareWork);

    private static readonly Workload[] Workloads =
    [
        new("C, new source", "c", NewSource: true, Clients: 4, "gcc + run"),
        new("C, same source", "c", NewSource: false, Clients: 4, "run"),
        new("Python, new source", "python3", NewSource: true, Clients: 4, "python3 main.py"),
        new("Python, same source", "python3", NewSource: false, Clients: 1, "python3 main.py"),
    ];

    public static async Task<List<WorkloadFigures>> RunAsync(RunningService service, int requests, TextWriter? progress, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("arbiter-bench-workloads-");
        try
        {
            var figures = new List<WorkloadFigures>();
            foreach (var workload in Workloads)
            {
                progress?.WriteLine($"bench: {workload.Name}, {workload.Clients} clients, {requests} requests, and bare");
                var (perSecond, p50, p95) = await ServiceAsync(service, workload, requests, cancellationToken);
                var (barePerSecond, bareP50) = await BareAsync(workload, requests, scratch.FullName, cancellationToken);
                figures.Add(new WorkloadFigures(workload.Name, workload.Clients, requests, perSecond, p50, p95, workload.BareWork, barePerSecond, bareP50));
            }

            return figures;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static string Source(Workload workload, int number) => (workload.Language, workload.NewSource) switch
    {
        ("c", true) => $"{CSource}// {number} {Guid.NewGuid():N}\n",
        ("c", false) => CSource,
        (_, true) => $"{PythonSource}# {number} {Guid.NewGuid():N}\n",
        _ => PythonSource,
    };

    private static async Task<(double PerSecond, double P50, double P95)> ServiceAsync(RunningService service, Workload workload, int requests, CancellationToken cancellationToken)
    {
        // A few requests first (the same source's first build, the JIT), then the measured ones.
        await MeasureAsync(2 * workload.Clients, workload.Clients, async number => await SubmitAsync(service, workload, number, cancellationToken));
        return await MeasureAsync(requests, workload.Clients, async number => await SubmitAsync(service, workload, number, cancellationToken));
    }

    private static async Task SubmitAsync(RunningService service, Workload workload, int number, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { language = workload.Language, source = Source(workload, number) });
        var submission = await WaitedSubmission.SubmitAsync(service.Http, body, cancellationToken);
        if (WaitedSubmission.Stdout(submission) != "hello\n")
        {
            throw new InvalidOperationException($"unexpected answer: {submission}");
        }
    }

    /// <summary>The same work bare: each client in its own directory, one after another.</summary>
    private static async Task<(double PerSecond, double P50)> BareAsync(Workload workload, int requests, string scratch, CancellationToken cancellationToken)
    {
        var directories = Enumerable.Range(0, workload.Clients)
            .Select(c => Directory.CreateDirectory(Path.Combine(scratch, $"{workload.Language}-{workload.NewSource}-{c}")).FullName)
            .ToArray();
        var free = new System.Collections.Concurrent.ConcurrentBag<string>(directories);
        if (workload.Language == "c" && !workload.NewSource)
        {
            foreach (var directory in directories)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, "main.c"), CSource, cancellationToken);
                await BareProcess.RunAsync("/usr/bin/gcc", GccArguments, directory, cancellationToken);
            }
        }

        async Task Once(int number)
        {
            free.TryTake(out var directory);
            try
            {
                if (workload.Language == "c")
                {
                    if (workload.NewSource)
                    {
                        await File.WriteAllTextAsync(Path.Combine(directory!, "main.c"), Source(workload, number), cancellationToken);
                        await BareProcess.RunAsync("/usr/bin/gcc", GccArguments, directory!, cancellationToken);
                    }

                    await BareProcess.RunAsync(Path.Combine(directory!, "main"), [], directory!, cancellationToken);
                }
                else
                {
                    await File.WriteAllTextAsync(Path.Combine(directory!, "main.py"), Source(workload, number), cancellationToken);
                    await BareProcess.RunAsync("/usr/bin/python3", ["main.py"], directory!, cancellationToken);
                }
            }
            finally
            {
                free.Add(directory!);
            }
        }

        await MeasureAsync(2 * workload.Clients, workload.Clients, Once);
        var (perSecond, p50, _) = await MeasureAsync(requests, workload.Clients, Once);
        return (perSecond, p50);
    }

    /// <summary>Runs <paramref name="count"/> numbered operations from <paramref name="clients"/>
    /// concurrent loops: operations per second, and the median and p95 of their times.</summary>
    private static async Task<(double PerSecond, double P50, double P95)> MeasureAsync(int count, int clients, Func<int, Task> operation)
    {
        var times = new List<double>(count);
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int number;
            while ((number = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(number);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                lock (times)
                {
                    times.Add(elapsed);
                }
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (Math.Round(count / seconds, 1), Stats.Percentile(times, 0.5), Stats.Percentile(times, 0.95));
    }
}

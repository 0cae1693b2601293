using System.CommandLine;
using System.Text.Json;
using Arbiter.Engine.Reports;

namespace Arbiter.Bench.Commands;

/// <summary><c>arbiter bench sandbox</c>: programs run bare and sandboxed, side by side.</summary>
internal static class SandboxCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Runs per measurement (default 300).", DefaultValueFactory = _ => 300 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var diagnose = new Option<bool>("--diagnose")
        {
            Description = "Also run sandboxes that each leave one part of the lockdown off (seccomp, memory cgroup, namespaces, rlimits, uid change), " +
                "then all: what each part costs. Benchmark only.",
        };
        var command = new Command("sandbox", "Measure per-run wall time, CPU time and throughput of /bin/true, python3, gcc and java, bare and sandboxed, in one run.")
        {
            runs, json, diagnose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(runs);
            if (count is < 10 or > 1_000_000)
            {
                await Console.Error.WriteLineAsync("arbiter bench: --runs must be between 10 and 1000000");
                return ExitCodes.Usage;
            }

            var report = await SandboxBenchmark.RunAsync(count, parse.GetValue(diagnose), parse.GetValue(json) ? null : Console.Error, cancellationToken);
            Console.Out.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(report, RunReport.Json) : report.ToMarkdown());
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json;
using Arbiter.Cli.Bench;
using Arbiter.Cli.Output;
using Arbiter.Engine.Reports;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter bench sandbox|engine|service|compat</c>: Arbiter against the same work done bare, side by side.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Runs per measurement (default 300).", DefaultValueFactory = _ => 300 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var diagnose = new Option<bool>("--diagnose") { Description = "Also run sandboxes that each leave one part of the lockdown off (seccomp, memory cgroup, namespaces, rlimits, uid change), then all: what each part costs. Benchmark only." };
        var sandbox = new Command("sandbox", "Measure per-run wall time, CPU time and throughput of /bin/true, python3, gcc and java, bare and sandboxed, in one run.")
        {
            runs, json, diagnose,
        };
        sandbox.SetAction(async (parse, cancellationToken) =>
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
        var engineRuns = new Option<int>("--runs") { Description = "Runs per measurement (default 20; compiles get a fifth of them, at least 3).", DefaultValueFactory = _ => 20 };
        var engineJson = new Option<bool>("--json") { Description = "Print one JSON object." };
        var only = new Option<string?>("--lang") { Description = "Measure one language only." };
        var engine = new Command("engine", "Measure compile and run per language (cold and cached) and judging, each against the same work done bare.")
        {
            engineRuns, engineJson, only,
        };
        engine.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(engineRuns);
            if (count is < 3 or > 10_000)
            {
                await Console.Error.WriteLineAsync("arbiter bench: --runs must be between 3 and 10000");
                return ExitCodes.Usage;
            }

            var report = await EngineBenchmark.RunAsync(count, parse.GetValue(only), parse.GetValue(engineJson) ? null : Console.Error, cancellationToken);
            Console.Out.WriteLine(parse.GetValue(engineJson) ? JsonSerializer.Serialize(report, RunReport.Json) : report.ToMarkdown());
            return ExitCodes.Ok;
        });
        var serviceRequests = new Option<int>("--requests") { Description = "Submissions per accept measurement (default 2000; latency runs a tenth, at least 20).", DefaultValueFactory = _ => 2000 };
        var serviceJson = new Option<bool>("--json") { Description = "Print one JSON object." };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Measure one API process and --workers worker processes over PostgreSQL instead: alone, a throwaway cluster started for the run; with an Npgsql connection string, that database (in new schemas, dropped afterwards).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var workers = new Option<int?>("--workers") { Description = "Worker processes with --postgres (default 2)." };
        var service = new Command("service", "Measure the service: submissions accepted per second, and end-to-end latency against the engine alone.")
        {
            serviceRequests, serviceJson, postgres, workers,
        };
        service.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(serviceRequests);
            if (count is < 20 or > 1_000_000)
            {
                await Console.Error.WriteLineAsync("arbiter bench: --requests must be between 20 and 1000000");
                return ExitCodes.Usage;
            }

            var scaledOut = parse.GetResult(postgres) is not null;
            var workerCount = parse.GetValue(workers);
            if (workerCount is not null && (!scaledOut || workerCount is < 1 or > 16))
            {
                await Console.Error.WriteLineAsync(scaledOut ? "arbiter bench: --workers must be between 1 and 16" : "arbiter bench: --workers needs --postgres");
                return ExitCodes.Usage;
            }

            var progress = parse.GetValue(serviceJson) ? null : Console.Error;
            using var hold = new ExitHold(); // released once everything started below is stopped again
            IServiceSetup setup;
            try
            {
                progress?.WriteLine(scaledOut ? "bench: preparing PostgreSQL" : "bench: SQLite, one process");
                setup = scaledOut ? await PostgresScaleOutSetup.CreateAsync(parse.GetValue(postgres), workerCount ?? 2, cancellationToken) : new InProcessSqliteSetup();
            }
            catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException or ArgumentException)
            {
                // A malformed connection string, a database that refused, or no PostgreSQL to start: one line to act on.
                await Console.Error.WriteLineAsync($"arbiter bench: {e.Message}");
                return e switch
                {
                    ArgumentException => ExitCodes.Usage,
                    Npgsql.NpgsqlException => ExitCodes.Unreachable,
                    _ => ExitCodes.Unavailable,
                };
            }

            ServiceBenchmarkReport report;
            await using (setup)
            {
                report = await ServiceBenchmark.RunAsync(setup, count, progress, cancellationToken);
            }

            Console.Out.WriteLine(parse.GetValue(serviceJson) ? JsonSerializer.Serialize(report, RunReport.Json) : report.ToMarkdown());
            return ExitCodes.Ok;
        });
        return new Command("bench", "Benchmarks.") { sandbox, engine, service, CompatBenchmark.Command() };
    }
}

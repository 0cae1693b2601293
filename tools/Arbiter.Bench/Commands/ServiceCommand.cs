using System.CommandLine;
using System.Text.Json;
using Arbiter.Engine.Reports;

namespace Arbiter.Bench.Commands;

/// <summary><c>arbiter bench service</c>: the service under load, over SQLite in one process or
/// PostgreSQL with separate API and worker processes.</summary>
internal static class ServiceCommand
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests")
        {
            Description = "Submissions per accept measurement (default 2000; latency runs a tenth, at least 20).",
            DefaultValueFactory = _ => 2000,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Measure one API process and --workers worker processes over PostgreSQL instead: alone, a throwaway cluster started for the run; " +
                "with an Npgsql connection string, that database (in new schemas, dropped afterwards).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var workers = new Option<int?>("--workers") { Description = "Worker processes with --postgres (default 2)." };
        var command = new Command("service", "Measure the service: submissions accepted per second, and end-to-end latency against the engine alone.")
        {
            requests, json, postgres, workers,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(requests);
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

            var progress = parse.GetValue(json) ? null : Console.Error;
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

            Console.Out.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(report, RunReport.Json) : report.ToMarkdown());
            return ExitCodes.Ok;
        });
        return command;
    }
}

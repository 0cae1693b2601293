using System.CommandLine;
using System.Text.Json;
using Arbiter.Engine.Reports;

namespace Arbiter.Bench.Commands;

/// <summary><c>arbiter bench engine</c>: compile, run and judge through the engine against the same work done bare.</summary>
internal static class EngineCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Runs per measurement (default 20; compiles get a fifth of them, at least 3).", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var only = new Option<string?>("--lang") { Description = "Measure one language only." };
        var command = new Command("engine", "Measure compile and run per language (cold and cached) and judging, each against the same work done bare.")
        {
            runs, json, only,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(runs);
            if (count is < 3 or > 10_000)
            {
                await Console.Error.WriteLineAsync("arbiter bench: --runs must be between 3 and 10000");
                return ExitCodes.Usage;
            }

            var report = await EngineBenchmark.RunAsync(count, parse.GetValue(only), parse.GetValue(json) ? null : Console.Error, cancellationToken);
            Console.Out.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(report, RunReport.Json) : report.ToMarkdown());
            return ExitCodes.Ok;
        });
        return command;
    }
}

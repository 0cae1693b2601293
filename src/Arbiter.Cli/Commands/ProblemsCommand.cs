using System.CommandLine;
using System.Text.Json;
using Arbiter.Cli.Client;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter problems [--json]</c>: the problems on the server.</summary>
internal static class ProblemsCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var json = new Option<bool>("--json") { Description = "Print the server's JSON." };
        var problems = new Command("problems", "List the problems on the server.") { json };
        options.AddTo(problems);
        ClientOptions.SetAction(problems, async (parse, cancellationToken) =>
        {
            var connection = options.Resolve(parse);
            using var client = connection.Open();
            var list = await client.GetAsync("api/v1/problems", cancellationToken);
            if (parse.GetValue(json))
            {
                ClientJson.Print(list);
                return ExitCodes.Ok;
            }

            var items = list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
            if (items.Count == 0)
            {
                await Console.Out.WriteLineAsync("no problems on this server");
                return ExitCodes.Ok;
            }

            var width = Math.Max(2, items.Max(p => p.Text("id")?.Length ?? 0));
            await Console.Out.WriteLineAsync($"{"id".PadRight(width)}  {"type",-9}  name");
            foreach (var problem in items)
            {
                await Console.Out.WriteLineAsync($"{(problem.Text("id") ?? "?").PadRight(width)}  {problem.Text("type"),-9}  {problem.Text("name")}");
            }

            return ExitCodes.Ok;
        });
        return problems;
    }
}

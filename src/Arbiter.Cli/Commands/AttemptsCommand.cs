using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arbiter.Cli.Client;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter attempts [--problem ID] [--limit N] [--json]</c>: your submissions,
/// newest first, with their verdicts and scores (a student sees only their own; staff everyone's).</summary>
internal static class AttemptsCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var problem = new Option<string?>("--problem") { Description = "Only the submissions to this problem." };
        var limit = new Option<int>("--limit") { Description = "How many, newest first (1 to 500, default 20).", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 500)
            {
                result.AddError("--limit must be between 1 and 500");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print JSON: the server's list, each item with its verdict and score." };
        var attempts = new Command("attempts", "List your submissions, newest first: time, ticket, problem, language, status, verdict, score.") { problem, limit, json };
        options.AddTo(attempts);
        ClientOptions.SetAction(attempts, async (parse, cancellationToken) =>
        {
            var connection = options.Resolve(parse);
            using var client = connection.Open();
            var query = $"api/v1/submissions?limit={parse.GetValue(limit).ToString(CultureInfo.InvariantCulture)}";
            if (parse.GetValue(problem) is { } id)
            {
                query += $"&problem={Uri.EscapeDataString(id)}";
            }

            var page = await client.GetAsync(query, cancellationToken);
            var items = page.Items("items").ToList();
            var results = await ResultsAsync(client, items, cancellationToken);
            if (parse.GetValue(json))
            {
                ClientJson.Print(WithResults(page, items, results));
                return ExitCodes.Ok;
            }

            if (items.Count == 0)
            {
                await Console.Out.WriteLineAsync("no submissions yet");
                return ExitCodes.Ok;
            }

            var rows = items.Select(i => Row(i, results.GetValueOrDefault(i.Text("id") ?? ""))).ToList();
            string[] header = ["time", "ticket", "problem", "language", "status", "verdict", "score"];
            var widths = header.Select((h, c) => Math.Max(h.Length, rows.Max(r => r[c].Length))).ToArray();
            foreach (var row in rows.Prepend(header))
            {
                await Console.Out.WriteLineAsync(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            }

            return ExitCodes.Ok;
        });
        return attempts;
    }

    /// <summary>Each listed submission's full view, by id: the list itself carries no verdict.
    /// One batch request, however many submissions.</summary>
    private static async Task<Dictionary<string, JsonElement>> ResultsAsync(ArbiterClient client, List<JsonElement> items, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.Text("id")).OfType<string>().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var views = await client.GetAsync($"api/v1/submissions/batch?ids={string.Join(',', ids.Select(Uri.EscapeDataString))}", cancellationToken);
        return views.ValueKind == JsonValueKind.Array
            ? views.EnumerateArray().Where(v => v.Text("id") is not null).ToDictionary(v => v.Text("id")!, v => v)
            : [];
    }

    private static string[] Row(JsonElement item, JsonElement view)
    {
        var time = DateTimeOffset.TryParse(item.Text("createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "-";
        return [
            time,
            item.Text("ticket") ?? "-",
            item.Text("problem") ?? "(run)",
            item.Text("language") ?? "-",
            item.Text("status") ?? "-",
            SubmissionPrinter.Verdict(view) ?? "-",
            Score(view) ?? "-"];
    }

    private static string? Score(JsonElement view) =>
        view.Field("result") is { } result && result.Number("maxScore") is > 0 and var max
            ? $"{JsonFields.Format(result.Number("score") ?? 0)}/{JsonFields.Format(max)}"
            : null;

    private static JsonObject WithResults(JsonElement page, List<JsonElement> items, Dictionary<string, JsonElement> results)
    {
        var list = new JsonArray();
        foreach (var item in items)
        {
            var node = JsonNode.Parse(item.GetRawText())!.AsObject();
            var view = results.GetValueOrDefault(item.Text("id") ?? "");
            var result = view.Field("result");
            node["verdict"] = SubmissionPrinter.Verdict(view);
            node["score"] = result?.Number("score");
            node["maxScore"] = result?.Number("maxScore");
            list.Add(node);
        }

        return new JsonObject { ["items"] = list, ["next"] = page.Text("next") };
    }
}

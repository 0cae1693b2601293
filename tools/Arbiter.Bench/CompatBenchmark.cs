using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Arbiter.Engine.Reports;

namespace Arbiter.Bench;

/// <summary>
/// <c>arbiter bench compat</c>: what the drop-in APIs (Jobe, Piston, Judge0) add over Arbiter's
/// own. One service (SQLite, one process, as <c>arbiter serve</c> runs by default) runs the same
/// C hello world through each door with a synchronous wait; after a first run every request is
/// a cache hit (the build is reused), so what differs between the doors is the adapter. The
/// doors take turns request by request (in a rotating order), so a noisy moment of the machine
/// falls on all of them alike; the figures are requests per second and the median and 90th
/// percentile latency of each, and each adapter's median minus the native one's.
/// </summary>
internal static class CompatBenchmark
{
    private const string CSource = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";

    public static Command Command()
    {
        var requests = new Option<int>("--requests") { Description = "Requests through each API (default 200).", DefaultValueFactory = _ => 200 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("compat", "Measure a C hello world through the native API, Jobe, Piston and Judge0 in one run: requests per second and median latency of each.")
        {
            requests, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(requests);
            if (count is < 10 or > 100_000)
            {
                await Console.Error.WriteLineAsync("arbiter bench: --requests must be between 10 and 100000");
                return ExitCodes.Usage;
            }

            using var hold = new ExitHold();
            var report = await RunAsync(count, parse.GetValue(json) ? null : Console.Error, cancellationToken);
            Console.Out.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(report, RunReport.Json) : report.ToMarkdown());
            return ExitCodes.Ok;
        });
        return command;
    }

    public static async Task<CompatBenchmarkReport> RunAsync(int requests, TextWriter? progress, CancellationToken cancellationToken)
    {
        var doors = new (string Name, Func<HttpClient, Task<bool>> Send)[]
        {
            (
                "native",
                async http => WaitedSubmission.Stdout(await WaitedSubmission.SubmitAsync(
                    http,
                    JsonSerializer.Serialize(new { language = "c", source = CSource }),
                    cancellationToken)) == "hello\n"),
            (
                "jobe",
                http => SendAsync(
                    http,
                    "/restapi/runs",
                    new { run_spec = new { language_id = "c", sourcecode = CSource } },
                    b => b.GetProperty("outcome").GetInt32() == 15,
                    cancellationToken)),
            (
                "piston",
                http => SendAsync(
                    http,
                    "/api/v2/execute",
                    new { language = "c", version = "*", files = new[] { new { content = CSource } } },
                    b => b.GetProperty("run").GetProperty("stdout").GetString() == "hello\n",
                    cancellationToken)),
            (
                "judge0",
                http => SendAsync(
                    http,
                    "/judge0/submissions?wait=true",
                    new { source_code = CSource, language_id = 50 },
                    b => b.GetProperty("status").GetProperty("id").GetInt32() == 3,
                    cancellationToken)),
        };
        progress?.WriteLine("bench: starting the service (sqlite, one process)");
        await using var service = await new InProcessSqliteSetup().StartFullAsync(cancellationToken);
        foreach (var (name, send) in doors)
        {
            // The first run builds (on a busy machine it may outlast one wait); each door once
            // more warms its own path.
            var warmed = false;
            for (var attempt = 0; attempt < 5 && !warmed; attempt++)
            {
                warmed = await send(service.Http);
            }

            if (!warmed)
            {
                throw new InvalidOperationException($"the C hello world through {name} did not succeed");
            }
        }

        var times = doors.ToDictionary(d => d.Name, _ => new List<double>(requests), StringComparer.Ordinal);
        var busy = doors.ToDictionary(d => d.Name, _ => 0.0, StringComparer.Ordinal);
        progress?.WriteLine($"bench: {requests} requests through each of {string.Join(", ", doors.Select(d => d.Name))}, taking turns");
        for (var i = 0; i < requests; i++)
        {
            for (var k = 0; k < doors.Length; k++)
            {
                var (name, send) = doors[(i + k) % doors.Length];
                var started = Stopwatch.GetTimestamp();
                if (!await send(service.Http))
                {
                    throw new InvalidOperationException($"a C hello world through {name} did not succeed");
                }

                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                times[name].Add(elapsed);
                busy[name] += elapsed;
            }
        }

        var native = Stats.Median(times["native"]);
        var figures = doors.Select(d => new CompatFigures(
            d.Name,
            Math.Round(requests / (busy[d.Name] / 1000), 1),
            Stats.Median(times[d.Name]),
            Stats.Percentile(times[d.Name], 0.9),
            Math.Round(Stats.Median(times[d.Name]) - native, 3))).ToList();
        return new CompatBenchmarkReport(requests, Environment.ProcessorCount, figures);
    }

    private static async Task<bool> SendAsync(HttpClient http, string path, object body, Func<JsonElement, bool> succeeded, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"bench: {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return false;
        }

        try
        {
            return succeeded(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            return false; // not the answer of a finished run (a 202 still waiting, say)
        }
    }
}

/// <summary>One API's figures: requests per second (one client, back to back), median and
/// 90th percentile latency in ms, and the median minus the native API's.</summary>
internal sealed record CompatFigures(string Api, double RequestsPerSecond, double P50Ms, double P90Ms, double AddedP50Ms);

internal sealed record CompatBenchmarkReport(int Requests, int Cores, IReadOnlyList<CompatFigures> Apis)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"C hello world (cache hit), {Requests} requests through each API, one client, the APIs taking turns; {Cores} cores.");
        text.AppendLine();
        text.AppendLine("| API | requests/s | p50 ms | p90 ms | p50 − native (ms) |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var api in Apis)
        {
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"| {api.Api} | {api.RequestsPerSecond:0.0} | {api.P50Ms:0.000} | {api.P90Ms:0.000} | " +
                    $"{(api.Api == "native" ? "—" : api.AddedP50Ms.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture))} |");
        }

        return text.ToString();
    }
}

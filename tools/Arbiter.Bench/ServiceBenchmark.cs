using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Arbiter.Engine.Building;
using Arbiter.Sandbox;

namespace Arbiter.Bench;

/// <summary>
/// The service under load, in one run, on throwaway data (SQLite in this process, or PostgreSQL
/// with separate API and worker processes: see <see cref="IServiceSetup"/>), driven over HTTP:
/// <list type="number">
/// <item>accept rate: the API alone (no workers, so nothing else competes) takes as many
/// submissions as concurrent clients can send, each stored durably before its 202; once more
/// with an API key (an admin's, so no rate limit), to show what authenticating costs;</item>
/// <item>autosave capacity: draft saves per second (each a durable write) against the
/// cheapest authenticated read (<c>whoami</c>) with the same key and clients;</item>
/// <item>end-to-end latency: API and workers judge C and Python hello-world with <c>?wait=true</c>
/// at several concurrency levels, against the same programs built and run through the engine
/// directly (no HTTP, no queue) in the benchmark's process;</item>
/// <item>the four workloads of issue 16 (<see cref="ServiceWorkloads"/>): requests per second
/// and latency beside the bare limit of the same work.</item>
/// </list>
/// </summary>
internal static class ServiceBenchmark
{
    private const string CSource = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";
    private const string PythonSource = "print('hello')\n";

    public static async Task<ServiceBenchmarkReport> RunAsync(IServiceSetup setup, int requests, TextWriter? progress, CancellationToken cancellationToken)
    {
        var accept = new List<AcceptFigures>();
        ClassroomFigures? classroom;
        progress?.WriteLine($"bench: starting the API ({setup.Mode})");
        await using (var api = await setup.StartApiOnlyAsync(cancellationToken))
        {
            foreach (var clients in new[] { 1, 8, 32 })
            {
                progress?.WriteLine($"bench: accepting {requests} submissions with {clients} clients");
                accept.Add(await AcceptAsync(api.Http, "anonymous", requests, clients, cancellationToken));
            }

            using var keyed = await KeyedClientAsync(api, cancellationToken);
            progress?.WriteLine($"bench: accepting {requests} submissions with 8 clients sending an API key");
            accept.Add(await AcceptAsync(keyed, "API key", requests, 8, cancellationToken));

            progress?.WriteLine($"bench: {requests} whoami reads, then {requests} draft saves, with 8 clients");
            var assignment = await AssignmentAsync(keyed, cancellationToken);
            var whoami = await RateAsync(requests, 8, () => keyed.GetAsync("/api/v1/whoami", cancellationToken));
            var draft = JsonSerializer.Serialize(new { language = "python3", source = "a, b = map(int, input().split())\n# typing...\n" });
            var saves = await RateAsync(
                requests,
                8,
                () => keyed.PutAsync($"/api/v1/assignments/{assignment}/draft", new StringContent(draft, Encoding.UTF8, "application/json"), cancellationToken));
            classroom = new ClassroomFigures(requests, 8, whoami, saves);
        }

        var latency = new List<LatencyFigures>();
        List<WorkloadFigures> workloads;
        progress?.WriteLine($"bench: starting API and workers ({setup.Mode})");
        await using (var service = await setup.StartFullAsync(cancellationToken))
        {
            await using var engine = BenchEngine.Create();
            foreach (var (language, source) in new[] { ("c", CSource), ("python3", PythonSource) })
            {
                var baseline = await EngineBaselineAsync(engine, language, source, Math.Max(20, requests / 10), cancellationToken);
                foreach (var clients in new[] { 1, 2, 4 })
                {
                    progress?.WriteLine($"bench: {language} end to end with {clients} clients");
                    latency.Add(await LatencyAsync(service, language, source, Math.Max(20, requests / 10), clients, baseline, cancellationToken));
                }
            }

            workloads = await ServiceWorkloads.RunAsync(service, Math.Max(20, requests / 10), progress, cancellationToken);
        }

        return new ServiceBenchmarkReport(setup.Mode, setup.WorkerProcesses, requests, Environment.ProcessorCount, accept, latency, classroom, workloads);
    }

    /// <summary>Requests per second of <paramref name="send"/> from <paramref name="clients"/> concurrent clients; every answer must be a success.</summary>
    private static async Task<double> RateAsync(int requests, int clients, Func<Task<HttpResponseMessage>> send)
    {
        var remaining = requests;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                using var response = await send();
                response.EnsureSuccessStatusCode();
            }
        })));
        return Math.Round(requests / Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
    }

    /// <summary>A course with one assignment of a one-test problem, made by the admin's key.</summary>
    private static async Task<string> AssignmentAsync(HttpClient admin, CancellationToken cancellationToken)
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in new[]
                { ("problem.yaml", "name: Echo\n"), ("data/sample/1.in", "1\n"), ("data/sample/1.ans", "1\n"), ("data/secret/1.in", "2\n"), ("data/secret/1.ans", "2\n") })
            {
                await using var entry = archive.CreateEntry(name).Open();
                await entry.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            }
        }

        (await admin.PostAsJsonAsync("/api/v1/courses", new { id = "bench", title = "Bench" }, cancellationToken)).EnsureSuccessStatusCode();
        using var body = new ByteArrayContent(zip.ToArray());
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        using var created = await admin.PostAsync("/api/v1/courses/bench/assignments/import", body, cancellationToken);
        return (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
    }

    private static async Task<AcceptFigures> AcceptAsync(HttpClient http, string caller, int requests, int clients, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { language = "python3", source = PythonSource });
        var remaining = requests;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/v1/submissions", content, cancellationToken);
                if ((int)response.StatusCode != 202)
                {
                    throw new InvalidOperationException($"submission refused: {(int)response.StatusCode}");
                }
            }
        }, cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new AcceptFigures(caller, clients, requests, Math.Round(requests / seconds, 1));
    }

    /// <summary>Signs up the service's first user (its admin), signs in and makes an API key.</summary>
    private static async Task<HttpClient> KeyedClientAsync(RunningService api, CancellationToken cancellationToken)
    {
        var credentials = new { name = "bench", password = "bench-password" };
        using var session = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = api.Http.BaseAddress };
        (await session.PostAsJsonAsync("/api/v1/auth/signup", credentials, cancellationToken)).EnsureSuccessStatusCode();
        (await session.PostAsJsonAsync("/api/v1/auth/login", credentials, cancellationToken)).EnsureSuccessStatusCode();
        var token = await session.GetFromJsonAsync<JsonElement>("/api/v1/auth/antiforgery", cancellationToken);
        session.DefaultRequestHeaders.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        using var created = await session.PostAsJsonAsync("/api/v1/keys", new { name = "bench" }, cancellationToken);
        var key = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("key").GetString();
        var keyed = new HttpClient { BaseAddress = api.Http.BaseAddress, Timeout = api.Http.Timeout };
        keyed.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return keyed;
    }

    private static async Task<LatencyFigures> LatencyAsync(
        RunningService service,
        string language,
        string source,
        int requests,
        int clients,
        double engineP50,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { language, source });
        var times = new List<double>();
        var remaining = requests + (2 * clients); // the first runs of each client warm up
        var warmup = 2 * clients;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await WaitedSubmission.SubmitAsync(service.Http, body, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (WaitedSubmission.Stdout(result) != "hello\n")
                {
                    throw new InvalidOperationException($"unexpected result: {result}");
                }

                lock (times)
                {
                    if (Interlocked.Decrement(ref warmup) < 0)
                    {
                        times.Add(elapsed);
                    }
                }
            }
        }, cancellationToken)));
        times.Sort();
        var p50 = Stats.Percentile(times, 0.5);
        return new LatencyFigures(language, clients, times.Count, engineP50, p50, Stats.Percentile(times, 0.95), Stats.Percentile(times, 0.99), Math.Round(p50 - engineP50, 3));
    }

    /// <summary>The same program through the engine directly: a cached build and one sandboxed run.</summary>
    private static async Task<double> EngineBaselineAsync(BenchEngine engine, string language, string source, int runs, CancellationToken cancellationToken)
    {
        var spec = engine.Languages.Find(language)!;
        var builder = new ProgramBuilder(engine.Pool, new BuildCache(null));
        var times = new List<double>();
        for (var i = 0; i < runs + 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var build = await builder.BuildAsync(spec, Encoding.UTF8.GetBytes(source), [], cancellationToken);
            await engine.Runner.RunAsync(build.Program!, SandboxInput.None, SandboxLimits.Default, cancellationToken);
            if (i >= 3)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        times.Sort();
        return Stats.Percentile(times, 0.5);
    }
}

/// <summary>Submissions accepted per second by an API-only service with <see cref="Clients"/>
/// concurrent clients, sent anonymously or with an API key (<see cref="Caller"/>).</summary>
internal sealed record AcceptFigures(string Caller, int Clients, int Requests, double AcceptedPerSecond);

/// <summary>End-to-end latency of <c>?wait=true</c> hello-world submissions, against the engine alone.</summary>
internal sealed record LatencyFigures(string Language, int Clients, int Requests, double EngineP50Ms, double P50Ms, double P95Ms, double P99Ms, double OverheadP50Ms);

/// <summary>Draft saves per second (durable writes) beside authenticated whoami reads, same key and clients.</summary>
internal sealed record ClassroomFigures(int Requests, int Clients, double WhoAmIPerSecond, double DraftSavesPerSecond);

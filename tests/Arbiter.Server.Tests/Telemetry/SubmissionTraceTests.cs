using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests.Telemetry;

/// <summary>
/// A judged submission leaves one trace that an OTLP collector (<see cref="OtlpReceiver"/>)
/// receives whole: the API's accept, the queue wait, the worker's job, its compile and each
/// test, under one trace id, in one process and when the API and the worker are different
/// processes sharing PostgreSQL (the trace context travels with the stored job).
/// </summary>
public sealed class SubmissionTraceTests : IAsyncLifetime
{
    private const string SumInPython = "a, b = map(int, input().split())\nprint(a + b)\n";
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(60);
    private readonly PostgresServer _postgres = new();
    private readonly List<string> _directories = [];
    private bool _postgresStarted;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_postgresStarted)
        {
            await _postgres.DisposeAsync();
        }

        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Trace_OneProcess_AcceptQueueJobCompileAndEachTest_AreOneTree()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        // Arbiter's own setting, which means what OTEL_EXPORTER_OTLP_ENDPOINT means.
        await using var server = await ServerProcess.StartAsync(NewDirectory(), "all", Exporting(receiver, "ARBITER__SERVER__OTLPENDPOINT"));

        var (id, tests) = await JudgeAsync(server);

        var spans = await receiver.WaitForAsync(s => Complete(s, id, tests), Arrival);
        var tree = AssertTree(spans, id, tests);
        Assert.All(tree, s => Assert.Equal("all", s.Resource["arbiter.role"]));
        Assert.Single(tree.Select(s => s.Resource["process.pid"]).Distinct());
        var accept = tree.Single(s => s.Name == "accept");
        Assert.Equal($"00-{accept.TraceId}-{accept.SpanId}-01", await StoredTraceParentAsync(id));
    }

    [Fact]
    public async Task Trace_WithoutAnExporter_NoTraceContextIsStored()
    {
        // An API alone starts at once (no languages to probe); the job just waits in the queue.
        await using var server = await ServerProcess.StartAsync(NewDirectory(), "api");
        using var response = await server.Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = SumInPython, problem = "sum" }, Token);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;

        Assert.Null(await StoredTraceParentAsync(id));
    }

    /// <summary>The traceparent stored with a submission, read from the SQLite store in the data
    /// directory this test made last (its one process's).</summary>
    private async Task<string?> StoredTraceParentAsync(string id)
    {
        await using var store = Arbiter.Storage.StoreFactory.Create(new Arbiter.Storage.StoreOptions(), _directories[^1]);
        var record = await store.GetSubmissionAsync(id, Token);
        Assert.NotNull(record);
        return record.TraceParent;
    }

    [Fact]
    public async Task Trace_ApiAndWorkerProcessesOverPostgres_TheWorkersSpansJoinTheApisTrace()
    {
        await _postgres.InitializeAsync();
        _postgresStarted = true;
        var database = await _postgres.CreateDatabaseAsync(Token);
        await using var receiver = await OtlpReceiver.StartAsync();
        var environment = new Dictionary<string, string>(Exporting(receiver, "OTEL_EXPORTER_OTLP_ENDPOINT"))
        {
            ["ARBITER__STORAGE__PROVIDER"] = "postgres",
            ["ARBITER__STORAGE__CONNECTIONSTRING"] = _postgres.ConnectionString(database),
        };
        await using var api = await ServerProcess.StartAsync(NewDirectory(), "api", environment);
        await using var worker = await ServerProcess.StartAsync(NewDirectory(), "worker", environment);

        var (id, tests) = await JudgeAsync(api);

        var spans = await receiver.WaitForAsync(s => Complete(s, id, tests), Arrival);
        var tree = AssertTree(spans, id, tests);
        var accept = tree.Single(s => s.Name == "accept");
        Assert.Equal("api", accept.Resource["arbiter.role"]);
        Assert.Equal(api.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), accept.Resource["process.pid"]);
        Assert.All(tree.Where(s => s.Name is "queue wait" or "job" or "compile" or "test"), s =>
        {
            Assert.Equal("worker", s.Resource["arbiter.role"]);
            Assert.Equal(worker.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Resource["process.pid"]);
        });
    }

    /// <summary>The export settings of a process under test: OTLP/HTTP to the receiver, batches
    /// sent every 200 ms rather than every 5 s.</summary>
    private static Dictionary<string, string> Exporting(OtlpReceiver receiver, string endpointVariable) => new()
    {
        [endpointVariable] = receiver.Address,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    /// <summary>Submits the sample problem's accepted Python solution, waits for its verdict and
    /// returns its id and the names of the tests it was judged on.</summary>
    private static async Task<(string Id, List<string> Tests)> JudgeAsync(ServerProcess server)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = SumInPython, problem = "sum" }, Token);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;
        var finished = await server.WaitFinishedAsync(id, TimeSpan.FromSeconds(120));
        Assert.Equal("AC", finished.GetProperty("verdict").GetString());
        var tests = finished.GetProperty("result").GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
        Assert.NotEmpty(tests);
        return (id, tests);
    }

    private static bool Complete(IReadOnlyList<ReceivedSpan> spans, string id, List<string> tests)
    {
        var job = spans.FirstOrDefault(s => s.Name == "job" && s.Attributes.GetValueOrDefault("arbiter.submission.id") == id);
        return job is not null
            && spans.Any(s => s.Name == "accept" && s.Attributes.GetValueOrDefault("arbiter.submission.id") == id)
            && spans.Count(s => s.Name == "test" && s.ParentSpanId == job.SpanId) >= tests.Count;
    }

    /// <summary>accept → queue wait, accept → job → compile, job → one test span per test, all in
    /// the accept's trace, which is the API request's; returns the spans of that tree.</summary>
    private static List<ReceivedSpan> AssertTree(IReadOnlyList<ReceivedSpan> spans, string id, List<string> tests)
    {
        var accept = Assert.Single(spans, s => s.Name == "accept" && s.Attributes.GetValueOrDefault("arbiter.submission.id") == id);
        var trace = spans.Where(s => s.TraceId == accept.TraceId).ToList();
        var request = Assert.Single(trace, s => s.SpanId == accept.ParentSpanId);
        Assert.StartsWith("POST /api/v1/submissions", request.Name, StringComparison.Ordinal); // ASP.NET Core's server span
        var wait = Assert.Single(trace, s => s.Name == "queue wait");
        var job = Assert.Single(trace, s => s.Name == "job");
        Assert.Equal(accept.SpanId, wait.ParentSpanId);
        Assert.Equal(accept.SpanId, job.ParentSpanId);
        Assert.Equal(id, job.Attributes["arbiter.submission.id"]);
        Assert.Equal("AC", job.Attributes["arbiter.verdict"]);
        var compile = Assert.Single(trace, s => s.Name == "compile" && s.Attributes.GetValueOrDefault("arbiter.language") == "python3");
        Assert.Equal(job.SpanId, compile.ParentSpanId);
        var judged = trace.Where(s => s.Name == "test").ToList();
        Assert.All(judged, t => Assert.Equal(job.SpanId, t.ParentSpanId));
        Assert.All(judged, t => Assert.Equal("AC", t.Attributes["arbiter.verdict"]));
        Assert.Equal(
            tests.Select(t => t.Split('/')[^1]).Order(StringComparer.Ordinal),
            judged.Select(t => t.Attributes["arbiter.test"].Split('/')[^1]).Order(StringComparer.Ordinal));
        return trace;
    }

    private string NewDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("arbiter-trace-").FullName;
        _directories.Add(directory);
        return directory;
    }
}

using Arbiter.Storage;

namespace Arbiter.Server.Tests.Telemetry;

/// <summary>
/// /metrics writes label values as Prometheus' text format requires: a backslash, a double quote
/// and a line feed inside a value are escaped, so one odd value (a language id stored by an older
/// version, a hand-edited row) cannot end a sample line early or forge another series. Before
/// the OpenTelemetry exporter, the labels were written as is.
/// </summary>
public sealed class MetricsLabelEscapingTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-metrics-").FullName;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_data, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Metrics_LabelValueWithQuoteBackslashAndNewline_IsEscaped()
    {
        // An API alone: no worker, so every queued language is one no live worker will start.
        await using var server = await ServerProcess.StartAsync(_data, "api");
        const string hostile = "c\"} 99\nforged_total 1 \\";
        await using (var store = StoreFactory.Create(new StoreOptions(), _data))
        {
            await store.AddSubmissionsAsync(
                [new NewSubmission("metrics-escape-1", "QQQQQ", SubmissionKind.Run, hostile, null, "{}", null, 0, null, DateTimeOffset.UtcNow)],
                TestContext.Current.CancellationToken);
        }

        var metrics = await server.Http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        var line = Assert.Single(metrics.Split('\n'), l => l.StartsWith("arbiter_queue_unroutable{", StringComparison.Ordinal));
        Assert.StartsWith("arbiter_queue_unroutable{language=\"c\\\"} 99\\nforged_total 1 \\\\\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain(metrics.Split('\n'), l => l.StartsWith("forged_total", StringComparison.Ordinal));
    }
}

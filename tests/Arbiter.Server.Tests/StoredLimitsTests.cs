using System.Text;
using System.Text.Json;
using Arbiter.Sandbox;
using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;

namespace Arbiter.Server.Tests;

/// <summary>A run's limits are stored as the one <see cref="SandboxLimits"/> value, and a job
/// queued by the version that stored them in milliseconds still runs with its limits after the
/// upgrade.</summary>
public sealed class StoredLimitsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-limits-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void Limits_AreStoredAsTheOneValue_AndReadBackEqual()
    {
        var limits = SandboxLimits.Create(cpuTime: TimeSpan.FromMilliseconds(1500), memoryBytes: 64L << 20);
        var json = JsonSerializer.Serialize(new StoredRequest("python3", [], null, [], limits, []), ServerJson.Options);

        var stored = JsonDocument.Parse(json).RootElement.GetProperty("limits");
        Assert.Equal("00:00:01.5000000", stored.GetProperty("cpuTime").GetString());
        Assert.Equal(64L << 20, stored.GetProperty("memoryBytes").GetInt64());
        Assert.False(stored.TryGetProperty("cpuTimeMs", out _));
        Assert.Equal(limits, JsonSerializer.Deserialize<StoredRequest>(json, ServerJson.Options)!.Limits);
    }

    [Fact]
    public void Limits_InTheShapeStoredBeforeTheUpgrade_AreReadWithTheDefaultsForTheRest()
    {
        const string json = """{"language":"python3","files":[],"stdin":null,"args":[],"compilerFlags":[],""" +
            """ "limits":{"cpuTimeMs":1500,"wallTimeMs":4500.5,"memoryBytes":67108864,"processes":8,"outputBytes":2048}}""";

        var limits = JsonSerializer.Deserialize<StoredRequest>(json, ServerJson.Options)!.Limits;

        Assert.Equal(SandboxLimits.Default with
        {
            CpuTime = TimeSpan.FromMilliseconds(1500),
            WallTime = TimeSpan.FromMilliseconds(4500.5),
            MemoryBytes = 64L << 20,
            Processes = 8,
            OutputBytes = 2048,
        }, limits);
    }

    [Theory]
    [InlineData("""{"cpuTime":"00:00:01","wallTime":"00:00:04","memoryBytes":1,"processes":1,"outputBytes":1,"fileSizeBytes":1,"workDirBytes":1,"stackBytes":1}""")]
    [InlineData("""{"cpuTimeMs":1000,"memoryBytes":1,"processes":1,"outputBytes":1}""")]
    [InlineData("""[1000]""")]
    public void Limits_WithALimitMissing_AreRefusedNotReadAsZero(string limits)
    {
        var json = """{"language":"python3","files":[],"stdin":null,"args":[],"compilerFlags":[],"limits":""" + limits + "}";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StoredRequest>(json, ServerJson.Options));
    }

    [Fact]
    public async Task QueuedJob_WithLimitsInTheOldShape_RunsWithThemAfterTheUpgrade()
    {
        // As the previous version queued it: milliseconds, and only five of the limits.
        var source = Convert.ToBase64String(Encoding.UTF8.GetBytes("print('start', flush=True)\nb = bytearray(160 * 1024 * 1024)\nprint('allocated')\n"));
        var request = """{"language":"python3","files":[{"name":"main.py","content":"SOURCE"}],"stdin":null,"args":[],"compilerFlags":[],"""
            .Replace("SOURCE", source, StringComparison.Ordinal) +
            """ "limits":{"cpuTimeMs":2000,"wallTimeMs":7000,"memoryBytes":67108864,"processes":64,"outputBytes":16777216}}""";
        await using (var store = StoreFactory.Create(new StoreOptions(), _data))
        {
            await store.MigrateAsync(TestContext.Current.CancellationToken);
            await store.AddSubmissionsAsync([new NewSubmission("old-shape-1", "OLDSH", SubmissionKind.Run, "python3", null, request, null, 0, null, DateTimeOffset.UtcNow)],
                TestContext.Current.CancellationToken);
        }

        await using var service = await ServerProcess.StartAsync(_data);
        var finished = await service.WaitFinishedAsync("old-shape-1");

        // 160 MiB fits the default 256 MiB; only the stored 64 MiB stops it.
        var run = finished.GetProperty("result").GetProperty("run");
        Assert.Equal("start\n", run.GetProperty("stdout").GetString());
        Assert.Equal("MLE", run.GetProperty("status").GetString());
    }
}

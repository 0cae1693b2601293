using System.Net.Http.Json;
using System.Text.Json;
using Arbiter.Autoscaling.Actuators;
using Arbiter.Autoscaling.Control;
using Arbiter.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arbiter.Autoscaling.Tests.Actuators;

/// <summary>
/// The local actuator for real: an API process and the worker processes it starts share a real
/// PostgreSQL; jobs run in the real sandbox. Scaling up starts workers that become ready; scaling
/// down while they hold jobs drains one (it finishes what it holds) and stops it; no job is lost
/// or run twice; disposing stops every worker.
/// </summary>
public sealed class LocalProcessActuatorTests() : PostgresProcessTests("arbiter-autoscale-test-")
{
    private static readonly WorkerPool Pool = new("py", ["python3"]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScaleUpThenDownUnderLoad_StartsDrainsAndStopsWorkers_AndLosesNoJob()
    {
        var database = await Postgres.CreateDatabaseAsync(Ct);
        var environment = new Dictionary<string, string>
        {
            ["ARBITER__STORAGE__PROVIDER"] = "postgres",
            ["ARBITER__STORAGE__CONNECTIONSTRING"] = Postgres.ConnectionString(database),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var api = await ServerProcess.StartAsync(NewDirectory(), "api", environment);
        await using var store = StoreFactory.Create(
            new StoreOptions { Provider = "postgres", ConnectionString = environment["ARBITER__STORAGE__CONNECTIONSTRING"] },
            NewDirectory());
        var actuator = new LocalProcessActuator(new LocalActuatorOptions
        {
            Command = new WorkerCommand(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "arbiter.dll")),
            Environment = environment,
            SlotsPerWorker = 1,
            DataDirectory = NewDirectory(),
        }, store, TimeProvider.System, NullLogger.Instance);
        int[] started;
        var startTimes = new Dictionary<int, string>();
        bool Alive(int processId) => StartTime(processId) == startTimes[processId];
        await using (actuator)
        {
            await actuator.ScaleAsync(Pool, 2, Ct);
            await WaitUntilAsync(async () => (await actuator.GetAsync(Pool, Ct)).Ready == 2);
            started = [.. actuator.ProcessIds(Pool)];
            foreach (var id in started)
            {
                startTimes[id] = StartTime(id)!;
            }
            Assert.Equal(2, started.Length);
            Assert.Equal(2, actuator.StartupSeconds.Count);
            Assert.All(started, id => Assert.Contains("DOTNET_TieredPGO=0", File.ReadAllText($"/proc/{id}/environ").Split('\0')));

            // Six jobs of six seconds each: both workers busy when one is asked to go, for long
            // enough that their heartbeats (which carry the running count) report it.
            var ids = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                using var response = await api.Http.PostAsJsonAsync(
                    "/api/v1/submissions",
                    new { language = "python3", source = $"import time\ntime.sleep(6)\nprint({i})\n", limits = new { wallTimeMs = 30000 } },
                    Ct);
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);
            }

            await WaitUntilAsync(async () => (await store.ListWorkersAsync(Ct)).Count(w => w.RunningJobs > 0) == 2);
            await actuator.ScaleAsync(Pool, 1, Ct);
            Assert.Equal(new ReplicaCounts(1, 1, 0, 1, actuator.StartupSeconds.TakeLast(10).Average()), await actuator.GetAsync(Pool, Ct));

            for (var i = 0; i < ids.Count; i++)
            {
                var finished = await api.WaitFinishedAsync(ids[i], TimeSpan.FromSeconds(180));
                Assert.Equal("Judged", finished.GetProperty("status").GetString());
                Assert.Equal($"{i}\n", finished.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
                Assert.Equal(1, finished.GetProperty("attempts").GetInt32()); // never taken from a worker mid-run
            }

            await WaitUntilAsync(async () => (await actuator.GetAsync(Pool, Ct)).Draining == 0);
            var left = actuator.ProcessIds(Pool);
            Assert.Single(left);
            Assert.False(Alive(started.Single(id => id != left[0])));
            var drained = (await store.ListWorkersAsync(Ct)).Single(w => w.ProcessId != left[0]);
            Assert.True(drained.StopRequested); // it went through the drain switch, not a signal
        }

        Assert.All(started, id => Assert.False(Alive(id)));
    }

    /// <summary>A process's start time (clock ticks after boot), null when it is gone: with the
    /// machine busy, a process id can be reused by another process within the test's minutes.</summary>
    private static string? StartTime(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return state[0] == "Z" ? null : state[19]; // fields 3 (state) and 22 (starttime)
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(4));
        while (!await condition())
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Arbiter.Server.Tests;

/// <summary>
/// An API process and a worker process over a real PostgreSQL, with both fallback polls an hour
/// long: a <c>?wait=true</c> submission can then only be answered with its result if the queued
/// notification woke the worker and the finished notification woke the waiting request.
/// </summary>
public sealed class CrossProcessWakeUpTests : IAsyncLifetime
{
    private const string Listeners =
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle' AND query LIKE 'LISTEN%'";

    private readonly PostgresServer _postgres = new();
    private readonly List<string> _directories = [];
    private string _database = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _database = await _postgres.CreateDatabaseAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _postgres.DisposeAsync();
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task WaitingSubmission_ApiAndWorkerApart_IsWokenByNotificationsNotPolls()
    {
        await using var api = await StartAsync("api");
        await using var worker = await StartAsync("worker");
        await ListenersAsync(count: 2, except: []);

        await AssertRunsWhileWaitingAsync(api);
    }

    [Fact]
    public async Task Listener_ConnectionTerminated_ReconnectsAndWakesAgain()
    {
        await using var api = await StartAsync("api");
        await using var worker = await StartAsync("worker");
        var before = await ListenersAsync(count: 2, except: []);

        await using (var connection = await OpenAsync())
        await using (var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM (" + Listeners + ") l", connection))
        {
            await terminate.ExecuteNonQueryAsync(Ct);
        }

        await ListenersAsync(count: 2, except: before);
        await AssertRunsWhileWaitingAsync(api);
    }

    private static async Task AssertRunsWhileWaitingAsync(ServerProcess api)
    {
        using var response = await api.Http.PostAsJsonAsync("/api/v1/submissions?wait=true", new
        {
            language = "python3",
            source = "print('woken')\n",
        }, Ct);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("Judged", body.GetProperty("status").GetString());
        Assert.Equal("woken\n", body.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
    }

    /// <summary>Waits until exactly <paramref name="count"/> connections listen, none of them
    /// one of <paramref name="except"/>; returns their backend pids.</summary>
    private async Task<List<int>> ListenersAsync(int count, IReadOnlyCollection<int> except)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var pids = new List<int>();
            await using (var connection = await OpenAsync())
            await using (var command = new NpgsqlCommand(Listeners, connection))
            await using (var reader = await command.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    pids.Add(reader.GetInt32(0));
                }
            }

            if (pids.Count == count && !pids.Intersect(except).Any())
            {
                return pids;
            }

            Assert.True(DateTime.UtcNow < deadline, $"listeners: {string.Join(", ", pids)}");
            await Task.Delay(50, Ct);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_postgres.ConnectionString(_database));
        await connection.OpenAsync(Ct);
        return connection;
    }

    private Task<ServerProcess> StartAsync(string role)
    {
        var directory = Directory.CreateTempSubdirectory("arbiter-wake-").FullName;
        _directories.Add(directory);
        return ServerProcess.StartAsync(directory, role, new Dictionary<string, string>
        {
            ["ARBITER__STORAGE__PROVIDER"] = "postgres",
            ["ARBITER__STORAGE__CONNECTIONSTRING"] = _postgres.ConnectionString(_database),
            ["ARBITER__SERVER__IDLEPOLLMILLISECONDS"] = "3600000",
            ["ARBITER__SERVER__WAITPOLLMILLISECONDS"] = "3600000",
            ["ARBITER__SERVER__MAXWAITSECONDS"] = "120",
        });
    }
}

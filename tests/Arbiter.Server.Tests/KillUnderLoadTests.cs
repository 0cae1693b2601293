using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Arbiter.Server.Tests;

/// <summary>
/// kill -9 of the service while clients are submitting and jobs are running, then a restart on
/// the same data. Clients retry what got no answer with the same Idempotency-Key, as a careful
/// client does. Every request ends up with exactly one submission, every submission is judged
/// exactly once: none lost, none stuck, none duplicated.
/// </summary>
public sealed class KillUnderLoadTests : IDisposable
{
    private const int Requests = 60;
    private const int KillAfter = 25;

    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-kill-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task KilledUnderSubmissions_AfterRestart_NothingIsLostStuckOrDuplicated()
    {
        var settings = new Dictionary<string, string> { ["ARBITER__SERVER__LEASESECONDS"] = "5", ["ARBITER__SERVER__LOADSAMPLEPROBLEMS"] = "false" };
        var keys = Enumerable.Range(0, Requests).Select(_ => Guid.NewGuid().ToString()).ToList();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var unanswered = 0;

        var first = await ServerProcess.StartAsync(_data, environment: settings);
        try
        {
            // Four clients at once; the server dies under them once 25 were accepted.
            var next = -1;
            var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < Requests)
                {
                    if (await TrySubmitAsync(first, keys[i], i) is { } id)
                    {
                        lock (ids)
                        {
                            ids[keys[i]] = id;
                            if (ids.Count == KillAfter)
                            {
                                first.Kill();
                            }
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref unanswered);
                    }
                }
            }, Token)).ToList();
            await Task.WhenAll(clients);
        }
        finally
        {
            await first.DisposeAsync();
        }

        Assert.True(unanswered > 0, "the kill came after the last request: the test did not test");
        await using var second = await ServerProcess.StartAsync(_data, environment: settings);
        for (var i = 0; i < Requests; i++)
        {
            // Retried with the same key: the first answer's submission if it was stored, else a new one.
            var id = await TrySubmitAsync(second, keys[i], i) ?? throw new InvalidOperationException($"request {i} failed after the restart");
            if (ids.TryGetValue(keys[i], out var before))
            {
                Assert.Equal(before, id);
            }

            ids[keys[i]] = id;
        }

        var finished = await StoreFaultTests.WaitAllFinishedAsync(second, [.. ids.Values], TimeSpan.FromSeconds(100));
        var statuses = finished.GroupBy(s => s.GetProperty("status").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        TestContext.Current.TestOutputHelper?.WriteLine($"{Requests} requests, {KillAfter} accepted before the kill, {unanswered} unanswered, " +
            $"statuses {string.Join(", ", statuses)}");

        Assert.Equal(Requests, ids.Values.Distinct().Count());
        Assert.Equal(Requests, await CountStoredAsync());
        Assert.All(finished, s => Assert.Equal("Judged", s.GetProperty("status").GetString()));
        Assert.All(finished, s => Assert.Single(s.GetProperty("history").EnumerateArray(), h => h.GetProperty("status").GetString() == "Judged"));
        Assert.Equal(
            Enumerable.Range(0, Requests).Select(i => $"{i}\n"),
            keys.Select(k => finished.Single(s => s.GetProperty("id").GetString() == ids[k]))
                .Select(s => s.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString()));
    }

    /// <summary>The submission's id, or null when the server gave no answer (it died).</summary>
    private static async Task<string?> TrySubmitAsync(ServerProcess server, string key, int index)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions")
            {
                Content = JsonContent.Create(new { language = "python3", source = $"import time\ntime.sleep(0.1)\nprint({index})" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await server.Http.SendAsync(request, Token);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task<long> CountStoredAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "arbiter.db")};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync(Token);
        await using var command = new SqliteCommand("SELECT COUNT(*) FROM submissions", connection);
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }
}

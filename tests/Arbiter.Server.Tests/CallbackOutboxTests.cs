using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>Callbacks owed are kept in the store, not in a process: a delivery still failing
/// when the service dies is made by the next process on the same data. (The schedule itself —
/// the configured attempts, each after its backoff — is pinned on a fake clock by
/// <see cref="Callbacks.CallbackScheduleTests"/>.)</summary>
public sealed class CallbackOutboxTests : IDisposable
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-outbox-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Callback_StillOwedWhenTheServiceIsKilled_IsDeliveredAfterTheRestart()
    {
        var port = HookListener.FreePort(); // nobody listens yet: every attempt is refused
        var settings = new Dictionary<string, string> { ["ARBITER__SERVER__CALLBACKATTEMPTS"] = "20", [LoopbackCallbacks.Setting] = LoopbackCallbacks.Range };
        string id;
        await using (var first = await ServerProcess.StartAsync(_data, environment: settings))
        {
            id = await SubmitAsync(first, new Uri($"http://127.0.0.1:{port}/hook"));
            await first.WaitFinishedAsync(id);
            await WaitForAsync(first, id, callbacks => callbacks.GetArrayLength() >= 1 && !callbacks[0].GetProperty("delivered").GetBoolean());
            first.Kill();
        }

        using var listener = new HookListener(port);
        var received = listener.ReceiveAsync(failFirst: 0, Token);
        await using var second = await ServerProcess.StartAsync(_data, environment: settings);

        var body = JsonDocument.Parse(await received.WaitAsync(TimeSpan.FromSeconds(90), Token)).RootElement;
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("42\n", body.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        var callbacks = await WaitForAsync(second, id, c => c.EnumerateArray().Any(a => a.GetProperty("delivered").GetBoolean()));
        var attempts = callbacks.EnumerateArray().ToList();
        Assert.True(attempts.Count >= 2, $"expected failed attempts before the restart, got {callbacks}");
        Assert.Single(attempts, a => a.GetProperty("delivered").GetBoolean());
        Assert.True(attempts[^1].GetProperty("delivered").GetBoolean());
        Assert.Equal(Enumerable.Range(1, attempts.Count), attempts.Select(a => a.GetProperty("attempt").GetInt32()));
    }

    private static async Task<string> SubmitAsync(ServerProcess server, Uri callback)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(6 * 7)", callbackUrl = callback }, Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;
    }

    /// <summary>Polls the submission's callback attempts until <paramref name="done"/> holds.</summary>
    private static async Task<JsonElement> WaitForAsync(ServerProcess server, string id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var callbacks = (await server.GetJsonAsync($"/api/v1/submissions/{id}")).GetProperty("callbacks");
            if (done(callbacks))
            {
                return callbacks;
            }

            Assert.True(DateTime.UtcNow < deadline, $"callbacks of {id} never got there: {callbacks}");
            await Task.Delay(100, Token);
        }
    }
}

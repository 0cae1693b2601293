using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>Webhooks: the finished submission is POSTed to its callback URL; a listener that
/// fails first gets retried, and every attempt is recorded.</summary>
[Collection(SharedService.Name)]
public sealed class CallbackTests(ServiceFixture fixture)
{
    [Fact]
    public async Task Callback_ListenerFailingOnce_IsRetriedAndGetsTheResult()
    {
        using var listener = new HookListener();
        var received = listener.ReceiveAsync(failFirst: 1, TestContext.Current.CancellationToken);

        using var response = await fixture.Server.Http.PostAsJsonAsync("/api/v1/submissions",
            new { language = "python3", source = "print(6 * 7)", callbackUrl = listener.Url }, TestContext.Current.CancellationToken);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;

        var body = await received.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var delivered = JsonDocument.Parse(body).RootElement;
        Assert.Equal(id, delivered.GetProperty("id").GetString());
        Assert.Equal("42\n", delivered.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());

        // An attempt is recorded (claimed) before its POST and marked delivered after the answer,
        // so the listener can have the body while the record still says "in progress".
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement callbacks;
        do
        {
            callbacks = (await fixture.Server.GetJsonAsync($"/api/v1/submissions/{id}")).GetProperty("callbacks");
        }
        while ((callbacks.GetArrayLength() < 2 || !callbacks[1].GetProperty("delivered").GetBoolean()) && DateTime.UtcNow < deadline);

        Assert.Equal([false, true], callbacks.EnumerateArray().Select(c => c.GetProperty("delivered").GetBoolean()));
        Assert.Equal(500, callbacks[0].GetProperty("httpStatus").GetInt32());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
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
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ServeAsync(listener, failFirst: 1);

        using var response = await fixture.Server.Http.PostAsJsonAsync("/api/v1/submissions",
            new { language = "python3", source = "print(6 * 7)", callbackUrl = $"http://127.0.0.1:{port}/hook" }, TestContext.Current.CancellationToken);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;

        var body = await received.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var delivered = JsonDocument.Parse(body).RootElement;
        Assert.Equal(id, delivered.GetProperty("id").GetString());
        Assert.Equal("42\n", delivered.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());

        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement callbacks;
        do
        {
            callbacks = (await fixture.Server.GetJsonAsync($"/api/v1/submissions/{id}")).GetProperty("callbacks");
        }
        while (callbacks.GetArrayLength() < 2 && DateTime.UtcNow < deadline);

        Assert.Equal([false, true], callbacks.EnumerateArray().Select(c => c.GetProperty("delivered").GetBoolean()));
        Assert.Equal(500, callbacks[0].GetProperty("httpStatus").GetInt32());
    }

    /// <summary>A minimal HTTP listener: answers 500 to the first <paramref name="failFirst"/>
    /// requests, then 200, and returns the body it accepted.</summary>
    private static async Task<string> ServeAsync(TcpListener listener, int failFirst)
    {
        for (var request = 0; ; request++)
        {
            using var client = await listener.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8);
            var length = 0;
            while (await reader.ReadLineAsync() is { Length: > 0 } header)
            {
                if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(header[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var buffer = new char[length];
            var read = 0;
            while (read < length)
            {
                read += await reader.ReadAsync(buffer.AsMemory(read));
            }

            var status = request < failFirst ? "500 Internal Server Error" : "200 OK";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            if (request >= failFirst)
            {
                return new string(buffer);
            }
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Arbiter.Server.Callbacks;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Tests;

/// <summary>
/// Callbacks stay off the service's own network (SSRF): addresses that are loopback, private,
/// link-local, CGNAT, multicast, reserved or unspecified are refused by default — written out
/// (refused at submission), behind a name (refused when the worker connects, after DNS) and
/// behind a redirect — unless <c>Callbacks:AllowedHosts</c> or <c>:AllowedRanges</c> let them.
/// </summary>
public sealed class CallbackAddressTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-ssrf-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.45.6.7", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("100.64.0.1", "shared (CGNAT)")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    public void Policy_ByDefault_RefusesInsideAddresses(string address, string kind)
    {
        var refusal = Policy().WhyRefused("example.org", IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Contains($"a {kind} address", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("100.128.0.1")]
    public void Policy_ByDefault_LetsPublicAddressesThrough(string address) =>
        Assert.Null(Policy().WhyRefused("example.org", IPAddress.Parse(address)));

    [Fact]
    public void Policy_AllowedHostsAndRanges_LetThemThrough_AndBlockedRangesRefuseMore()
    {
        var options = new CallbackOptions { AllowedHosts = { "grades.internal." }, AllowedRanges = { "10.1.0.0/16, 127.0.0.1" }, BlockedRanges = { "203.0.113.0/24" } };
        var policy = Policy(options);

        Assert.Null(policy.WhyRefused("GRADES.internal", IPAddress.Parse("10.9.9.9")));
        Assert.Null(policy.WhyRefused("x", IPAddress.Parse("10.1.200.3")));
        Assert.Null(policy.WhyRefused("x", IPAddress.Parse("127.0.0.1")));
        Assert.NotNull(policy.WhyRefused("x", IPAddress.Parse("127.0.0.2")));
        Assert.NotNull(policy.WhyRefused("x", IPAddress.Parse("10.2.0.1")));
        Assert.Contains("configured as blocked", policy.WhyRefused("x", IPAddress.Parse("203.0.113.9")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_ToAnAddressWrittenOut_IsRefusedAtSubmission()
    {
        await using var server = await ServerProcess.StartAsync(_data);

        using var response = await server.Http.PostAsJsonAsync(
            "/api/v1/submissions",
            new { language = "python3", source = "print(1)", callbackUrl = "http://169.254.169.254/latest/meta-data/" },
            Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("link-local", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_ToANameThatResolvesToLoopback_IsRefusedWhenConnecting_AndNothingIsSent()
    {
        using var listener = new HookListener();
        _ = listener.ReceiveAsync(failFirst: 0, Token);
        await using var server = await ServerProcess.StartAsync(_data, environment: new Dictionary<string, string> { ["ARBITER__SERVER__CALLBACKATTEMPTS"] = "1" });

        var id = await SubmitAsync(server, $"http://localhost:{listener.Port}/hook");
        var attempt = await FirstAttemptAsync(server, id);

        Assert.False(attempt.GetProperty("delivered").GetBoolean());
        Assert.Contains("loopback", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, listener.Requests);
    }

    [Fact]
    public async Task Callback_AllowedHost_IsDelivered()
    {
        using var listener = new HookListener();
        var received = listener.ReceiveAsync(failFirst: 0, Token);
        await using var server = await ServerProcess.StartAsync(_data, environment: new Dictionary<string, string> { ["ARBITER__CALLBACKS__ALLOWEDHOSTS__0"] = "localhost" });

        var id = await SubmitAsync(server, $"http://localhost:{listener.Port}/hook");

        Assert.Equal(id, JsonDocument.Parse(await received.WaitAsync(TimeSpan.FromSeconds(60), Token)).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Callback_RedirectedToARefusedAddress_IsNotFollowedThere()
    {
        using var inside = new HookListener(IPAddress.Parse("127.0.0.2"));
        _ = inside.ReceiveAsync(failFirst: 0, Token);
        using var redirector = new TcpListener(IPAddress.Loopback, 0);
        redirector.Start();
        var redirects = RedirectAsync(redirector, $"http://127.0.0.2:{inside.Port}/hook");
        // 127.0.0.1 is allowed (the receiver the submitter named); 127.0.0.2 is not.
        await using var server = await ServerProcess.StartAsync(_data, environment: new Dictionary<string, string>
        {
            [LoopbackCallbacks.Setting] = LoopbackCallbacks.Range,
            ["ARBITER__SERVER__CALLBACKATTEMPTS"] = "1",
        });

        var id = await SubmitAsync(server, $"http://127.0.0.1:{((IPEndPoint)redirector.LocalEndpoint).Port}/hook");
        var attempt = await FirstAttemptAsync(server, id);

        Assert.Equal(1, await redirects.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.False(attempt.GetProperty("delivered").GetBoolean());
        Assert.Contains("127.0.0.2 is a loopback address", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, inside.Requests);
    }

    private static CallbackAddressPolicy Policy(CallbackOptions? options = null) => new(Options.Create(options ?? new CallbackOptions()));

    /// <summary>Answers one request with 302 to <paramref name="location"/>; returns how many it answered.</summary>
    private static async Task<int> RedirectAsync(TcpListener listener, string location)
    {
        using var client = await listener.AcceptTcpClientAsync(Token);
        using var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        while (await reader.ReadLineAsync(Token) is { Length: > 0 })
        {
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), Token);
        return 1;
    }

    private static async Task<string> SubmitAsync(ServerProcess server, string callback)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", source = "print(6 * 7)", callbackUrl = callback }, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The first callback attempt once its answer is recorded.</summary>
    private static async Task<JsonElement> FirstAttemptAsync(ServerProcess server, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var callbacks = (await server.GetJsonAsync($"/api/v1/submissions/{id}")).GetProperty("callbacks");
            if (callbacks.GetArrayLength() > 0 && callbacks[0].GetProperty("error").GetString() is { } error && !error.StartsWith("in progress", StringComparison.Ordinal))
            {
                return callbacks[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"no answered callback attempt: {callbacks}");
            await Task.Delay(100, Token);
        }
    }
}

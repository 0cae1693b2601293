using System.Net;
using System.Net.Http.Json;

namespace Arbiter.Cli.Tests.Client;

/// <summary>
/// The one real <c>arbiter serve</c> the client tests talk to, set up as a course runs it:
/// anonymous access off, and no submission interval so tests never wait on the rate limit. Its
/// first user (the admin) signs up here, so every user a test signs up is a student.
/// </summary>
public sealed class ClientServer : IAsyncLifetime
{
    public const string Password = "correct horse battery";

    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-client-server-").FullName;
    private ServerProcess? _server;

    /// <summary>The server's URL as people type it (no trailing slash).</summary>
    public string Url => _server!.Address.ToString().TrimEnd('/');

    internal HttpClient Http => _server!.Http;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(_data, environment: new Dictionary<string, string>
        {
            ["ARBITER__SERVER__ANONYMOUS"] = "off",
            ["ARBITER__SERVER__SUBMISSIONINTERVALSECONDS"] = "0",
        });
        await SignUpAsync("teacher");
    }

    /// <summary>Signs up a user with <see cref="Password"/>.</summary>
    public async Task SignUpAsync(string name)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/auth/signup", new { name, password = Password }, TestContext.Current.CancellationToken);
        Assert.True(
            response.StatusCode == HttpStatusCode.Created,
            $"sign-up of {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }
}

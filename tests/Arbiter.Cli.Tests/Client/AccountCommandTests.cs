using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Arbiter.Cli.Tests.Client;

/// <summary><c>arbiter login</c>, <c>whoami</c> and <c>logout</c> against a real server, and how
/// every client command fails when it cannot sign in or reach the server.</summary>
[Collection(SharedClientServer.Name)]
public sealed class AccountCommandTests(ClientServer server) : ClientTest(server)
{
    [Fact]
    public async Task Login_PasswordOnStdin_StoresAnOwnerOnlyConfigWithAKeyThatWorks()
    {
        var name = NewName("login");
        await Server.SignUpAsync(name);

        var login = await RunWithInputAsync(ClientServer.Password + "\n", "login", "--server", Server.Url, "--user", name);

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains($"signed in to {Server.Url} as {name} (student)", login.StdoutText, StringComparison.Ordinal);
        Assert.Contains(ConfigPath, login.StdoutText, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(ConfigPath)!));
        Assert.Equal([Path.GetFileName(ConfigPath)], Directory.GetFiles(Path.GetDirectoryName(ConfigPath)!).Select(Path.GetFileName));
        using (var config = JsonDocument.Parse(File.ReadAllText(ConfigPath)))
        {
            Assert.Equal(Server.Url, config.RootElement.GetProperty("server").GetString());
            Assert.Equal(name, config.RootElement.GetProperty("user").GetString());
            Assert.StartsWith("arb_", config.RootElement.GetProperty("key").GetString(), StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StoredKey());
        using var response = await Server.Http.SendAsync(request, Token);
        var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;
        Assert.True(me.GetProperty("authenticated").GetBoolean(), me.ToString());
        Assert.Equal(name, me.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Login_NameAndPasswordBothFromStdin_SignsIn()
    {
        var name = NewName("piped");
        await Server.SignUpAsync(name);

        var login = await RunWithInputAsync($"{name}\n{ClientServer.Password}\n", "login", "--server", Server.Url);

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.True(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task Login_WrongPassword_FailsClearlyAndStoresNothing()
    {
        var name = NewName("wrongpw");
        await Server.SignUpAsync(name);

        var login = await RunWithInputAsync("not the password\n", "login", "--server", Server.Url, "--user", name);

        Assert.True(login.ExitCode == ExitCodes.NotSignedIn, login.ToString());
        Assert.Contains("the name or the password is wrong", login.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", login.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(ConfigPath)), "login stored something after a failed sign-in");
    }

    [Fact]
    public async Task Login_WithKey_ChecksTheKeyAndStoresIt_AndRefusesAKeyTheServerDoesNotKnow()
    {
        var name = await LoginAsync("keyed");
        var key = StoredKey();
        File.Delete(ConfigPath);

        var bogus = await RunAsync("login", "--server", Server.Url, "--key", "arb_" + new string('x', 43));
        Assert.True(bogus.ExitCode == ExitCodes.NotSignedIn, bogus.ToString());
        Assert.False(File.Exists(ConfigPath));

        var login = await RunAsync("login", "--server", Server.Url, "--key", key);
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains($"as {name}", login.StdoutText, StringComparison.Ordinal);
        Assert.Equal(key, StoredKey());
    }

    [Fact]
    public async Task WhoAmI_AfterLogin_ShowsTheServerTheUserAndTheRole()
    {
        var name = await LoginAsync("whoami");

        var whoami = await RunAsync("whoami");

        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Contains(Server.Url, whoami.StdoutText, StringComparison.Ordinal);
        Assert.Contains($"user    {name}", whoami.StdoutText, StringComparison.Ordinal);
        Assert.Contains("role    student", whoami.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_RevokesTheKeyAndForgetsIt_SoTheKeyNoLongerWorks()
    {
        await LoginAsync("logout");
        var key = StoredKey();

        var logout = await RunAsync("logout");

        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Contains("revoked", logout.StdoutText, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
        var whoami = await RunAsync("whoami", "--server", Server.Url, "--key", key);
        Assert.True(whoami.ExitCode == ExitCodes.NotSignedIn, whoami.ToString());
        Assert.Contains($"run arbiter login --server {Server.Url}", whoami.Stderr, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/problems");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Server.Http.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ServerAndKeyFromTheEnvironment_WorkWithoutAConfigFile()
    {
        var name = await LoginAsync("environ");
        var key = StoredKey();
        File.Delete(ConfigPath);

        var whoami = await RunAsync("", new Dictionary<string, string> { ["ARBITER_SERVER"] = Server.Url, ["ARBITER_KEY"] = key }, "whoami");

        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Contains($"user    {name}", whoami.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotSignedIn_EveryClientCommandSaysToRunLogin()
    {
        var noServer = await RunAsync("whoami");
        Assert.True(noServer.ExitCode == ExitCodes.NotSignedIn, noServer.ToString());
        Assert.Contains("run arbiter login --server URL", noServer.Stderr, StringComparison.Ordinal);

        foreach (var command in new[] { "whoami", "problems", "attempts" })
        {
            var run = await RunAsync(command, "--server", Server.Url);
            Assert.True(run.ExitCode == ExitCodes.NotSignedIn, run.ToString());
            Assert.StartsWith($"arbiter {command}: not signed in: run arbiter login --server {Server.Url}", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnreachableServer_IsOneClearLineAndItsOwnExitCode()
    {
        // A port that was free a moment ago: nothing listens there.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        foreach (var arguments in new[] { new[] { "problems" }, ["whoami"], ["submit", SumSubmission("accepted", "sum.py"), "--problem", "sum", "--language", "python3"] })
        {
            var run = await RunAsync([.. arguments, "--server", $"http://127.0.0.1:{port}", "--key", "arb_" + new string('x', 43)]);

            Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
            Assert.StartsWith($"arbiter {arguments[0]}: cannot reach the server at http://127.0.0.1:{port}", run.Stderr, StringComparison.Ordinal);
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }
}

using System.Text.Json;

namespace Arbiter.Cli.Tests.Client;

/// <summary>
/// A client test: its own home with its own config file (ARBITER_CONFIG), and the real CLI run
/// as a process against the shared server, with stdin piped in as a script would.
/// </summary>
public abstract class ClientTest(ClientServer server) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("arbiter-client-");

    protected ClientServer Server { get; } = server;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected string Home => _home.FullName;

    /// <summary>In a directory the CLI has to create, so its mode can be checked too.</summary>
    protected string ConfigPath => Path.Combine(Home, "arbiter", "config.json");

    public void Dispose()
    {
        _home.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A user name no other test uses.</summary>
    protected static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Signs up a new user and logs the CLI in as them; returns the user name.</summary>
    private protected async Task<string> LoginAsync(string prefix)
    {
        var name = NewName(prefix);
        await Server.SignUpAsync(name);
        var login = await RunWithInputAsync(ClientServer.Password + "\n", "login", "--server", Server.Url, "--user", name);
        Assert.True(login.ExitCode == 0, login.ToString());
        return name;
    }

    private protected string StoredKey()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(ConfigPath));
        return config.RootElement.GetProperty("key").GetString()!;
    }

    private protected Task<CliRun> RunAsync(params string[] arguments) => RunWithInputAsync("", arguments);

    private protected Task<CliRun> RunWithInputAsync(string stdin, params string[] arguments) => RunAsync(stdin, new Dictionary<string, string>(), arguments);

    private protected async Task<CliRun> RunAsync(string stdin, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        // Only this test's config; nothing from the environment the tests run in.
        var settings = new Dictionary<string, string> { ["ARBITER_CONFIG"] = ConfigPath, ["ARBITER_SERVER"] = "", ["ARBITER_KEY"] = "" };
        foreach (var (name, value) in environment)
        {
            settings[name] = value;
        }

        return await Cli.RunAsync(Timeout, stdin, settings, arguments);
    }

    /// <summary>A file of the sample problem <c>sum</c>'s example submissions.</summary>
    protected static string SumSubmission(string folder, string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Arbiter.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "problems", "sum", "submissions", folder, file);
    }
}

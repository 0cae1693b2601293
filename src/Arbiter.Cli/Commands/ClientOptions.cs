using System.CommandLine;
using Arbiter.Cli.Client;

namespace Arbiter.Cli.Commands;

/// <summary>
/// What the client commands share: <c>--server</c> and <c>--key</c> (or ARBITER_SERVER and
/// ARBITER_KEY) over the login in the config file, and one place that turns a
/// <see cref="ClientException"/> into a line on stderr and its exit code. The stored key is only
/// ever sent to the server it was created for.
/// </summary>
internal sealed class ClientOptions
{
    public Option<string?> Server { get; } = new("--server") { Description = "The Arbiter server's URL (default: ARBITER_SERVER, else the one you logged in to)." };

    public Option<string?> Key { get; } = new("--key") { Description = "An API key to use (default: ARBITER_KEY, else the one stored by arbiter login)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Key);
    }

    /// <summary>The server and key to use: flags, then the environment, then the config file.</summary>
    public ClientConnection Resolve(ParseResult parse)
    {
        var path = ClientConfig.DefaultPath();
        var config = ClientConfig.Load(path);
        var serverText = parse.GetValue(Server) ?? FromEnvironment("ARBITER_SERVER") ?? config?.Server;
        if (serverText is null)
        {
            throw new ClientException("not signed in: run arbiter login --server URL (or pass --server URL)", ExitCodes.NotSignedIn);
        }

        var server = ArbiterClient.ParseServer(serverText);
        var stored = config is not null && ArbiterClient.ParseServer(config.Server) == server ? config : null;
        var key = parse.GetValue(Key) ?? FromEnvironment("ARBITER_KEY") ?? stored?.Key;
        return new ClientConnection(server, key, path, stored);
    }

    /// <summary>An environment variable, or null when unset or empty.</summary>
    public static string? FromEnvironment(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>Runs <paramref name="action"/> for <paramref name="command"/>, reporting a
    /// <see cref="ClientException"/> as "arbiter NAME: reason" with its exit code.</summary>
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken);
            }
            catch (ClientException e)
            {
                await Console.Error.WriteLineAsync($"arbiter {command.Name}: {e.Message}");
                return e.ExitCode;
            }
        });
}

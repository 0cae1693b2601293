using Arbiter.Cli.Client;

namespace Arbiter.Cli.Commands;

/// <summary>Where a client command goes and as whom: the server, the key (null: anonymous),
/// the config file's path, and its login when that login is for this server.</summary>
internal sealed record ClientConnection(Uri Server, string? Key, string ConfigPath, ClientConfig? Stored)
{
    public string ServerText => ServerError.Display(Server);

    public ArbiterClient Open() => new(Server, Key);
}

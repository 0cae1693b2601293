using System.CommandLine;
using System.Net;
using Arbiter.Cli.Client;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter logout</c>: revokes the stored API key on the server (when it can be
/// reached) and removes it from the config file. A key that could not be revoked is named, so
/// it can be revoked later.</summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var logout = new Command("logout", "Revoke the stored API key on the server and forget it.");
        options.AddTo(logout);
        ClientOptions.SetAction(logout, async (parse, cancellationToken) =>
        {
            var path = ClientConfig.DefaultPath();
            if (ClientConfig.Load(path) is null && parse.GetValue(options.Server) is null && parse.GetValue(options.Key) is null)
            {
                await Console.Out.WriteLineAsync("not signed in; nothing to do");
                return ExitCodes.Ok;
            }

            var connection = options.Resolve(parse);
            if (connection.Key is not { } key)
            {
                await Console.Out.WriteLineAsync($"not signed in to {connection.ServerText}; nothing to do");
                return ExitCodes.Ok;
            }

            await Console.Out.WriteLineAsync(await RevokeAsync(connection, key, cancellationToken));
            if (connection.Stored?.Key == key)
            {
                ClientConfig.Delete(connection.ConfigPath);
                await Console.Out.WriteLineAsync($"removed the login from {connection.ConfigPath}");
            }

            return ExitCodes.Ok;
        });
        return logout;
    }

    /// <summary>What became of the key on the server, in a sentence.</summary>
    private static async Task<string> RevokeAsync(ClientConnection connection, string key, CancellationToken cancellationToken)
    {
        using var client = connection.Open();
        var shown = ClientConfig.Shown(key);
        try
        {
            // The id login stored, else the one the server names for this key, else the key list's.
            var id = connection.Stored?.Key == key ? connection.Stored.KeyId : null;
            id ??= (await client.GetAsync("api/v1/whoami", cancellationToken)).Text("keyId");
            id ??= await ApiKeyIds.FindAsync(client, key, cancellationToken);
            if (id is null)
            {
                return $"the server at {connection.ServerText} does not list the key {shown}; it was not revoked";
            }

            await client.DeleteAsync($"api/v1/keys/{Uri.EscapeDataString(id)}", cancellationToken);
            return $"revoked the API key {shown} on {connection.ServerText}";
        }
        catch (ClientException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound)
        {
            return $"the API key {shown} no longer works on {connection.ServerText} (already revoked)";
        }
        catch (ClientException e) when (e.ExitCode is ExitCodes.Unreachable or ExitCodes.RateLimited)
        {
            await Console.Error.WriteLineAsync($"arbiter logout: could not revoke the API key {shown}, which keeps working until it is revoked: {e.Message}");
            return $"the API key {shown} was not revoked";
        }
    }
}

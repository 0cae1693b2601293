using System.CommandLine;
using Arbiter.Cli.Client;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter whoami</c>: the server, the user and their role. A key the server no
/// longer accepts is "not signed in", never a quiet anonymous answer.</summary>
internal static class WhoAmICommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var whoami = new Command("whoami", "Show the server, your user name and your role.");
        options.AddTo(whoami);
        ClientOptions.SetAction(whoami, async (parse, cancellationToken) =>
        {
            var connection = options.Resolve(parse);
            using var client = connection.Open();
            var me = await client.GetAsync("api/v1/whoami", cancellationToken);
            var signedIn = me.Flag("authenticated");
            if (!signedIn && (connection.Key is not null || me.Text("role") is null))
            {
                // The server answers whoami for anyone; a refused key shows as not authenticated.
                var why = connection.Key is null ? "not signed in" : "not signed in (the server refused the API key: it is unknown or was revoked)";
                throw new ClientException($"{why}: run arbiter login --server {connection.ServerText}", ExitCodes.NotSignedIn);
            }

            await Console.Out.WriteLineAsync($"server  {connection.ServerText}");
            if (signedIn)
            {
                await Console.Out.WriteLineAsync($"user    {me.Text("name")}");
                await Console.Out.WriteLineAsync($"role    {me.Text("role")}");
                await Console.Out.WriteLineAsync($"via     {(me.Text("via") == "ApiKey" && connection.Key is { } key ? $"API key {ClientConfig.Shown(key)}" : me.Text("via"))}");
            }
            else
            {
                await Console.Out.WriteLineAsync("user    (anonymous: not signed in)");
                await Console.Out.WriteLineAsync($"role    {me.Text("role")} (what this server lets anonymous callers do)");
            }

            return ExitCodes.Ok;
        });
        return whoami;
    }
}

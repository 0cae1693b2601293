using System.CommandLine;
using System.Net;
using Arbiter.Cli.Client;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter login --server URL [--user NAME] [--key KEY]</c>: stores an API key for the
/// server in the config file. With <c>--key</c> the key is checked (whoami) and stored; otherwise
/// the user signs in with a password and a new key named "arbiter CLI on HOST" is created with
/// that session, so the password itself is never stored.
/// </summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var server = new Option<string?>("--server")
        {
            Description = "The Arbiter server's URL, like http://127.0.0.1:5180 (default: ARBITER_SERVER, else the one you logged in to before).",
        };
        var user = new Option<string?>("--user") { Description = "Your user name (asked for when not given)." };
        var key = new Option<string?>("--key") { Description = "Store this API key (checked first) instead of signing in with a password." };
        var login = new Command("login", "Sign in to an Arbiter server and store an API key for the other client commands.") { server, user, key };
        ClientOptions.SetAction(login, async (parse, cancellationToken) =>
        {
            var path = ClientConfig.DefaultPath();
            var earlier = ClientConfig.Load(path);
            var serverText = parse.GetValue(server) ?? ClientOptions.FromEnvironment("ARBITER_SERVER") ?? earlier?.Server
                ?? throw new ClientException("which server? pass --server URL", ExitCodes.Usage);
            var address = ArbiterClient.ParseServer(serverText);
            var (secret, keyId) = parse.GetValue(key) is { } given
                ? (given.Trim(), (string?)null)
                : await CreateKeyAsync(address, parse.GetValue(user), cancellationToken);

            using var client = new ArbiterClient(address, secret);
            var me = await client.GetAsync("api/v1/whoami", cancellationToken);
            if (!me.Flag("authenticated"))
            {
                throw new ClientException($"the server at {ServerError.Display(address)} does not accept this API key (unknown or revoked)", ExitCodes.NotSignedIn);
            }

            keyId ??= me.Text("keyId");
            if (keyId is null)
            {
                try
                {
                    keyId = await ApiKeyIds.FindAsync(client, secret, cancellationToken);
                }
                catch (ClientException)
                {
                    // Only logout needs the id, and it looks again.
                }
            }

            var name = me.Text("name");
            try
            {
                new ClientConfig(ServerError.Display(address), secret, name, keyId).Save(path);
            }
            catch (ClientException) when (parse.GetValue(key) is null && keyId is not null)
            {
                // A key nobody can use any more must not stay valid on the server.
                await ApiKeyIds.TryRevokeAsync(client, keyId, cancellationToken);
                throw;
            }

            await Console.Out.WriteLineAsync($"signed in to {ServerError.Display(address)} as {name} ({me.Text("role")}); API key {ClientConfig.Shown(secret)} stored in {path}");
            if (earlier is not null && earlier.Key != secret && earlier.KeyId is { } earlierId && ArbiterClient.ParseServer(earlier.Server) == address
                && await ApiKeyIds.TryRevokeAsync(client, earlierId, cancellationToken))
            {
                await Console.Out.WriteLineAsync($"revoked the key it replaces, {ClientConfig.Shown(earlier.Key)}");
            }

            return ExitCodes.Ok;
        });
        return login;
    }

    /// <summary>Signs in with a password (a cookie session), creates a key with it, and signs
    /// the session out again: only the key outlives the command.</summary>
    private static async Task<(string Key, string? Id)> CreateKeyAsync(Uri server, string? user, CancellationToken cancellationToken)
    {
        var name = user ?? Prompt.Line("User name: ");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ClientException("no user name given", ExitCodes.Usage);
        }

        var password = Prompt.Secret($"Password for {name.Trim()} at {ServerError.Display(server)}: ");
        if (string.IsNullOrEmpty(password))
        {
            throw new ClientException("no password given", ExitCodes.Usage);
        }

        using var session = new ArbiterClient(server, key: null, new CookieContainer());
        try
        {
            await session.PostAsync("api/v1/auth/login", new { name = name.Trim(), password }, cancellationToken);
        }
        catch (ClientException e) when (e.Status == HttpStatusCode.Unauthorized)
        {
            throw new ClientException("sign-in failed: the name or the password is wrong", ExitCodes.NotSignedIn);
        }

        // A change made with a session needs the anti-forgery token (servers without one answer 404).
        try
        {
            var antiforgery = await session.GetAsync("api/v1/auth/antiforgery", cancellationToken);
            if (antiforgery.Text("token") is { } token)
            {
                session.AddHeader(antiforgery.Text("headerName") ?? "X-CSRF-TOKEN", token);
            }
        }
        catch (ClientException e) when (e.Status == HttpStatusCode.NotFound)
        {
            // A server without anti-forgery tokens takes the change without one.
        }

        var created = await session.PostAsync("api/v1/keys", new { name = KeyName() }, cancellationToken);
        await session.PostAsync("api/v1/auth/logout", new { }, cancellationToken);
        return (created.Text("key") ?? throw new ClientException("the server created a key but did not send it back", ExitCodes.Unreachable), created.Text("id"));
    }

    private static string KeyName()
    {
        var host = Dns.GetHostName();
        var name = $"arbiter CLI on {host}";
        return name.Length <= 100 ? name : name[..100];
    }
}

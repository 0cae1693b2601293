using System.CommandLine;
using Arbiter.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter serve [--urls URL] [--data DIR] [--role all|api|worker]</c>: the service.</summary>
internal static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5180";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen (default {DefaultUrl}; port 0 picks a free one).", DefaultValueFactory = _ => DefaultUrl };
        var data = new Option<string?>("--data") { Description = "Data directory (default ~/.local/share/arbiter): the SQLite database, imported problems, build cache." };
        var role = new Option<string>("--role") { Description = "all (API and workers), api, or worker.", DefaultValueFactory = _ => "all" };
        role.AcceptOnlyFromAmong("all", "api", "worker");
        var serve = new Command("serve", "Run the Arbiter service: REST API, job queue and workers (SQLite by default).") { urls, data, role };
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string> { "--urls", parse.GetValue(urls)!, "--Server:Role", parse.GetValue(role)! };
            if (parse.GetValue(data) is { } directory)
            {
                args.AddRange(["--Server:DataDirectory", Path.GetFullPath(directory)]);
            }

            WebApplication app;
            try
            {
                app = ArbiterServer.Build([.. args]);
            }
            catch (Exception e) when (e is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                await Console.Error.WriteLineAsync($"arbiter serve: {e.Message}");
                return ExitCodes.Usage;
            }

            await using (app)
            {
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or IOException or Arbiter.Sandbox.SandboxUnavailableException)
                {
                    await Console.Error.WriteLineAsync($"arbiter serve: {e.Message}");
                    return e is Arbiter.Sandbox.SandboxUnavailableException ? ExitCodes.Unavailable : ExitCodes.Usage;
                }

                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                foreach (var address in addresses)
                {
                    Console.WriteLine($"Arbiter is listening on {address} (role {parse.GetValue(role)}); API under {address}/api/v1, OpenAPI at {address}/openapi/v1.json");
                }

                await app.WaitForShutdownAsync(cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return serve;
    }
}

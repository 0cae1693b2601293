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
        // No default here: a default on the command line would hide ARBITER__SERVER__ROLE and
        // appsettings.json, which the options' own default ("all") already stands behind.
        var role = new Option<string?>("--role")
        {
            Description = "all (API and workers, the default), api, or worker; overrides Server:Role from appsettings.json or ARBITER__SERVER__ROLE.",
        };
        role.AcceptOnlyFromAmong("all", "api", "worker");
        var serve = new Command("serve", "Run the Arbiter service: REST API, job queue and workers (SQLite by default).") { urls, data, role };
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string> { "--urls", parse.GetValue(urls)! };
            if (parse.GetValue(role) is { } chosen)
            {
                args.AddRange(["--Server:Role", chosen]);
            }

            if (parse.GetValue(data) is { } directory)
            {
                args.AddRange(["--Server:DataDirectory", Path.GetFullPath(directory)]);
            }

            WebApplication app;
            try
            {
                app = ArbiterServer.Build([.. args]);
            }
            // Building resolves the metrics pipeline, whose store-backed gauges open the store: an
            // incomplete storage setting (ArgumentException) surfaces here already.
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                await Console.Error.WriteLineAsync($"arbiter serve: {e.Message}");
                return ExitCodes.Usage;
            }

            await using (app)
            {
                try
                {
                    await ArbiterServer.CheckConfigurationAsync(app, cancellationToken);
                    await app.StartAsync(cancellationToken);
                }
                catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or IOException or InvalidDataException or ArgumentException
                    or Arbiter.Sandbox.SandboxUnavailableException or Arbiter.Storage.StoreUnavailableException)
                {
                    // A configuration or environment problem the operator fixes: one line, no stack trace.
                    await Console.Error.WriteLineAsync($"arbiter serve: {e.Message}");
                    return e is Arbiter.Sandbox.SandboxUnavailableException or Arbiter.Storage.StoreUnavailableException ? ExitCodes.Unavailable : ExitCodes.Usage;
                }

                var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServerOptions>>().Value;
                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                foreach (var address in addresses)
                {
                    Console.WriteLine($"Arbiter is listening on {address} (role {Arbiter.Storage.WireNames.Of(options.Role)}); API under {address}/api/v1, " +
                        $"OpenAPI at {address}/openapi/v1.json");
                }

                await app.WaitForShutdownAsync(cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return serve;
    }
}

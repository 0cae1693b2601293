using Arbiter.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Arbiter.Bench;

/// <summary>The single-process service (API and workers in one host, as <c>arbiter serve</c>
/// runs by default) inside the benchmark's own process, on a throwaway SQLite data directory.</summary>
internal sealed class InProcessSqliteSetup : IServiceSetup
{
    public string Mode => "sqlite, one process";

    public int WorkerProcesses => 0;

    public Task<RunningService> StartApiOnlyAsync(CancellationToken cancellationToken) => StartAsync("api", cancellationToken);

    public Task<RunningService> StartFullAsync(CancellationToken cancellationToken) => StartAsync("all", cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task<RunningService> StartAsync(string role, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("arbiter-bench-service-").FullName;
        var app = ArbiterServer.Build([
            "--urls",
            "http://127.0.0.1:0",
            "--Server:Role",
            role,
            "--Server:DataDirectory",
            data,
            "--Server:LoadSampleProblems",
            "false",
            "--Logging:LogLevel:Default",
            "Warning"]);
        var service = new RunningService(new HttpClient { Timeout = TimeSpan.FromMinutes(5) }, async () =>
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Directory.Delete(data, recursive: true);
        });
        try
        {
            await app.StartAsync(cancellationToken);
            service.Http.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            while (role == "all" && !(await service.Http.GetAsync("/readyz", cancellationToken)).IsSuccessStatusCode)
            {
                await Task.Delay(100, cancellationToken);
            }

            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }
}

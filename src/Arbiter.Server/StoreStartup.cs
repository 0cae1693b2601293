using Arbiter.Storage;

namespace Arbiter.Server;

/// <summary>Applies the store's migrations before anything else serves or works.</summary>
internal sealed class StoreStartup(IArbiterStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

namespace Arbiter.Server.Tests;

/// <summary>One running service (SQLite, role all) shared by the API tests.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-service-").FullName;

    internal ServerProcess Server { get; private set; } = null!;

    // Callbacks go to listeners on loopback, which a server refuses unless allowed.
    public async ValueTask InitializeAsync() =>
        Server = await ServerProcess.StartAsync(_data, environment: new Dictionary<string, string> { [LoopbackCallbacks.Setting] = LoopbackCallbacks.Range });

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SharedService : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}

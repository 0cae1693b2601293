namespace Arbiter.Testing;

/// <summary>
/// What tests that run <c>arbiter serve</c> processes over PostgreSQL share: each test gets its
/// own private cluster (<see cref="Postgres"/>, started before the test and stopped after it, so
/// one test's outage or cut connections never reach another) and temporary directories
/// (<see cref="NewDirectory"/>, deleted after it).
/// </summary>
public abstract class PostgresProcessTests(string directoryPrefix) : IAsyncLifetime
{
    private readonly TemporaryDirectories _directories = new(directoryPrefix);

    protected PostgresServer Postgres { get; } = new();

    public ValueTask InitializeAsync() => Postgres.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await Postgres.DisposeAsync();
        _directories.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A new empty directory (a data directory for a process), deleted after the test.</summary>
    protected string NewDirectory() => _directories.New();
}

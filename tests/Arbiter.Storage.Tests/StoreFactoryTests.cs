namespace Arbiter.Storage.Tests;

public sealed class StoreFactoryTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("arbiter-factory-");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task Sqlite_ByDefault_IsArbiterDbInTheDataDirectory_CreatingIt()
    {
        var dataDirectory = Path.Combine(_data.FullName, "not", "yet");

        await using var store = StoreFactory.Create(new StoreOptions(), dataDirectory);
        await store.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(dataDirectory, "arbiter.db"), Assert.IsType<SqliteStore>(store).DatabasePath);
        Assert.True(File.Exists(Path.Combine(dataDirectory, "arbiter.db")));
    }

    [Fact]
    public async Task Sqlite_RelativePath_IsUnderTheDataDirectory()
    {
        await using var store = StoreFactory.Create(new StoreOptions { ConnectionString = "db/queue.db" }, _data.FullName);

        Assert.Equal(Path.Combine(_data.FullName, "db", "queue.db"), Assert.IsType<SqliteStore>(store).DatabasePath);
    }

    [Fact]
    public async Task Postgres_WithConnectionString_IsAPostgresStore()
    {
        await using var store = StoreFactory.Create(new StoreOptions { Provider = "postgres", ConnectionString = "Host=127.0.0.1;Database=arbiter" }, _data.FullName);

        Assert.IsType<PostgresStore>(store);
    }

    [Fact]
    public void Postgres_WithoutConnectionString_SaysWhatToSet()
    {
        var error = Assert.Throws<ArgumentException>(() => StoreFactory.Create(new StoreOptions { Provider = "postgres" }, _data.FullName));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownProvider_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => StoreFactory.Create(new StoreOptions { Provider = "mysql" }, _data.FullName));

        Assert.Contains("'mysql'", error.Message, StringComparison.Ordinal);
    }
}

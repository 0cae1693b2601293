namespace Arbiter.Storage.Tests;

/// <summary>The store contract over SQLite files in a temporary directory, one file per database.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-sqlite-");
    private int _databases;

    protected override string ProviderName => "SQLite";

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(Path.Combine(_directory.FullName, $"db{Interlocked.Increment(ref _databases)}.db"));

    protected override IArbiterStore OpenStore(string location) => new SqliteStore(location);

    protected override async Task<string> CreateVersion1DatabaseAsync(params string[] seed)
    {
        var location = await CreateDatabaseAsync();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={location};Pooling=False");
        await connection.OpenAsync(Ct);
        foreach (var statement in (string[])[SqliteSchema.VersionTable, .. SqliteSchema.Migrations[0], "INSERT INTO schema_version (version, applied_at) VALUES (1, 0)", .. seed])
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(Ct);
        }

        return location;
    }

    protected override async Task<IReadOnlyList<string>> RawAsync(string location, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={location};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var column = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            column.Add(reader.GetString(0));
        }

        return column;
    }

    /// <summary>SQLite has no credentials; a file in a directory that does not exist cannot be opened.</summary>
    protected override string TimeLiteral(DateTimeOffset value) => value.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected override IArbiterStore OpenUnreachableStore(string secret) =>
        new SqliteStore(Path.Combine(_directory.FullName, "missing-directory", "arbiter.db"));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Migrate_PutsTheFileInWalMode()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Location}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
    }
}

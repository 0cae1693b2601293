using System.Net;
using System.Net.Sockets;

namespace Arbiter.Storage.Tests;

/// <summary>The store contract over a real PostgreSQL server: one private cluster for the run,
/// a fresh database for this class, a fresh schema for each test.</summary>
[Collection(SharedPostgres.Name)]
public sealed class PostgresStoreTests(PostgresTestDatabase database) : StoreContractTests, IClassFixture<PostgresTestDatabase>
{
    protected override string ProviderName => "PostgreSQL";

    protected override Task<string> CreateDatabaseAsync() => database.CreateSchemaAsync(Ct);

    protected override IArbiterStore OpenStore(string location) => new PostgresStore(location);

    protected override async Task<string> CreateVersion1DatabaseAsync(params string[] seed)
    {
        var location = await CreateDatabaseAsync();
        await using var connection = new Npgsql.NpgsqlConnection(location);
        await connection.OpenAsync(Ct);
        foreach (var statement in (string[])[
            PostgresSchema.VersionTable,
            .. PostgresSchema.Migrations[0],
            "INSERT INTO schema_version (version, applied_at) VALUES (1, now())",
            .. seed])
        {
            await using var command = new Npgsql.NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(Ct);
        }

        return location;
    }

    protected override async Task<IReadOnlyList<string>> RawAsync(string location, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(location);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var column = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            column.Add(reader.GetString(0));
        }

        return column;
    }

    protected override string TimeLiteral(DateTimeOffset value) => $"'{value.UtcDateTime:O}'::timestamptz";

    protected override IArbiterStore OpenUnreachableStore(string secret)
    {
        // A port nothing listens on: bind one, then let it go.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new PostgresStore($"Host=127.0.0.1;Port={port};Database=arbiter;Username=arbiter;Password={secret};Timeout=5");
    }

    [Fact]
    public void MalformedConnectionString_FailsNamingPostgreSql()
    {
        var error = Assert.Throws<StoreUnavailableException>(() => new PostgresStore("Host=127.0.0.1;Bogus Keyword=1;Password=hunter2"));

        Assert.Contains("PostgreSQL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongDatabase_FailsNamingProviderHostAndDatabase()
    {
        await using var store = new PostgresStore(database.Server.ConnectionString("no_such_database"));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(Ct));

        Assert.Contains("PostgreSQL store: cannot connect to 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_database", error.Message, StringComparison.Ordinal);
    }
}

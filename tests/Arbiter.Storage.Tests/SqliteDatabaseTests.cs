using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Tests;

/// <summary>
/// The per-connection settings survive the pool: they are set once per native connection, so
/// every open must still find them, and the sync mode must follow each open's durability even
/// when the pool hands back the native connection the other kind of open used last.
/// </summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-sqlite-db-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Open_ReusingAPooledConnection_KeepsItsSettingsAndFollowsTheDurabilityAsked()
    {
        var db = new SqliteDatabase(Path.Combine(_directory.FullName, "settings.db"));
        try
        {
            // One at a time, so the pool hands back the same native connection every time.
            SQLitePCL.sqlite3? first = null;
            foreach (var durable in (bool[])[false, true, true, false, true, false, false])
            {
                await using var connection = await db.OpenAsync(Ct, durable);
                first ??= connection.Handle;
                Assert.Same(first, connection.Handle);
                Assert.Equal(durable ? 2L : 1L, await PragmaAsync(connection, "synchronous"));
                Assert.Equal(1L, await PragmaAsync(connection, "foreign_keys"));
                Assert.Equal(30_000L, await PragmaAsync(connection, "busy_timeout"));
            }
        }
        finally
        {
            db.ClearPool();
        }
    }

    [Fact]
    public async Task Open_AfterThePoolWasCleared_SetsUpTheNewConnection()
    {
        var db = new SqliteDatabase(Path.Combine(_directory.FullName, "cleared.db"));
        await using (var connection = await db.OpenAsync(Ct, durable: true))
        {
            Assert.Equal(2L, await PragmaAsync(connection, "synchronous"));
        }

        db.ClearPool();
        await using (var connection = await db.OpenAsync(Ct, durable: true))
        {
            Assert.Equal(2L, await PragmaAsync(connection, "synchronous"));
            Assert.Equal(1L, await PragmaAsync(connection, "foreign_keys"));
        }

        db.ClearPool();
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}

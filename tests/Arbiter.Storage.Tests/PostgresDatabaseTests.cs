using Npgsql;

namespace Arbiter.Storage.Tests;

/// <summary>The PostgreSQL connection layer against a real server: work PostgreSQL rolls back to
/// break a deadlock is run again rather than failing the caller.</summary>
[Collection(SharedPostgres.Name)]
public sealed class PostgresDatabaseTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAll_RolledBackToBreakADeadlock_RunsAgainAndCommits()
    {
        var location = await database.CreateSchemaAsync(Ct);
        await using var other = await OpenAsync(location);
        await using var gate = await OpenAsync(location);
        await RunAsync(other, null, "CREATE TABLE pair (id int PRIMARY KEY, v int NOT NULL); INSERT INTO pair VALUES (1, 0), (2, 0)");

        // The other side checks for a deadlock only after a minute, so the store's transaction,
        // the last to wait, is the one PostgreSQL rolls back (its check comes after 1 s).
        await RunAsync(other, null, "SET deadlock_timeout = '1min'");
        await using var blocking = await other.BeginTransactionAsync(Ct);
        await RunAsync(other, blocking, "UPDATE pair SET v = v + 10 WHERE id = 1");
        await RunAsync(gate, null, "SELECT pg_advisory_lock(7)");
        await using var db = new PostgresDatabase(location);

        // The store takes row 2, then waits at the gate while the other side starts waiting for
        // row 2; past the gate the store waits for row 1, which the other holds: a deadlock.
        var store = db.ExecuteAllAsync(
            [("UPDATE pair SET v = v + 1 WHERE id = 2", []), ("SELECT pg_advisory_xact_lock(7)", []), ("UPDATE pair SET v = v + 1 WHERE id = 1", [])], Ct);
        await WaitForLockWaitAsync(gate, "SELECT pg_advisory_xact_lock(7)");
        var otherTakesRow2 = RunAsync(other, blocking, "UPDATE pair SET v = v + 10 WHERE id = 2");
        await WaitForLockWaitAsync(gate, "UPDATE pair SET v = v + 10 WHERE id = 2");
        await RunAsync(gate, null, "SELECT pg_advisory_unlock(7)");
        await otherTakesRow2;
        await blocking.CommitAsync(Ct);

        var changed = await store;

        Assert.Equal(1, changed[0]);
        Assert.Equal(1, changed[2]);
        await using var read = new NpgsqlCommand("SELECT string_agg(v::text, ',' ORDER BY id) FROM pair", other);
        Assert.Equal("11,11", (string?)await read.ExecuteScalarAsync(Ct));
    }

    private static async Task<NpgsqlConnection> OpenAsync(string location)
    {
        var connection = new NpgsqlConnection(location);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>Returns once a session running <paramref name="query"/> waits for a lock.</summary>
    private static async Task WaitForLockWaitAsync(NpgsqlConnection observer, string query)
    {
        await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query = @query", observer);
        waiting.Parameters.AddWithValue("query", query);
        while ((long)(await waiting.ExecuteScalarAsync(Ct))! == 0)
        {
            await Task.Delay(10, Ct);
        }
    }
}

using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage;

/// <summary>Connections and commands for one SQLite file: a pooled connection per operation,
/// each set up with busy_timeout (writers wait for the file lock instead of failing), foreign
/// keys and fsync on commit; open failures become <see cref="StoreUnavailableException"/>.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The writers' SemaphoreSlim never creates its wait handle, " +
    "so it holds nothing to release; disposing it could fail a write still finishing.")]
internal sealed class SqliteDatabase(string path)
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();

    // Writers of this process take turns here, not in SQLite's busy handler, which sleeps 1, 2,
    // 5, 10… ms between tries: with a few jobs at once (a submission's commit, leases, status
    // changes, completions) that sleeping was a large part of each request's latency. Writers in
    // other processes sharing the file still wait in busy_timeout.
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>What each native connection (kept by the pool between opens) has been set up
    /// with; an entry goes with its connection when the pool closes it. One use of a native
    /// connection at a time, so an entry is never changed by two threads at once.</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, ConnectionSettings> SetUp = new();

    public string Path { get; } = path;

    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// Opens a connection. Only <paramref name="durable"/> ones (accepting submissions) sync every
    /// commit to disk (synchronous=FULL); the queue's bookkeeping (leases, status, results) uses
    /// NORMAL, which in WAL mode never corrupts the database and survives any process crash, and
    /// on a power loss may lose the last bookkeeping commits: a job whose completion was lost runs
    /// again when its lease expires. The next durable commit syncs everything before it too.
    /// </summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken, bool durable = false)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await SetUpAsync(connection, durable, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new StoreUnavailableException($"SQLite store: cannot open the database file '{Path}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The settings SQLite keeps per connection, set once per pooled native connection instead of
    /// at every open: a request opens the file about nine times, and the three pragmas run each
    /// time were a third of the statements the service prepared per request. Only the sync mode
    /// changes between uses (durable or not), and only when it differs from the last one set.
    /// </summary>
    private static async Task SetUpAsync(SqliteConnection connection, bool durable, CancellationToken cancellationToken)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("an open SQLite connection has no native handle");
        var synchronous = durable ? "FULL" : "NORMAL";
        if (!SetUp.TryGetValue(handle, out var current))
        {
            await using var pragmas = Command(connection, null,
                $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = {synchronous};");
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            SetUp.AddOrUpdate(handle, new ConnectionSettings(durable));
        }
        else if (current.Durable != durable)
        {
            await using var pragma = Command(connection, null, $"PRAGMA synchronous = {synchronous};");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            current.Durable = durable;
        }
    }

    /// <summary>A connection for one write transaction, opened once no other write of this
    /// process is under way; closing (disposing) it lets the next writer in.</summary>
    public async Task<SqliteConnection> OpenForWriteAsync(CancellationToken cancellationToken, bool durable = false)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken, durable).ConfigureAwait(false);
            var released = 0;
            connection.StateChange += (_, change) =>
            {
                if (change.CurrentState == System.Data.ConnectionState.Closed && Interlocked.Exchange(ref released, 1) == 0)
                {
                    _writer.Release();
                }
            };
            return connection;
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    public async Task<List<T>> QueryAsync<T>(string sql, (string Name, object? Value)[] parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public async Task<T> ScalarAsync<T>(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default! : (T)value;
    }

    /// <summary>One statement in its own <c>BEGIN IMMEDIATE</c> transaction; <paramref name="durable"/>
    /// as for <see cref="OpenAsync"/>.</summary>
    public async Task<int> WriteAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken, bool durable = false)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken, durable).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = Command(connection, transaction, sql, parameters);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>Statements in order in one <c>BEGIN IMMEDIATE</c> transaction, all or none; the
    /// rows each changed. <paramref name="durable"/> as for <see cref="OpenAsync"/>.</summary>
    public async Task<int[]> WriteAllAsync(
        IReadOnlyList<(string Sql, (string Name, object? Value)[] Parameters)> statements,
        CancellationToken cancellationToken,
        bool durable = false)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken, durable).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var changed = new int[statements.Count];
        for (var i = 0; i < statements.Count; i++)
        {
            await using var command = Command(connection, transaction, statements[i].Sql, statements[i].Parameters);
            changed[i] = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    public static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        Bind(command, parameters);
        return command;
    }

    public static void Bind(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private sealed class ConnectionSettings(bool durable)
    {
        public bool Durable { get; set; } = durable;
    }
}

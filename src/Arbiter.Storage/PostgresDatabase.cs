using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Polly;
using Polly.Retry;

namespace Arbiter.Storage;

/// <summary>Connections and commands for one PostgreSQL database through a pooled
/// <see cref="NpgsqlDataSource"/>. A failure of the database rather than of the statement (it
/// cannot be reached, it is shutting down, the connection was cut: <see cref="IsUnavailable"/>)
/// becomes <see cref="StoreUnavailableException"/> naming host, port and database (never the
/// password), whether it happens on opening or in the middle of a command, so callers can tell
/// "try again later" from a real error. A transaction PostgreSQL rolled back to break a deadlock
/// or a serialization conflict is run again (<see cref="IsRolledBackToRetry"/>).</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>Tries in all of work PostgreSQL rolled back to retry, the first included.</summary>
    public const int RolledBackAttempts = 6;

    // Every unit of work given to GuardAsync opens its own connection and is one transaction (or
    // one statement), so a try PostgreSQL rolled back left nothing behind and the whole of it can
    // run again. Jitter keeps the two transactions that collided from meeting again in step;
    // 20, 40, 80… ms stays far below a request's patience.
    private static readonly ResiliencePipeline RetryRolledBack = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<PostgresException>(IsRolledBackToRetry),
            MaxRetryAttempts = RolledBackAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(20),
        })
        .Build();

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new StoreUnavailableException($"PostgreSQL store: the connection string is not valid: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new StoreUnavailableException("PostgreSQL store: the connection string names no Host " +
                "(for example 'Host=127.0.0.1;Database=arbiter;Username=arbiter;Password=…').");
        }

        Where = $"{builder.Host}:{builder.Port}, database '{builder.Database ?? builder.Username ?? "(default)"}'";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Host, port and database, for messages.</summary>
    public string Where { get; }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new StoreUnavailableException($"PostgreSQL store: cannot connect to {Where}: {ex.Message}", ex);
        }
    }

    /// <summary>Runs <paramref name="work"/> (which opens its own connection and is one
    /// transaction or one statement), again when PostgreSQL rolled it back to break a deadlock or a
    /// serialization conflict, and turns a failure of the database into
    /// <see cref="StoreUnavailableException"/>.</summary>
    public async Task<T> GuardAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await RetryRolledBack.ExecuteAsync(async _ => await work().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            // A cut connection seldom comes alone (a restart, a failover, a reaper): drop the
            // idle ones too, so the next try opens a fresh one rather than the next dead one.
            _dataSource.Clear();
            throw new StoreUnavailableException($"PostgreSQL store: lost {Where}: {ex.Message}", ex);
        }
    }

    /// <summary>As <see cref="GuardAsync{T}(Func{Task{T}}, CancellationToken)"/>, for work without a result.</summary>
    public Task GuardAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return GuardAsync(async () =>
        {
            await work().ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Whether PostgreSQL rolled the transaction back only to let another go on: a
    /// deadlock it broke (40P01) or a serialization failure (40001). Running it again is what
    /// PostgreSQL's documentation asks of the client.</summary>
    public static bool IsRolledBackToRetry(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    /// <summary>
    /// Whether <paramref name="exception"/> says the database, not the statement, failed: any
    /// client-side Npgsql failure (a broken or timed-out connection, an exhausted pool), or a
    /// server error of class 08 (connection exception), 53 (insufficient resources, such as too
    /// many connections) or 57P (the server shutting down or terminating this backend, as
    /// <c>pg_terminate_backend</c> and a restart do). Constraint violations, syntax and data
    /// errors are not: they would fail again.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StoreUnavailableException => false,
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException => true,
        _ => false,
    };

    public Task<List<T>> QueryAsync<T>(string sql, NpgsqlParameter[] parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        GuardAsync(() => QueryUnguardedAsync(sql, parameters, map, cancellationToken), cancellationToken);

    public Task<T> ScalarAsync<T>(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken) =>
        GuardAsync(() => ScalarUnguardedAsync<T>(sql, parameters, cancellationToken), cancellationToken);

    /// <summary>One statement, which PostgreSQL runs atomically; returns the rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken) =>
        GuardAsync(() => ExecuteUnguardedAsync(sql, parameters, cancellationToken), cancellationToken);

    /// <summary>Statements in order in one transaction, all or none; the rows each changed. With a
    /// <paramref name="lockKey"/>, the transaction first takes that transaction-level advisory
    /// lock, so transactions given the same key run one at a time.</summary>
    public Task<int[]> ExecuteAllAsync(IReadOnlyList<(string Sql, NpgsqlParameter[] Parameters)> statements, CancellationToken cancellationToken, long? lockKey = null) =>
        GuardAsync(() => ExecuteAllUnguardedAsync(statements, lockKey, cancellationToken), cancellationToken);

    private async Task<int[]> ExecuteAllUnguardedAsync(IReadOnlyList<(string Sql, NpgsqlParameter[] Parameters)> statements, long? lockKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (lockKey is { } key)
        {
            await using var lockCommand = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", Typed("key", key, NpgsqlDbType.Bigint));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var changed = new int[statements.Count];
        for (var i = 0; i < statements.Count; i++)
        {
            await using var command = Command(connection, transaction, statements[i].Sql, statements[i].Parameters);
            changed[i] = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    private async Task<List<T>> QueryUnguardedAsync<T>(string sql, NpgsqlParameter[] parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
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

    private async Task<T> ScalarUnguardedAsync<T>(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default! : (T)value;
    }

    private async Task<int> ExecuteUnguardedAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlParameter Text(string name, string? value) => Typed(name, value, NpgsqlDbType.Text);

    public static NpgsqlParameter Integer(string name, int? value) => Typed(name, value, NpgsqlDbType.Integer);

    public static NpgsqlParameter Time(string name, DateTimeOffset value) => Typed(name, StoreTime.Normalize(value), NpgsqlDbType.TimestampTz);

    public static NpgsqlParameter Typed(string name, object? value, NpgsqlDbType type) => new(name, type) { Value = value ?? DBNull.Value };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

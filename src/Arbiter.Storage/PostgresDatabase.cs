using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Arbiter.Storage;

/// <summary>Connections and commands for one PostgreSQL database through a pooled
/// <see cref="NpgsqlDataSource"/>; connection failures become <see cref="StoreUnavailableException"/>
/// naming host, port and database (never the password).</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
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
            throw new StoreUnavailableException("PostgreSQL store: the connection string names no Host (for example 'Host=127.0.0.1;Database=arbiter;Username=arbiter;Password=…').");
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

    public async Task<List<T>> QueryAsync<T>(string sql, NpgsqlParameter[] parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
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

    public async Task<T> ScalarAsync<T>(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default! : (T)value;
    }

    /// <summary>One statement, which PostgreSQL runs atomically; returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
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

using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Sql;

/// <summary>Statements on SQLite: instants as unix milliseconds, lists as JSON arrays read with
/// json_each. Writes go through the file's one writer (SqliteDatabase.OpenForWriteAsync), durable
/// (synchronous=FULL) unless the caller says the write is bookkeeping.</summary>
internal sealed class SqliteGateway(SqliteDatabase db) : ISqlGateway
{
    public Task<List<T>> QueryAsync<T>(string sql, SqlArg[] args, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        db.QueryAsync(sql, Bind(args), map, cancellationToken);

    public Task<T> ScalarAsync<T>(string sql, SqlArg[] args, CancellationToken cancellationToken) =>
        db.ScalarAsync<T>(sql, Bind(args), cancellationToken);

    public Task<int> ExecuteAsync(string sql, SqlArg[] args, CancellationToken cancellationToken, bool durable = true) =>
        db.WriteAsync(sql, Bind(args), cancellationToken, durable);

    public Task<int[]> ExecuteAllAsync(IReadOnlyList<string> statements, SqlArg[] args, CancellationToken cancellationToken, bool durable = true) =>
        db.WriteAllAsync([.. statements.Select(sql => (sql, Bind(SqlArg.NamedIn(sql, args))))], cancellationToken, durable);

    // The file's one writer already runs each writing transaction alone.
    public Task<int[]> ExecuteAllAloneAsync(long lockKey, IReadOnlyList<string> statements, SqlArg[] args, CancellationToken cancellationToken, bool durable = true) =>
        ExecuteAllAsync(statements, args, cancellationToken, durable);

    public DateTimeOffset ReadTime(DbDataReader row, int ordinal) => StoreTime.FromUnixMilliseconds(row.GetInt64(ordinal));

    public bool IsUniqueViolation(Exception exception) => exception is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

    public bool IsForeignKeyViolation(Exception exception) => exception is SqliteException { SqliteExtendedErrorCode: 787 };

    public string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    public string MinuteOf(string column) => $"({column} / 60000) * 60000";

    public static (string Name, object? Value)[] Bind(SqlArg[] args) => [.. args.Select(a => ("@" + a.Name, Value(a)))];

    private static object? Value(SqlArg arg) => arg.Value switch
    {
        DateTimeOffset t when arg.Kind == SqlArgKind.Time => StoreTime.ToUnixMilliseconds(t),
        IReadOnlyCollection<string> list when arg.Kind == SqlArgKind.TextList => JsonSerializer.Serialize(list),
        var value => value,
    };
}

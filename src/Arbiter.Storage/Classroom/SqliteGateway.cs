using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Arbiter.Storage.Classroom;

/// <summary>Classroom statements on SQLite: instants as unix milliseconds; writes are durable
/// (synchronous=FULL) because a saved draft or a course must survive a power cut.</summary>
internal sealed class SqliteGateway(SqliteDatabase db) : ISqlGateway
{
    public Task<List<T>> QueryAsync<T>(string sql, SqlArg[] args, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        db.QueryAsync(sql, Bind(args), map, cancellationToken);

    public Task<int> ExecuteAsync(string sql, SqlArg[] args, CancellationToken cancellationToken) =>
        db.WriteAsync(sql, Bind(args), cancellationToken, durable: true);

    public DateTimeOffset ReadTime(DbDataReader row, int ordinal) => StoreTime.FromUnixMilliseconds(row.GetInt64(ordinal));

    public bool IsUniqueViolation(Exception exception) => exception is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

    public bool IsForeignKeyViolation(Exception exception) => exception is SqliteException { SqliteExtendedErrorCode: 787 };

    private static (string Name, object? Value)[] Bind(SqlArg[] args) =>
        [.. args.Select(a => ("@" + a.Name, a.Kind == SqlArgKind.Time && a.Value is DateTimeOffset t ? StoreTime.ToUnixMilliseconds(t) : a.Value))];
}

using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Arbiter.Storage.Sql;

/// <summary>Statements on PostgreSQL: typed parameters, instants as timestamptz, lists as text[];
/// every call guarded, so a database that cannot be reached or is cut becomes
/// <see cref="StoreUnavailableException"/> (PostgresDatabase.GuardAsync).</summary>
internal sealed class PostgresGateway(PostgresDatabase db) : ISqlGateway
{
    public Task<List<T>> QueryAsync<T>(string sql, SqlArg[] args, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        db.QueryAsync(sql, Bind(args), map, cancellationToken);

    public Task<T> ScalarAsync<T>(string sql, SqlArg[] args, CancellationToken cancellationToken) =>
        db.ScalarAsync<T>(sql, Bind(args), cancellationToken);

    // Every PostgreSQL commit is durable: there is no cheaper bookkeeping write to choose.
    public Task<int> ExecuteAsync(string sql, SqlArg[] args, CancellationToken cancellationToken, bool durable = true) =>
        db.ExecuteAsync(sql, Bind(args), cancellationToken);

    public Task<int[]> ExecuteAllAsync(IReadOnlyList<string> statements, SqlArg[] args, CancellationToken cancellationToken, bool durable = true) =>
        db.ExecuteAllAsync([.. statements.Select(sql => (sql, Bind(SqlArg.NamedIn(sql, args))))], cancellationToken);

    public Task<int[]> ExecuteAllAloneAsync(long lockKey, IReadOnlyList<string> statements, SqlArg[] args, CancellationToken cancellationToken, bool durable = true) =>
        db.ExecuteAllAsync([.. statements.Select(sql => (sql, Bind(SqlArg.NamedIn(sql, args))))], cancellationToken, lockKey);

    public DateTimeOffset ReadTime(DbDataReader row, int ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal);

    public bool IsUniqueViolation(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public bool IsForeignKeyViolation(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    public string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public string MinuteOf(string column) => $"date_trunc('minute', {column})";

    public static NpgsqlParameter[] Bind(SqlArg[] args) =>
    [
        .. args.Select(a => a.Kind switch
        {
            SqlArgKind.Time => PostgresDatabase.Typed(a.Name, a.Value is DateTimeOffset t ? StoreTime.Normalize(t) : null, NpgsqlDbType.TimestampTz),
            SqlArgKind.Integer => PostgresDatabase.Typed(a.Name, a.Value is null ? null : Convert.ToInt64(a.Value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint),
            SqlArgKind.Real => PostgresDatabase.Typed(a.Name, a.Value is null ? null : Convert.ToDouble(a.Value, CultureInfo.InvariantCulture), NpgsqlDbType.Double),
            SqlArgKind.Boolean => PostgresDatabase.Typed(a.Name, a.Value, NpgsqlDbType.Boolean),
            SqlArgKind.Bytes => PostgresDatabase.Typed(a.Name, a.Value, NpgsqlDbType.Bytea),
            SqlArgKind.TextList => PostgresDatabase.Typed(a.Name, a.Value is IEnumerable<string> list ? list.ToArray() : null, NpgsqlDbType.Array | NpgsqlDbType.Text),
            _ => PostgresDatabase.Typed(a.Name, a.Value, NpgsqlDbType.Text),
        }),
    ];
}

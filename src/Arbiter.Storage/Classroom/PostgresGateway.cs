using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Arbiter.Storage.Classroom;

/// <summary>Classroom statements on PostgreSQL: typed parameters, instants as timestamptz.</summary>
internal sealed class PostgresGateway(PostgresDatabase db) : ISqlGateway
{
    public Task<List<T>> QueryAsync<T>(string sql, SqlArg[] args, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        db.QueryAsync(sql, Bind(args), map, cancellationToken);

    public Task<int> ExecuteAsync(string sql, SqlArg[] args, CancellationToken cancellationToken) =>
        db.ExecuteAsync(sql, Bind(args), cancellationToken);

    public DateTimeOffset ReadTime(DbDataReader row, int ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal);

    public bool IsUniqueViolation(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public bool IsForeignKeyViolation(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    private static NpgsqlParameter[] Bind(SqlArg[] args) =>
    [
        .. args.Select(a => a.Kind switch
        {
            SqlArgKind.Time => PostgresDatabase.Typed(a.Name, a.Value is DateTimeOffset t ? StoreTime.Normalize(t) : null, NpgsqlDbType.TimestampTz),
            SqlArgKind.Integer => PostgresDatabase.Typed(a.Name, a.Value, NpgsqlDbType.Bigint),
            SqlArgKind.Real => PostgresDatabase.Typed(a.Name, a.Value, NpgsqlDbType.Double),
            _ => PostgresDatabase.Typed(a.Name, a.Value, NpgsqlDbType.Text),
        }),
    ];
}

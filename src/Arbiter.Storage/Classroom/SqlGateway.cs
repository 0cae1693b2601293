using System.Data.Common;

namespace Arbiter.Storage.Classroom;

/// <summary>What <see cref="ClassroomStore"/> needs from a database: run a statement with typed
/// arguments, read an instant, and tell a unique or foreign-key violation. Each backend's
/// adapter maps <see cref="SqlArg"/> to its own parameter types (instants: unix milliseconds on
/// SQLite, timestamptz on PostgreSQL).</summary>
internal interface ISqlGateway
{
    Task<List<T>> QueryAsync<T>(string sql, SqlArg[] args, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    Task<int> ExecuteAsync(string sql, SqlArg[] args, CancellationToken cancellationToken);

    DateTimeOffset ReadTime(DbDataReader row, int ordinal);

    bool IsUniqueViolation(Exception exception);

    bool IsForeignKeyViolation(Exception exception);
}

internal enum SqlArgKind
{
    Text,
    Integer,
    Real,
    Time,
}

/// <summary>A named statement argument (written without the @) and how to bind it.</summary>
internal readonly record struct SqlArg(string Name, object? Value, SqlArgKind Kind)
{
    public static SqlArg Text(string name, string? value) => new(name, value, SqlArgKind.Text);

    public static SqlArg Time(string name, DateTimeOffset? value) => new(name, value, SqlArgKind.Time);
}

using System.Data.Common;

namespace Arbiter.Storage.Sql;

/// <summary>What a store written once over both databases needs from one of them: run a
/// statement (or several in one transaction) with typed arguments, read an instant, tell a unique or foreign-key violation, and
/// the two fragments whose SQL differs (a list parameter, a minute's start). Each backend's
/// adapter maps <see cref="SqlArg"/> to its own parameter types (instants: unix milliseconds on
/// SQLite, timestamptz on PostgreSQL; lists: a JSON array on SQLite, an array on PostgreSQL).
/// A failure of the database itself surfaces as <see cref="StoreUnavailableException"/>.</summary>
internal interface ISqlGateway
{
    Task<List<T>> QueryAsync<T>(string sql, SqlArg[] args, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    /// <summary>The first column of the first row, or default when there is none or it is NULL.</summary>
    Task<T> ScalarAsync<T>(string sql, SqlArg[] args, CancellationToken cancellationToken);

    /// <summary>One statement, atomically; returns the rows it changed. <paramref name="durable"/>
    /// writes (accounts, keys, courses) survive a power cut once this returns; the queue's
    /// bookkeeping may pass false, which SQLite syncs lazily (see SqliteDatabase.OpenAsync) and
    /// PostgreSQL ignores (every commit is durable there).</summary>
    Task<int> ExecuteAsync(string sql, SqlArg[] args, CancellationToken cancellationToken, bool durable = true);

    /// <summary>Several statements in order in one transaction, all or none (a failing one rolls
    /// back those before it); returns the rows each changed. Each statement is given the
    /// arguments it names (<see cref="SqlArg.NamedIn"/>). <paramref name="durable"/> as for
    /// <see cref="ExecuteAsync"/>.</summary>
    Task<int[]> ExecuteAllAsync(IReadOnlyList<string> statements, SqlArg[] args, CancellationToken cancellationToken, bool durable = true);

    /// <summary>As <see cref="ExecuteAllAsync"/>, while no other transaction given the same
    /// <paramref name="lockKey"/> runs: PostgreSQL first takes the transaction-level advisory lock
    /// <c>pg_advisory_xact_lock(lockKey)</c>, which the commit or rollback releases; SQLite needs
    /// nothing, its <c>BEGIN IMMEDIATE</c> already runs every writing transaction alone.</summary>
    Task<int[]> ExecuteAllAloneAsync(long lockKey, IReadOnlyList<string> statements, SqlArg[] args, CancellationToken cancellationToken, bool durable = true);

    DateTimeOffset ReadTime(DbDataReader row, int ordinal);

    bool IsUniqueViolation(Exception exception);

    bool IsForeignKeyViolation(Exception exception);

    /// <summary>A condition true when <paramref name="column"/> is one of the strings of the
    /// <see cref="SqlArgKind.TextList"/> argument <paramref name="parameter"/>.</summary>
    string InList(string column, string parameter);

    /// <summary>An expression for the start of the minute of the instant column <paramref name="column"/>.</summary>
    string MinuteOf(string column);
}

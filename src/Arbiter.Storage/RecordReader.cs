using System.Data.Common;

namespace Arbiter.Storage;

/// <summary>
/// Turns rows into records for both stores. The select lists below fix the column order; the
/// only difference between backends is how an instant is read, passed in as <c>time</c>.
/// </summary>
internal static class RecordReader
{
    public const string SubmissionColumns =
        "id, ticket, kind, language, problem_id, request_json, callback_url, priority, owner, " +
        "created_at, status, updated_at, result_json, attempts, lease_owner, assignment_id, key_id, verdict, score, trace_parent";

    public const string WorkerColumns =
        "id, host, process_id, started_at, heartbeat_at, capabilities_json, load, disk_free_bytes, " +
        "running_jobs, draining, stop_requested";

    public const string CallbackColumns = "submission_id, attempt, at, http_status, error, delivered";

    public const string HistoryColumns = "status, at, worker_id, detail";

    public static SubmissionRecord Submission(DbDataReader row, Func<DbDataReader, int, DateTimeOffset> time) => new(
        Id: row.GetString(0),
        Ticket: row.GetString(1),
        Kind: WireNames.Parse<SubmissionKind>(row.GetString(2)),
        Language: row.GetString(3),
        ProblemId: NullableString(row, 4),
        RequestJson: row.GetString(5),
        CallbackUrl: NullableString(row, 6),
        Priority: row.GetInt32(7),
        Owner: NullableString(row, 8),
        CreatedAt: time(row, 9),
        Status: StatusText.Parse(row.GetString(10)),
        UpdatedAt: time(row, 11),
        ResultJson: NullableString(row, 12),
        Attempts: row.GetInt32(13),
        WorkerId: NullableString(row, 14),
        AssignmentId: NullableString(row, 15),
        KeyId: NullableString(row, 16),
        Verdict: NullableString(row, 17),
        Score: row.IsDBNull(18) ? null : row.GetDouble(18),
        TraceParent: NullableString(row, 19));

    public static WorkerRecord Worker(DbDataReader row, Func<DbDataReader, int, DateTimeOffset> time) => new(
        Id: row.GetString(0),
        Host: row.GetString(1),
        ProcessId: row.GetInt32(2),
        StartedAt: time(row, 3),
        HeartbeatAt: time(row, 4),
        CapabilitiesJson: row.GetString(5),
        Load: row.GetDouble(6),
        DiskFreeBytes: row.GetInt64(7),
        RunningJobs: row.GetInt32(8),
        Draining: row.GetBoolean(9),
        StopRequested: row.GetBoolean(10));

    public static CallbackAttempt Callback(DbDataReader row, Func<DbDataReader, int, DateTimeOffset> time) => new(
        SubmissionId: row.GetString(0),
        Attempt: row.GetInt32(1),
        At: time(row, 2),
        HttpStatus: row.IsDBNull(3) ? null : row.GetInt32(3),
        Error: NullableString(row, 4),
        Delivered: row.GetBoolean(5));

    public static StatusChange History(DbDataReader row, Func<DbDataReader, int, DateTimeOffset> time) => new(
        Status: StatusText.Parse(row.GetString(0)),
        At: time(row, 1),
        WorkerId: NullableString(row, 2),
        Detail: NullableString(row, 3));

    /// <summary>Columns: id, name, type, imported_at, owner, then package_zip when <paramref name="withPackage"/>.</summary>
    public static ProblemRecord Problem(DbDataReader row, Func<DbDataReader, int, DateTimeOffset> time, bool withPackage) => new(
        Id: row.GetString(0),
        Name: row.GetString(1),
        Type: row.GetString(2),
        ImportedAt: time(row, 3),
        Owner: NullableString(row, 4),
        PackageZip: withPackage ? row.GetFieldValue<byte[]>(5) : []);

    public const string UserColumns = "id, name, password_hash, role, created_at";

    public const string ApiKeyColumns = "id, user_id, name, hash, prefix, created_at, revoked_at, daily_quota";

    /// <summary>Columns <see cref="UserColumns"/> from <paramref name="first"/> on.</summary>
    public static UserRecord User(DbDataReader row, Func<DbDataReader, int, DateTimeOffset> time, int first = 0) => new(
        Id: row.GetString(first),
        Name: row.GetString(first + 1),
        PasswordHash: row.GetString(first + 2),
        Role: WireNames.Parse<UserRole>(row.GetString(first + 3)),
        CreatedAt: time(row, first + 4));

    public static ApiKeyRecord ApiKey(DbDataReader row, Func<DbDataReader, int, DateTimeOffset> time) => new(
        Id: row.GetString(0),
        UserId: row.GetString(1),
        Name: row.GetString(2),
        Hash: row.GetString(3),
        Prefix: row.GetString(4),
        CreatedAt: time(row, 5),
        RevokedAt: row.IsDBNull(6) ? null : time(row, 6),
        DailyQuota: row.IsDBNull(7) ? null : row.GetInt32(7));

    private static string? NullableString(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}

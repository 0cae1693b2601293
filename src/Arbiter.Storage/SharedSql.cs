using System.Text;

namespace Arbiter.Storage;

/// <summary>
/// Statements whose text is the same on SQLite and PostgreSQL, kept in one place so the two
/// stores cannot drift apart. Values are always parameters; the only text ever assembled is
/// from the fixed fragments below, chosen by which filters a query has.
/// "Waiting" means an unfinished submission with no lease or an expired one.
/// </summary>
internal static class SharedSql
{
    private const string Active = "status IN " + StatusText.ActiveList;

    public const string SubmissionByIdOrTicket =
        "SELECT " + RecordReader.SubmissionColumns + ", 0 AS r FROM submissions WHERE id = @key " +
        "UNION ALL " +
        "SELECT " + RecordReader.SubmissionColumns + ", 1 AS r FROM submissions WHERE lower(ticket) = lower(@key) " +
        "ORDER BY r LIMIT 1";

    public const string InsertIdempotencyKey =
        "INSERT INTO idempotency_keys (key, request_hash, submission_ids, created_at) VALUES (@key, @hash, @ids, @at)";

    public const string IdempotencyKey =
        "SELECT key, request_hash, submission_ids, created_at FROM idempotency_keys WHERE key = @key";

    public const string TicketExists = "SELECT COUNT(*) FROM submissions WHERE lower(ticket) = lower(@ticket)";

    public const string History =
        "SELECT " + RecordReader.HistoryColumns + " FROM submission_history WHERE submission_id = @id ORDER BY seq";

    public const string InsertHistory =
        "INSERT INTO submission_history (submission_id, status, at, worker_id, detail) VALUES (@id, @status, @at, @worker, @detail)";

    /// <summary>
    /// A CTE, <c>running</c>: the jobs leased now (unfinished, lease not expired), one row each
    /// with its owner (''  for anonymous) and its course ('' for none). Few rows (at most the
    /// workers' slots), read through ix_submissions_leased.
    /// </summary>
    public const string Running =
        "running AS (SELECT COALESCE(r.owner, '') AS owner, COALESCE(ra.course_id, '') AS course FROM submissions r " +
        "LEFT JOIN assignments ra ON ra.id = r.assignment_id " +
        "WHERE r." + Active + " AND r.lease_owner IS NOT NULL AND r.lease_expires_at > @now)";

    /// <summary>Joins a waiting submission <c>s</c> to its course (<c>a</c>), for <see cref="FairOrder"/>.</summary>
    public const string FairJoins = "LEFT JOIN assignments a ON a.id = s.assignment_id";

    /// <summary>
    /// Lease order, fair within a priority: higher priority first; then the owner with the
    /// fewest jobs running (so one user's flood takes turns with everyone else's submissions
    /// instead of going first), then the course with the fewest running (so one class does not
    /// starve another), then the oldest. Anonymous submissions count as one owner.
    /// </summary>
    public const string FairOrder =
        "s.priority DESC, " +
        "(SELECT COUNT(*) FROM running WHERE running.owner = COALESCE(s.owner, '')), " +
        "(SELECT COUNT(*) FROM running WHERE running.course <> '' AND running.course = COALESCE(a.course_id, '')), " +
        "s.created_at, s.id";

    public const string QueueDepth =
        "SELECT COUNT(*) FROM submissions WHERE " + Active + " AND (lease_owner IS NULL OR lease_expires_at <= @now)";

    public const string QueueDepthByLanguage =
        "SELECT language, COUNT(*) FROM submissions WHERE " + Active + " AND (lease_owner IS NULL OR lease_expires_at <= @now) GROUP BY language";

    /// <summary>Per owner (null: anonymous): jobs waiting and jobs running now.</summary>
    public const string QueueShares =
        "SELECT owner, SUM(CASE WHEN lease_owner IS NULL OR lease_expires_at <= @now THEN 1 ELSE 0 END), " +
        "SUM(CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @now THEN 1 ELSE 0 END) " +
        "FROM submissions WHERE " + Active + " GROUP BY owner ORDER BY 2 DESC, 3 DESC LIMIT @limit";

    public const string OldestWaiting =
        "SELECT MIN(created_at) FROM submissions WHERE " + Active + " AND (lease_owner IS NULL OR lease_expires_at <= @now)";

    /// <summary>Activity grouped by <paramref name="minute"/>, the backend's expression for the
    /// start of updated_at's minute.</summary>
    public static string Activity(string minute) =>
        "SELECT " + minute + " AS minute, COALESCE(verdict, 'unknown') AS v, COUNT(*) FROM submissions " +
        "WHERE status IN ('judged','failed') AND updated_at >= @since GROUP BY minute, v ORDER BY minute, v";

    /// <summary>The autoscaler's view: language, made, started (the current attempt's first
    /// Compiling or Running, after its latest Queued), finished, and waiting (as
    /// <see cref="QueueDepth"/> counts); for submissions made since @since and every unfinished one.</summary>
    public const string JobSpans =
        "SELECT s.language, s.created_at, " +
        "(SELECT MIN(h.at) FROM submission_history h WHERE h.submission_id = s.id AND h.status IN ('compiling','running') " +
        "AND h.seq > (SELECT MAX(q.seq) FROM submission_history q WHERE q.submission_id = s.id AND q.status = 'queued')), " +
        "CASE WHEN s.status IN ('judged','failed') THEN s.updated_at END, " +
        "CASE WHEN s." + Active + " AND (s.lease_owner IS NULL OR s.lease_expires_at <= @now) THEN 1 ELSE 0 END " +
        "FROM submissions s WHERE s.created_at >= @since OR s." + Active;

    /// <summary>Null unless the submission is queued and not leased; otherwise how many queued,
    /// unleased submissions come before it in first-come order (priority desc, created_at, id).
    /// An estimate: fair leasing (<see cref="FairOrder"/>) may start it sooner, or later.</summary>
    public const string QueuePosition =
        "SELECT CASE WHEN s.status = 'queued' AND s.lease_owner IS NULL THEN " +
        "(SELECT COUNT(*) FROM submissions q WHERE q." + Active + " AND q.status = 'queued' AND q.lease_owner IS NULL " +
        "AND (q.priority > s.priority OR (q.priority = s.priority AND (q.created_at, q.id) < (s.created_at, s.id)))) " +
        "END FROM submissions s WHERE s.id = @id";

    public const string Renew =
        "UPDATE submissions SET lease_expires_at = @expires WHERE id = @id AND lease_owner = @worker AND " + Active;

    public const string UpsertWorker =
        "INSERT INTO workers (" + RecordReader.WorkerColumns + ") " +
        "VALUES (@id, @host, @pid, @started, @heartbeat, @capabilities, @load, @disk, @running, @draining, @stop) " +
        "ON CONFLICT (id) DO UPDATE SET host = excluded.host, process_id = excluded.process_id, " +
        "started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, " +
        "capabilities_json = excluded.capabilities_json, load = excluded.load, " +
        "disk_free_bytes = excluded.disk_free_bytes, running_jobs = excluded.running_jobs";

    public const string ListWorkers = "SELECT " + RecordReader.WorkerColumns + " FROM workers ORDER BY id";

    public const string SetWorkerFlags = "UPDATE workers SET draining = @draining, stop_requested = @stop WHERE id = @id";

    public const string UpsertCallback =
        "INSERT INTO callbacks (" + RecordReader.CallbackColumns + ") VALUES (@id, @attempt, @at, @http, @error, @delivered) " +
        "ON CONFLICT (submission_id, attempt) DO UPDATE SET at = excluded.at, http_status = excluded.http_status, " +
        "error = excluded.error, delivered = excluded.delivered";

    /// <summary>Finished submissions with a callback URL, updated since @since, no attempt
    /// delivered and fewer than @max attempts made: id, attempts made, the last attempt's time,
    /// and when the newest attempt still marked in progress (@inprogress) was taken.</summary>
    public const string OwedCallbacks =
        "SELECT s.id, COUNT(c.attempt), MAX(c.at), MAX(CASE WHEN c.error = @inprogress THEN c.at END) FROM submissions s LEFT JOIN callbacks c ON c.submission_id = s.id " +
        "WHERE s.callback_url IS NOT NULL AND s.status IN ('judged','failed') AND s.updated_at >= @since " +
        "GROUP BY s.id HAVING COUNT(c.attempt) < @max AND MAX(CASE WHEN c.delivered THEN 1 ELSE 0 END) = 0 " +
        "ORDER BY MIN(s.updated_at) LIMIT @limit";

    /// <summary>Takes attempt @attempt of a submission's callback: the primary key lets exactly
    /// one process insert it.</summary>
    public const string ClaimCallback =
        "INSERT INTO callbacks (" + RecordReader.CallbackColumns + ") VALUES (@id, @attempt, @at, NULL, @error, @delivered) " +
        "ON CONFLICT (submission_id, attempt) DO NOTHING";

    public const string Callbacks =
        "SELECT " + RecordReader.CallbackColumns + " FROM callbacks WHERE submission_id = @id ORDER BY attempt";

    private const string IsFinished = "EXISTS (SELECT 1 FROM submissions s WHERE s.id = @id AND s.status IN " + StatusText.FinalList + ")";

    /// <summary>A finished submission, its history and callback attempts, in one transaction: the
    /// rows that reference it first, each only while it is finished, then the submission itself
    /// (the last statement changes one row when it was deleted).</summary>
    public static readonly string[] DeleteFinishedSubmission =
    [
        "DELETE FROM submission_history WHERE submission_id = @id AND " + IsFinished,
        "DELETE FROM callbacks WHERE submission_id = @id AND " + IsFinished,
        "DELETE FROM submissions WHERE id = @id AND status IN " + StatusText.FinalList,
    ];

    /// <summary>A file put under an id, in one transaction: its content stored once (or marked
    /// used), the id inserted when new (the second statement changes one row then), the content
    /// the id named before deleted when no other id names it, and the id pointed at this one.</summary>
    public static readonly string[] PutCachedFile =
    [
        "INSERT INTO cached_files (hash, content, size, used_at) VALUES (@hash, @content, @size, @now) " +
        "ON CONFLICT (hash) DO UPDATE SET used_at = excluded.used_at",
        "INSERT INTO cached_file_ids (id, hash) VALUES (@id, @hash) ON CONFLICT (id) DO NOTHING",
        "DELETE FROM cached_files WHERE hash <> @hash AND hash = (SELECT i.hash FROM cached_file_ids i WHERE i.id = @id) " +
        "AND NOT EXISTS (SELECT 1 FROM cached_file_ids o WHERE o.hash = cached_files.hash AND o.id <> @id)",
        "UPDATE cached_file_ids SET hash = @hash WHERE id = @id",
    ];

    /// <summary>The contents beyond @capacity bytes when they are kept newest used first, the one
    /// just put (@hash) before all: none while the cache is within its bound.</summary>
    private const string BeyondTheBound =
        "SELECT ranked.hash FROM (SELECT hash, SUM(size) OVER " +
        "(ORDER BY CASE WHEN hash = @hash THEN 0 ELSE 1 END, used_at DESC, hash ROWS UNBOUNDED PRECEDING) AS kept FROM cached_files) ranked " +
        "WHERE ranked.kept > @capacity";

    /// <summary>Eviction down to @capacity bytes, run after <see cref="PutCachedFile"/> in its
    /// transaction: the ids of every content beyond the bound, then those contents (the first
    /// statement changes no content, so both see the same ones beyond the bound).</summary>
    public static readonly string[] EvictCachedFiles =
    [
        "DELETE FROM cached_file_ids WHERE hash IN (" + BeyondTheBound + ")",
        "DELETE FROM cached_files WHERE hash IN (" + BeyondTheBound + ")",
    ];

    public const string CachedFileCount =
        "SELECT COUNT(*) FROM cached_file_ids i JOIN cached_files f ON f.hash = i.hash WHERE i.id = @id";

    public const string CachedFile =
        "SELECT f.content FROM cached_file_ids i JOIN cached_files f ON f.hash = i.hash WHERE i.id = @id";

    public const string TouchCachedFile =
        "UPDATE cached_files SET used_at = @now WHERE hash = (SELECT i.hash FROM cached_file_ids i WHERE i.id = @id)";

    public const string UpsertProblem =
        "INSERT INTO problems (id, name, type, imported_at, owner, package_zip) VALUES (@id, @name, @type, @imported, @owner, @zip) " +
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, imported_at = excluded.imported_at, " +
        "owner = excluded.owner, package_zip = excluded.package_zip";

    public const string Problem = "SELECT id, name, type, imported_at, owner, package_zip FROM problems WHERE id = @id";

    public const string ListProblems = "SELECT id, name, type, imported_at, owner FROM problems ORDER BY id";

    public const string InsertUser =
        "INSERT INTO users (id, name, name_key, password_hash, role, created_at) VALUES (@id, @name, @key, @hash, @role, @created)";

    public const string UserById = "SELECT " + RecordReader.UserColumns + " FROM users WHERE id = @id";

    public const string UserByName = "SELECT " + RecordReader.UserColumns + " FROM users WHERE name_key = @key";

    public const string ListUsers = "SELECT " + RecordReader.UserColumns + " FROM users ORDER BY created_at, id";

    public const string CountUsers = "SELECT COUNT(*) FROM users";

    public const string SetUserRole = "UPDATE users SET role = @role WHERE id = @id";

    public const string SetPasswordHash = "UPDATE users SET password_hash = @hash WHERE id = @id";

    public const string InsertApiKey =
        "INSERT INTO api_keys (" + RecordReader.ApiKeyColumns + ") VALUES (@id, @user, @name, @hash, @prefix, @created, @revoked, @quota)";

    /// <summary>The key's columns, then its user's (from ordinal 8).</summary>
    public const string FindApiKey =
        "SELECT k.id, k.user_id, k.name, k.hash, k.prefix, k.created_at, k.revoked_at, k.daily_quota, " +
        "u.id, u.name, u.password_hash, u.role, u.created_at " +
        "FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.hash = @hash AND k.revoked_at IS NULL";

    public const string ListApiKeys =
        "SELECT " + RecordReader.ApiKeyColumns + " FROM api_keys WHERE user_id = @user ORDER BY created_at DESC, id DESC";

    public const string CountKeySubmissions = "SELECT COUNT(*) FROM submissions WHERE key_id = @key AND created_at >= @since";

    public const string RevokeApiKey =
        "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND user_id = @user AND revoked_at IS NULL";

    /// <summary>Newest first with keyset paging on (created_at, id): an unknown <c>Before</c>
    /// id compares as NULL, so it yields an empty page rather than the first one.</summary>
    public static string ListSubmissions(SubmissionQuery query)
    {
        var sql = new StringBuilder("SELECT ").Append(RecordReader.SubmissionColumns).Append(" FROM submissions WHERE 1 = 1");
        if (query.Owner is not null)
        {
            sql.Append(" AND owner = @owner");
        }

        if (query.ProblemId is not null)
        {
            sql.Append(" AND problem_id = @problem");
        }

        if (query.AssignmentId is not null)
        {
            sql.Append(" AND assignment_id = @assignment");
        }

        if (query.Status is not null)
        {
            sql.Append(" AND status = @status");
        }

        if (query.Before is not null)
        {
            sql.Append(" AND (created_at, id) < ((SELECT b.created_at FROM submissions b WHERE b.id = @before), @before)");
        }

        return sql.Append(" ORDER BY created_at DESC, id DESC LIMIT @limit").ToString();
    }
}

namespace Arbiter.Storage;

/// <summary>Argument checks both stores share, so they reject the same calls the same way.</summary>
internal static class StoreGuard
{
    public const int MaxPageSize = 500;

    public static void Worker(string workerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
    }

    public static void CachedFileId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(id.Length, IFileCache.MaxIdLength, nameof(id));
    }

    public static void LeaseLength(TimeSpan leaseFor)
    {
        if (leaseFor <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseFor), leaseFor, "a lease must last longer than zero");
        }
    }

    public static void Progress(SubmissionStatus status)
    {
        if (status is not (SubmissionStatus.Compiling or SubmissionStatus.Running))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "progress is Compiling or Running; finish with CompleteAsync");
        }
    }

    /// <summary>Progress held back for a completion: Compiling and Running changes only.</summary>
    public static void HeldBackProgress(IReadOnlyList<StatusChange> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        foreach (var change in progress)
        {
            Progress(change.Status);
        }
    }

    public static void Final(SubmissionStatus status)
    {
        if (!StatusText.IsFinal(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a submission completes as Judged or Failed");
        }
    }

    public static void Outcome(SubmissionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(outcome.ResultJson, nameof(outcome));
        if (outcome.Score is { } score && !double.IsFinite(score))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), score, "a score is a finite number");
        }
    }

    public static void Submission(NewSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentException.ThrowIfNullOrWhiteSpace(submission.Id, nameof(submission));
        ArgumentException.ThrowIfNullOrWhiteSpace(submission.Ticket, nameof(submission));
        Defined(submission.Kind, nameof(submission));
        ArgumentException.ThrowIfNullOrWhiteSpace(submission.Language, nameof(submission));
        ArgumentNullException.ThrowIfNull(submission.RequestJson, nameof(submission));
        if (submission.Id.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException("a submission id holds no comma", nameof(submission));
        }

        if (submission.Idempotency is { } claim)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(claim.Key, nameof(submission));
            ArgumentException.ThrowIfNullOrWhiteSpace(claim.RequestHash, nameof(submission));
        }
    }

    /// <summary>The idempotency claims among <paramref name="submissions"/>: each key once, with
    /// the ids of its submissions in order (comma-separated: ids never hold a comma).</summary>
    public static IReadOnlyList<(IdempotencyClaim Claim, string Ids, DateTimeOffset At)> Claims(IReadOnlyList<NewSubmission> submissions) =>
    [
        .. submissions.Where(s => s.Idempotency is not null).GroupBy(s => s.Idempotency!.Key, StringComparer.Ordinal)
            .Select(g => (g.First().Idempotency!, string.Join(',', g.Select(s => s.Id)), g.First().CreatedAt)),
    ];

    public static IdempotencyRecord Idempotency(string key, string hash, string ids, DateTimeOffset at) =>
        new(key, hash, ids.Split(',', StringSplitOptions.RemoveEmptyEntries), at);

    /// <summary>A value cast from a number no member has is rejected before it reaches the database.</summary>
    public static void Defined<T>(T value, string paramName)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"not a {typeof(T).Name}");
        }
    }

    public static void User(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(user.Id, nameof(user));
        ArgumentException.ThrowIfNullOrWhiteSpace(user.Name, nameof(user));
        ArgumentException.ThrowIfNullOrWhiteSpace(user.PasswordHash, nameof(user));
        Defined(user.Role, nameof(user));
    }

    public static void ApiKey(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(key.Id, nameof(key));
        ArgumentException.ThrowIfNullOrWhiteSpace(key.UserId, nameof(key));
        ArgumentNullException.ThrowIfNull(key.Name, nameof(key));
        ArgumentException.ThrowIfNullOrWhiteSpace(key.Hash, nameof(key));
        ArgumentException.ThrowIfNullOrWhiteSpace(key.Prefix, nameof(key));
    }

    /// <summary>
    /// The form of a user name that must be unique and that look-ups compare: Unicode NFC, then
    /// lower case by the invariant culture. Computed here rather than with SQL <c>lower()</c>,
    /// which folds only ASCII on SQLite and follows the database's locale on PostgreSQL.
    /// </summary>
    public static string NameKey(string name) => name.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant();

    public static int PageSize(int limit) => Math.Clamp(limit, 1, MaxPageSize);

    /// <summary>Distinct ids in the caller's order: results come back in that order.</summary>
    public static string[] DistinctIds(IReadOnlyList<string> ids) => [.. ids.Where(id => id is not null).Distinct(StringComparer.Ordinal)];

    public static IReadOnlyList<SubmissionRecord> InRequestedOrder(string[] ids, List<SubmissionRecord> rows)
    {
        var byId = rows.ToDictionary(row => row.Id, StringComparer.Ordinal);
        return [.. ids.Where(byId.ContainsKey).Select(id => byId[id])];
    }

    /// <summary>History detail when a job is leased again after its lease expired; the attempt number follows.</summary>
    public const string RequeueDetailPrefix = "the previous worker's lease expired; attempt ";

    /// <summary>The history detail of a job a stopping worker gave back.</summary>
    public const string HandedBackDetail = "handed back by its worker, which is stopping";

    public static string RequeueDetail(int attempt) => RequeueDetailPrefix + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

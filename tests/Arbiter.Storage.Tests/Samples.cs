namespace Arbiter.Storage.Tests;

/// <summary>Submissions and records for the contract tests, with every field set so round
/// trips are checked field by field.</summary>
internal static class Samples
{
    /// <summary>A fixed instant with sub-millisecond ticks, to show the stores truncate alike.</summary>
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero).AddTicks(1234);

    public static NewSubmission Submission(
        string id,
        DateTimeOffset? createdAt = null,
        int priority = 0,
        string language = "python",
        string? owner = "alice",
        string? problemId = null,
        string? ticket = null) => new(
            Id: id,
            Ticket: ticket ?? "T" + id.ToUpperInvariant(),
            Kind: problemId is null ? SubmissionKind.Run : SubmissionKind.Judge,
            Language: language,
            ProblemId: problemId,
            RequestJson: $$"""{"language":"{{language}}","source":"print(1)"}""",
            CallbackUrl: problemId is null ? null : "http://127.0.0.1:9/callback",
            Priority: priority,
            Owner: owner,
            CreatedAt: createdAt ?? T0);

    public static WorkerRecord Worker(string id, DateTimeOffset heartbeat, bool draining = false) => new(
        Id: id,
        Host: "host-" + id,
        ProcessId: 4242,
        StartedAt: T0,
        HeartbeatAt: heartbeat,
        CapabilitiesJson: """{"languages":["python","c"],"cores":2,"gpu":false}""",
        Load: 0.75,
        DiskFreeBytes: 123_456_789_012,
        RunningJobs: 1,
        Draining: draining,
        StopRequested: false);

    public static ProblemRecord Problem(string id, string name, byte[] zip) => new(id, name, "batch", T0, "alice", zip);

    public static UserRecord User(string id, string name, DateTimeOffset? createdAt = null, UserRole role = UserRole.Student) =>
        new(id, name, "AQAAAAIAAYagAAAAE" + id, role, createdAt ?? T0);

    public static ApiKeyRecord Key(string id, string userId, DateTimeOffset? createdAt = null, string? hash = null) =>
        new(id, userId, "key " + id, hash ?? "sha256-" + id, "arb_" + id, createdAt ?? T0, null);

    /// <summary>What a store gives back for <paramref name="value"/>: the same instant, whole
    /// milliseconds, in UTC.</summary>
    public static DateTimeOffset Stored(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}

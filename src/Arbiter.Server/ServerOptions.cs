using System.ComponentModel.DataAnnotations;

namespace Arbiter.Server;

/// <summary>How the service runs. Bound from the "Server" section (environment:
/// ARBITER__SERVER__MAXWAITSECONDS and so on); every value has a documented default and range.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>"all" (API and workers), "api" or "worker".</summary>
    [EnumDataType(typeof(ServerRole))]
    public ServerRole Role { get; set; } = ServerRole.All;

    /// <summary>Where the SQLite database and imported problems live.</summary>
    [Required]
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>Longest a <c>?wait=true</c> request is held before answering 202 anyway.</summary>
    [Range(1, 600)]
    public int MaxWaitSeconds { get; set; } = 30;

    /// <summary>Most submissions in one batch request.</summary>
    [Range(1, 10_000)]
    public int MaxBatch { get; set; } = 100;

    /// <summary>Largest source (all files of one submission together), in bytes.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxSourceBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest stdin of a playground run, in bytes.</summary>
    [Range(0, 256 * 1024 * 1024)]
    public int MaxStdinBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest request body (JSON), in bytes; problem uploads have their own limit.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Largest problem package upload, in bytes.</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long MaxProblemBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long a worker's claim on a job lasts without a heartbeat renewing it.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle worker looks at the queue when nothing woke it, in milliseconds.
    /// Work queued in the same process, or announced by PostgreSQL, wakes it at once.</summary>
    [Range(10, 3_600_000)]
    public int IdlePollMilliseconds { get; set; } = 250;

    /// <summary>How often a <c>?wait=true</c> request reads its submission when nothing woke it, in
    /// milliseconds. A result stored in the same process, or announced by PostgreSQL, wakes it at once.</summary>
    [Range(10, 3_600_000)]
    public int WaitPollMilliseconds { get; set; } = 100;

    /// <summary>How long a stopping worker (SIGTERM, Ctrl+C) lets its running jobs finish, in
    /// seconds; it takes no new job meanwhile, and hands back what is still running after it
    /// (queued again at once for another worker). Orchestrators must wait longer than this
    /// before SIGKILL (the generated manifests add 30 s).</summary>
    [Range(0, 86_400)]
    public int DrainSeconds { get; set; } = 25;

    /// <summary>Jobs one worker process runs at once; default: its sandbox pool's size.</summary>
    [Range(1, 256)]
    public int? WorkerParallelism { get; set; }

    /// <summary>The languages this worker takes jobs in, as comma-separated ids ("c,cpp"), to
    /// dedicate workers; empty: every language whose toolchain it has. Either way a worker only
    /// takes jobs in languages it probed available. Checked against the catalog at start.</summary>
    public string? WorkerLanguages { get; set; }

    /// <summary>A worker started by another program (the local autoscaling actuator) stops
    /// gracefully, as on SIGTERM, once the process with this id is no longer its parent: a
    /// controller killed outright must not leave its workers running for good. Unset: no watch.</summary>
    [Range(1, int.MaxValue)]
    public int? ParentProcessId { get; set; }

    /// <summary>Tries to deliver a result to a callback URL, with exponential backoff from 1 s.</summary>
    [Range(1, 20)]
    public int CallbackAttempts { get; set; } = 5;

    /// <summary>What a request without credentials may do; see <see cref="AnonymousAccess"/>.</summary>
    [EnumDataType(typeof(AnonymousAccess))]
    public AnonymousAccess Anonymous { get; set; } = AnonymousAccess.Trusted;

    /// <summary>A signed-in student may send one submission request per this many seconds
    /// (staff and admins are not limited); beyond it, 429 with Retry-After.</summary>
    [Range(0, 3600)]
    public double SubmissionIntervalSeconds { get; set; } = 3;

    /// <summary>How long a playground share link works, in days (fractions allowed).</summary>
    [Range(0.00001, 3650)]
    public double ShareLifetimeDays { get; set; } = 30;

    /// <summary>Submissions an API key may send per UTC day, unless the key has its own quota;
    /// null: no limit beyond the per-user interval.</summary>
    [Range(1, 100_000_000)]
    public int? KeyDailyQuota { get; set; }

    /// <summary>Failed sign-ins allowed per name, and per client address, within
    /// <see cref="SignInLockoutSeconds"/>; beyond them sign-in answers 429 until the window ends.</summary>
    [Range(1, 1000)]
    public int SignInFailuresAllowed { get; set; } = 5;

    [Range(1, 86_400)]
    public int SignInLockoutSeconds { get; set; } = 300;

    /// <summary>Import the sample problems shipped with Arbiter at start, when missing.</summary>
    public bool LoadSampleProblems { get; set; } = true;

    /// <summary>Where to export traces and metrics over OTLP (an OpenTelemetry collector, e.g.
    /// <c>http://collector:4317</c>); the same as the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
    /// which applies when this is unset, as do the other <c>OTEL_*</c> variables (protocol,
    /// headers). With neither, nothing goes over OTLP and submissions are not traced.</summary>
    [Url]
    public string? OtlpEndpoint { get; set; }

    public static string DefaultDataDirectory => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "arbiter");

    /// <summary><see cref="WorkerLanguages"/> as a list; empty when no restriction is set.</summary>
    public IReadOnlyList<string> WorkerLanguageIds =>
        (WorkerLanguages ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool RunsApi => Role is ServerRole.All or ServerRole.Api;

    public bool RunsWorkers => Role is ServerRole.All or ServerRole.Worker;
}

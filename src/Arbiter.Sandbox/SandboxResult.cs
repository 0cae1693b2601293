namespace Arbiter.Sandbox;

/// <summary>What a run did, as measured by the kernel.</summary>
public sealed record SandboxResult
{
    public required RunStatus Status { get; init; }

    /// <summary>Exit code, or null when a signal ended the program.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Signal number that ended the program, or null when it exited.</summary>
    public int? Signal { get; init; }

    /// <summary>Which limit ended the run, if one did.</summary>
    public LimitKind LimitExceeded { get; init; }

    /// <summary>The program tried to start more processes than allowed at least once (a fork
    /// failed); it may still have finished normally.</summary>
    public bool ProcessLimitReached { get; init; }

    /// <summary>CPU time of all the run's processes. A run handed to a pre-started process
    /// (<see cref="Prestarted"/>) counts that process's start-up too, as a run started the usual
    /// way does, so limits and verdicts do not depend on which way it went.</summary>
    public TimeSpan CpuTime { get; init; }

    /// <summary>The run went to a process started ahead of it (<see cref="SandboxRequest.Prestart"/>);
    /// its wall time counts from the hand-off.</summary>
    public bool Prestarted { get; init; }

    public TimeSpan WallTime { get; init; }

    /// <summary>Peak memory of the run's cgroup.</summary>
    public long MemoryBytes { get; init; }

    public byte[] Stdout { get; init; } = [];

    public byte[] Stderr { get; init; } = [];

    /// <summary>Bytes the program wrote to stdout, counting those past the cap.</summary>
    public long StdoutBytes { get; init; }

    public long StderrBytes { get; init; }

    public bool StdoutTruncated => StdoutBytes > Stdout.Length;

    public bool StderrTruncated => StderrBytes > Stderr.Length;

    /// <summary>Files brought back from the work dir, by the names asked for.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>A sentence for people when the status needs one (why it could not start, which
    /// signal, which limit).</summary>
    public string? Message { get; init; }
}

namespace Arbiter.Storage;

/// <summary>A worker process as it last reported itself.</summary>
/// <remarks>
/// <para><c>CapabilitiesJson</c>: Languages, cores, GPU probe: JSON the store does not interpret.</para>
/// <para><c>Draining</c>: Asked to take no new jobs (finishes what it holds).</para>
/// <para><c>StopRequested</c>: Asked to stop once drained.</para>
/// </remarks>
public sealed record WorkerRecord(
    string Id,
    string Host,
    int ProcessId,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    string CapabilitiesJson,
    double Load,
    long DiskFreeBytes,
    int RunningJobs,
    bool Draining,
    bool StopRequested);

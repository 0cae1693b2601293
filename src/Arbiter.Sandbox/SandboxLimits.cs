namespace Arbiter.Sandbox;

/// <summary>
/// The limits of one run. Every limit is enforced by the kernel (cgroups, rlimits, tmpfs size) or
/// by the launcher's deadlines; none is advisory.
/// </summary>
/// <param name="CpuTime">CPU time of all the run's processes together (cgroup accounting).</param>
/// <param name="WallTime">Real time from start to exit.</param>
/// <param name="MemoryBytes">Memory of all processes, page cache and work-dir files included (no swap).</param>
/// <param name="Processes">Processes and threads alive at once (the pids cgroup).</param>
/// <param name="OutputBytes">Cap on captured stdout, and separately on captured stderr.</param>
/// <param name="FileSizeBytes">Largest file the program may write (RLIMIT_FSIZE).</param>
/// <param name="WorkDirBytes">Size of the /box work dir, and separately of /tmp.</param>
/// <param name="StackBytes">Stack size (RLIMIT_STACK).</param>
/// <param name="OpenFiles">Open file descriptors per process (RLIMIT_NOFILE).</param>
public sealed record SandboxLimits(
    TimeSpan CpuTime,
    TimeSpan WallTime,
    long MemoryBytes,
    int Processes,
    long OutputBytes,
    long FileSizeBytes,
    long WorkDirBytes,
    long StackBytes,
    int OpenFiles)
{
    private const long MiB = 1024 * 1024;

    /// <summary>Defaults for a judged test: 2 s CPU, 5 s wall, 256 MiB, 64 processes, 16 MiB output.</summary>
    public static SandboxLimits Default { get; } = new(
        CpuTime: TimeSpan.FromSeconds(2),
        WallTime: TimeSpan.FromSeconds(5),
        MemoryBytes: 256 * MiB,
        Processes: 64,
        OutputBytes: 16 * MiB,
        FileSizeBytes: 64 * MiB,
        WorkDirBytes: 64 * MiB,
        StackBytes: 64 * MiB,
        OpenFiles: 256);

    /// <summary>The largest values any request may ask for; beyond them a request is refused.</summary>
    public static SandboxLimits Maximum { get; } = new(
        CpuTime: TimeSpan.FromMinutes(10),
        WallTime: TimeSpan.FromMinutes(20),
        MemoryBytes: 16L * 1024 * MiB,
        Processes: 4096,
        OutputBytes: 1024 * MiB,
        FileSizeBytes: 4L * 1024 * MiB,
        WorkDirBytes: 8L * 1024 * MiB,
        StackBytes: 4L * 1024 * MiB,
        OpenFiles: 65536);

    /// <summary>The least memory a request may ask for: below a few MiB no dynamically linked
    /// program starts at all.</summary>
    public static long MinimumMemoryBytes => 4 * MiB;

    /// <summary>Lists what is wrong with these limits against <paramref name="maximum"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(SandboxLimits? maximum = null)
    {
        maximum ??= Maximum;
        var errors = new List<string>();
        Check(errors, "cpu time", CpuTime.TotalMilliseconds, 1, maximum.CpuTime.TotalMilliseconds, "ms");
        Check(errors, "wall time", WallTime.TotalMilliseconds, 1, maximum.WallTime.TotalMilliseconds, "ms");
        Check(errors, "memory", MemoryBytes, MinimumMemoryBytes, maximum.MemoryBytes, "bytes");
        Check(errors, "processes", Processes, 1, maximum.Processes, "");
        Check(errors, "output", OutputBytes, 0, maximum.OutputBytes, "bytes");
        Check(errors, "file size", FileSizeBytes, 0, maximum.FileSizeBytes, "bytes");
        Check(errors, "work dir", WorkDirBytes, 64 * 1024, maximum.WorkDirBytes, "bytes");
        Check(errors, "stack", StackBytes, 64 * 1024, maximum.StackBytes, "bytes");
        Check(errors, "open files", OpenFiles, 8, maximum.OpenFiles, "");
        return errors;
    }

    private static void Check(List<string> errors, string name, double value, double min, double max, string unit)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            errors.Add($"{name} must be between {min} and {max} {unit}".TrimEnd() + $" (got {value})");
        }
    }
}

using System.Globalization;

namespace Arbiter.Sandbox;

/// <summary>
/// The limits of one run: the one representation every caller builds (the HTTP API, the CLI and
/// the judge, each through <see cref="Create"/>), stores as it is, and hands to the sandbox. Every
/// limit is enforced by the kernel (cgroups, rlimits, tmpfs size) or by the launcher's deadlines;
/// none is advisory. One unit per quantity: times are <see cref="TimeSpan"/>s, sizes are bytes;
/// the API's milliseconds, MiB and KiB are converted at its edge and nowhere else.
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
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;

    /// <summary>The wall-time rule's factor: CPU time decides TLE; the wall limit only has to
    /// leave room for a busy machine (every slot busy, the CPU shared) and a program that waits.</summary>
    public const int WallTimeFactor = 3;

    /// <summary>The wall-time rule's constant: process start-up that CPU time does not count.</summary>
    public static readonly TimeSpan WallTimeMargin = TimeSpan.FromSeconds(1);

    /// <summary>The largest values any request may ask for; beyond them a request is refused. Declared before
    /// <see cref="Default"/>: static initialisers run in order, and the default's wall time reads it.</summary>
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

    /// <summary>Defaults for a run that asks for nothing: 2 s CPU, 7 s wall (<see cref="WallTimeFor"/>),
    /// 256 MiB, 64 processes, 16 MiB output. A judged test instead takes its problem's limits
    /// (1024 MiB of memory when the package gives none: the engine's <c>TestLimits</c>).</summary>
    public static SandboxLimits Default { get; } = new(
        CpuTime: TimeSpan.FromSeconds(2),
        WallTime: WallTimeFor(TimeSpan.FromSeconds(2)),
        MemoryBytes: 256 * MiB,
        Processes: 64,
        OutputBytes: 16 * MiB,
        FileSizeBytes: 64 * MiB,
        WorkDirBytes: 64 * MiB,
        StackBytes: 64 * MiB,
        OpenFiles: 256);

    /// <summary>The least memory a request may ask for: below a few MiB no dynamically linked
    /// program starts at all.</summary>
    public static long MinimumMemoryBytes => 4 * MiB;

    /// <summary>
    /// The one wall-time rule, for every run that does not set its own wall limit (the API, the
    /// CLI, judged tests, compilers, validators): <see cref="WallTimeFactor"/> times the CPU limit
    /// plus <see cref="WallTimeMargin"/>, at most <see cref="Maximum"/>'s wall time. A CPU limit
    /// that is no span of time at all (negative, beyond the maximum) is left for
    /// <see cref="Validate"/> to report; its wall time is then the maximum.
    /// </summary>
    public static TimeSpan WallTimeFor(TimeSpan cpuTime) =>
        cpuTime <= TimeSpan.Zero || cpuTime > Maximum.CpuTime ? Maximum.WallTime
            : Min((cpuTime * WallTimeFactor) + WallTimeMargin, Maximum.WallTime);

    /// <summary>
    /// Limits from what a caller sets, the rest from <see cref="Default"/>. A wall limit that is
    /// not set follows the CPU limit by <see cref="WallTimeFor"/>; one that is set is kept as
    /// given (a caller may want a sleeper stopped sooner). Nothing is clamped: out-of-range values
    /// stay, for <see cref="Validate"/> to report.
    /// </summary>
    public static SandboxLimits Create(TimeSpan? cpuTime = null, TimeSpan? wallTime = null, long? memoryBytes = null, int? processes = null, long? outputBytes = null)
    {
        var cpu = cpuTime ?? Default.CpuTime;
        return Default with
        {
            CpuTime = cpu,
            WallTime = wallTime ?? WallTimeFor(cpu),
            MemoryBytes = memoryBytes ?? Default.MemoryBytes,
            Processes = processes ?? Default.Processes,
            OutputBytes = outputBytes ?? Default.OutputBytes,
        };
    }

    /// <summary>Lists what is wrong with these limits against <paramref name="maximum"/>, each in
    /// the unit people give it in (milliseconds, MiB of memory, KiB of the other sizes); empty when valid.</summary>
    public IReadOnlyList<string> Validate(SandboxLimits? maximum = null)
    {
        maximum ??= Maximum;
        var errors = new List<string>();
        Check(errors, "cpu time", CpuTime.TotalMilliseconds, 1, maximum.CpuTime.TotalMilliseconds, 1, "ms");
        Check(errors, "wall time", WallTime.TotalMilliseconds, 1, maximum.WallTime.TotalMilliseconds, 1, "ms");
        Check(errors, "memory", MemoryBytes, MinimumMemoryBytes, maximum.MemoryBytes, MiB, "MiB");
        Check(errors, "processes", Processes, 1, maximum.Processes, 1, "");
        Check(errors, "output", OutputBytes, 0, maximum.OutputBytes, KiB, "KiB");
        Check(errors, "file size", FileSizeBytes, 0, maximum.FileSizeBytes, KiB, "KiB");
        Check(errors, "work dir", WorkDirBytes, 64 * KiB, maximum.WorkDirBytes, KiB, "KiB");
        Check(errors, "stack", StackBytes, 64 * KiB, maximum.StackBytes, KiB, "KiB");
        Check(errors, "open files", OpenFiles, 8, maximum.OpenFiles, 1, "");
        return errors;
    }

    private static void Check(List<string> errors, string name, double value, double min, double max, double unit, string unitName)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            var unitText = unitName.Length > 0 ? " " + unitName : "";
            errors.Add($"{name} must be between {In(min, unit)} and {In(max, unit)}{unitText} (got {In(value, unit)}{unitText})");
        }
    }

    /// <summary>A value in a unit, exact enough that a value just outside a bound never prints as the bound.</summary>
    private static string In(double value, double unit) => (value / unit).ToString("0.#######", CultureInfo.InvariantCulture);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

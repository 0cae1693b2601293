namespace Arbiter.Bench;

/// <summary>One program in one mode: wall time, CPU time (user + system, the program's children
/// included) and how it compares with bare (not measured for bubblewrap, whose pid 1 reaps the
/// program out of this process's sight), throughput with 1 and 2 runs at once (not measured for
/// the diagnostic modes).</summary>
internal sealed record ProgramFigures(
    string Program,
    string Mode,
    double MedianMs,
    double P95Ms,
    double? CpuMedianMs,
    double? CpuVsBare,
    double? RunsPerSecOneSlot,
    double? RunsPerSecTwoSlots);

namespace Arbiter.Engine.Problems;

/// <summary>The limits a package imposes on submissions. Null means "the system default".</summary>
/// <param name="TimeLimit">Per-test CPU time limit, or null when it must be calibrated (see <see cref="Calibration"/>).</param>
/// <param name="TimeLimitSource">Where <see cref="TimeLimit"/> came from.</param>
/// <param name="Calibration">Multipliers for computing a time limit from accepted runs.</param>
/// <param name="MemoryMiB">Memory limit in MiB (<c>limits.memory</c>).</param>
/// <param name="OutputMiB">Output limit in MiB (<c>limits.output</c>).</param>
/// <param name="CodeKiB">Largest submission in KiB (<c>limits.code</c>).</param>
/// <param name="CompilationTime">Compile time limit (<c>limits.compilation_time</c>).</param>
/// <param name="ValidationTime">Output validator time limit (<c>limits.validation_time</c>).</param>
/// <param name="ValidationPasses">Most passes of a multi-pass problem (<c>limits.validation_passes</c>, default 2).</param>
public sealed record ProblemLimits(
    TimeSpan? TimeLimit,
    TimeLimitSource TimeLimitSource,
    TimeCalibration Calibration,
    int? MemoryMiB,
    int? OutputMiB,
    int? CodeKiB,
    TimeSpan? CompilationTime,
    TimeSpan? ValidationTime,
    int ValidationPasses);

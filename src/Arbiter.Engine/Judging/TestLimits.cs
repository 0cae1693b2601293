using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>A package's limits as sandbox limits, through <see cref="SandboxLimits.Create"/> and so
/// with its one wall-time rule; CPU time is what decides TLE. A package value the
/// sandbox cannot honour (<c>limits.memory: 1</c>, below the least memory any program can start
/// in) is raised to what it can, and <see cref="Adjustments"/> says so in words.</summary>
internal static class TestLimits
{
    /// <summary>Time limit for packages that give none and have no accepted submission to calibrate from.</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);

    private const int DefaultMemoryMiB = 1024;
    private const int DefaultOutputMiB = 8;

    public static SandboxLimits For(ProblemPackage problem, TimeSpan timeLimit)
    {
        var maximum = SandboxLimits.Maximum;
        var output = (long)(problem.Limits.OutputMiB ?? DefaultOutputMiB) << 20;
        return SandboxLimits.Create(
            cpuTime: timeLimit < maximum.CpuTime ? timeLimit : maximum.CpuTime,
            memoryBytes: MemoryBytes(problem),
            outputBytes: Math.Min(output, maximum.OutputBytes)) with
        {
            FileSizeBytes = Math.Max(output, SandboxLimits.Default.FileSizeBytes),
        };
    }

    /// <summary>What the tests run with that differs from what the package asks for, one sentence
    /// each; empty when the package's limits are used as they are.</summary>
    public static IReadOnlyList<string> Adjustments(ProblemPackage problem)
    {
        var adjustments = new List<string>();
        if (problem.Limits.MemoryMiB is { } asked && ((long)asked << 20) != MemoryBytes(problem))
        {
            adjustments.Add($"limits.memory of {asked} MiB cannot be honoured (the sandbox allows {SandboxLimits.MinimumMemoryBytes >> 20} " +
                $"to {SandboxLimits.Maximum.MemoryBytes >> 20} MiB); the tests run with {MemoryBytes(problem) >> 20} MiB");
        }

        return adjustments;
    }

    /// <summary>The package's memory limit, or the default, within what the sandbox allows.</summary>
    private static long MemoryBytes(ProblemPackage problem) =>
        Math.Clamp((long)(problem.Limits.MemoryMiB ?? DefaultMemoryMiB) << 20, SandboxLimits.MinimumMemoryBytes, SandboxLimits.Maximum.MemoryBytes);

    /// <summary>
    /// CPU time of an output validator or interactor when the package sets no
    /// <c>validation_time</c> (nor a longer time limit): a validator reads one output, so a few
    /// seconds are plenty, and one that hangs or spins costs little before it is called broken.
    /// </summary>
    public static readonly TimeSpan DefaultValidationTime = TimeSpan.FromSeconds(5);

    /// <summary>An output validator's limits: <c>validation_time</c> or the default as CPU time
    /// (the validator's language multiplier does not apply), wall time by the one rule.</summary>
    public static SandboxLimits ForValidator(ProblemPackage problem, TimeSpan timeLimit) =>
        Validation(ValidationTime(problem, timeLimit), wall: null);

    /// <summary>An interactor's limits: CPU time as a validator's; its wall time only has to outlast
    /// the submission's (with room for the submission to wait for a sandbox), since the
    /// interactor is stopped <see cref="Interaction.Grace"/> after the submission ends.</summary>
    public static SandboxLimits ForInteractor(ProblemPackage problem, TimeSpan timeLimit, TimeSpan submissionWallTime)
    {
        var wall = (submissionWallTime * 2) + Interaction.Grace;
        return Validation(ValidationTime(problem, timeLimit), wall < SandboxLimits.Maximum.WallTime ? wall : SandboxLimits.Maximum.WallTime);
    }

    private static TimeSpan ValidationTime(ProblemPackage problem, TimeSpan timeLimit) =>
        problem.Limits.ValidationTime ?? (timeLimit > DefaultValidationTime ? timeLimit : DefaultValidationTime);

    private static SandboxLimits Validation(TimeSpan cpu, TimeSpan? wall)
    {
        var maximum = SandboxLimits.Maximum;
        return SandboxLimits.Create(cpu < maximum.CpuTime ? cpu : maximum.CpuTime, wall, memoryBytes: 2L << 30, outputBytes: 8L << 20);
    }
}

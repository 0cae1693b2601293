using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>A package's limits as sandbox limits. The wall limit leaves room for a busy machine
/// (three times the CPU limit plus a second); CPU time is what decides TLE.</summary>
internal static class TestLimits
{
    /// <summary>Time limit for packages that give none and have no accepted submission to calibrate from.</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);

    private const int DefaultMemoryMiB = 1024;
    private const int DefaultOutputMiB = 8;

    public static SandboxLimits For(ProblemPackage problem, TimeSpan timeLimit)
    {
        var maximum = SandboxLimits.Maximum;
        var cpu = timeLimit < maximum.CpuTime ? timeLimit : maximum.CpuTime;
        var wall = (cpu * 3) + TimeSpan.FromSeconds(1);
        var output = (long)(problem.Limits.OutputMiB ?? DefaultOutputMiB) << 20;
        return SandboxLimits.Default with
        {
            CpuTime = cpu,
            WallTime = wall < maximum.WallTime ? wall : maximum.WallTime,
            MemoryBytes = Math.Min((long)(problem.Limits.MemoryMiB ?? DefaultMemoryMiB) << 20, maximum.MemoryBytes),
            OutputBytes = Math.Min(output, maximum.OutputBytes),
            FileSizeBytes = Math.Max(output, SandboxLimits.Default.FileSizeBytes),
        };
    }

    /// <summary>What an output validator or interactor gets: generous, since its failures are the judge's.</summary>
    public static SandboxLimits ForValidator(ProblemPackage problem, TimeSpan timeLimit)
    {
        var validation = problem.Limits.ValidationTime ?? TimeSpan.FromSeconds(30);
        var cpu = validation > timeLimit * 2 ? validation : timeLimit * 2;
        return SandboxLimits.Default with
        {
            CpuTime = cpu,
            WallTime = (cpu * 2) + TimeSpan.FromSeconds(5),
            MemoryBytes = 2L << 30,
            OutputBytes = 8L << 20,
        };
    }
}

using System.CommandLine;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary>The limit options <c>exec</c> and <c>run</c> share, and how they become limits: values
/// that cannot be limits at all (negative, not finite, overflowing) are reported as given.</summary>
internal sealed class LimitOptions
{
    public Option<double?> Cpu { get; } = new("--cpu-time") { Description = "CPU time limit in seconds (default 2)." };

    public Option<double?> Wall { get; } = new("--wall-time") { Description = "Wall time limit in seconds (default: twice the CPU limit plus 1 s)." };

    public Option<long?> Memory { get; } = new("--memory") { Description = "Memory limit in MiB (default 256)." };

    public Option<int?> Processes { get; } = new("--processes") { Description = "Processes and threads at once (default 64)." };

    public Option<long?> Output { get; } = new("--output") { Description = "Cap on stdout, and on stderr, in KiB (default 16384)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Cpu);
        command.Options.Add(Wall);
        command.Options.Add(Memory);
        command.Options.Add(Processes);
        command.Options.Add(Output);
    }

    /// <summary>The limits asked for, with every problem (including range checks) in <paramref name="errors"/>.</summary>
    public SandboxLimits Read(ParseResult parse, List<string> errors)
    {
        var defaults = SandboxLimits.Default;
        var cpuTime = Seconds(parse.GetValue(Cpu), "--cpu-time", errors) ?? defaults.CpuTime;
        var wallDefault = (cpuTime * 2) + TimeSpan.FromSeconds(1);
        var limits = defaults with
        {
            CpuTime = cpuTime,
            WallTime = Seconds(parse.GetValue(Wall), "--wall-time", errors)
                ?? (wallDefault < SandboxLimits.Maximum.WallTime ? wallDefault : SandboxLimits.Maximum.WallTime),
            MemoryBytes = Scaled(parse.GetValue(Memory), 1024 * 1024, "--memory", errors) ?? defaults.MemoryBytes,
            Processes = parse.GetValue(Processes) ?? defaults.Processes,
            OutputBytes = Scaled(parse.GetValue(Output), 1024, "--output", errors) ?? defaults.OutputBytes,
        };
        errors.AddRange(limits.Validate());
        return limits;
    }

    private static TimeSpan? Seconds(double? seconds, string option, List<string> errors)
    {
        if (seconds is not { } value)
        {
            return null;
        }

        if (!double.IsFinite(value) || value <= 0 || value > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            errors.Add($"{option} must be a positive number of seconds (got {value})");
            return null;
        }

        return TimeSpan.FromSeconds(value);
    }

    private static long? Scaled(long? value, long unit, string option, List<string> errors)
    {
        if (value is not { } given)
        {
            return null;
        }

        if (given <= 0 || given > long.MaxValue / unit)
        {
            errors.Add($"{option} must be a positive number (got {given})");
            return null;
        }

        return given * unit;
    }
}

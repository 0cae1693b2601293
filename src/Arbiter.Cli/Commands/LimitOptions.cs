using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary>The limit options <c>exec</c> and <c>run</c> share, and how they become limits: values
/// that cannot be limits at all (not a number, negative, not finite, overflowing) are reported as given.</summary>
internal sealed class LimitOptions
{
    public Option<double?> Cpu { get; } = NumberOption<double>("--cpu-time", "CPU time limit in seconds (default 2).");

    public Option<double?> Wall { get; } = NumberOption<double>("--wall-time", "Wall time limit in seconds (default: three times the CPU limit plus 1 s).");

    public Option<long?> Memory { get; } = NumberOption<long>("--memory", "Memory limit in MiB (default 256).");

    public Option<int?> Processes { get; } = NumberOption<int>("--processes", "Processes and threads at once (default 64).");

    public Option<long?> Output { get; } = NumberOption<long>("--output", "Cap on stdout, and on stderr, in KiB (default 16384).");

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
        // The one factory and wall-time rule the API and the judge use too.
        var limits = SandboxLimits.Create(
            cpuTime: Seconds(parse.GetValue(Cpu), "--cpu-time", errors),
            wallTime: Seconds(parse.GetValue(Wall), "--wall-time", errors),
            memoryBytes: Scaled(parse.GetValue(Memory), 1024 * 1024, "--memory", errors),
            processes: parse.GetValue(Processes),
            outputBytes: Scaled(parse.GetValue(Output), 1024, "--output", errors));
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

    /// <summary>An option whose value that is not a number of type <typeparamref name="T"/> is
    /// refused in plain words, not in the parser's own (which names .NET types).</summary>
    private static Option<T?> NumberOption<T>(string name, string description)
        where T : struct, INumber<T>
    {
        var style = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        var kind = typeof(T) == typeof(double) ? "a number" : "a whole number";
        return new Option<T?>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (T.TryParse(text, style, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                result.AddError($"{name} must be {kind} (got '{text}')");
                return null;
            },
        };
    }
}

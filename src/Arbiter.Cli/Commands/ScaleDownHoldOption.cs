using System.CommandLine;

namespace Arbiter.Cli.Commands;

/// <summary><c>--scale-down-hold SECONDS</c>, as <c>autoscale run</c> and <c>autoscale simulate</c>
/// both take it: checked to 0–3600 s before it becomes a TimeSpan (1e20 overflows one).</summary>
internal static class ScaleDownHoldOption
{
    public static Option<double?> Create() => new("--scale-down-hold")
    {
        Description = "predictive: scale down only to the highest need of this many seconds (default: learned, two intervals growing to 30 s while scale-downs are undone).",
    };

    /// <exception cref="ArgumentException">NaN, negative or above an hour: a usage error.</exception>
    public static TimeSpan? Read(ParseResult parse, Option<double?> option) =>
        parse.GetValue(option) is not { } seconds ? null
        : seconds is >= 0 and <= 3600 ? TimeSpan.FromSeconds(seconds)
        : throw new ArgumentException("--scale-down-hold must be 0 to 3600 seconds");
}

using System.Globalization;

namespace Arbiter.Autoscaling.Traces;

/// <summary>
/// Built-in traces named on the command line instead of a file: <c>constant:R</c> (R requests/s
/// throughout), <c>ramp:A-B</c> (A rising linearly to B), <c>step:A-B</c> (A for the first half,
/// B for the second; <c>step</c> is <c>step:1-5</c>) and <c>spike:A-B</c> (A, with B for the middle
/// tenth; <c>spike</c> is <c>spike:1-10</c>).
/// </summary>
public static class TraceProfiles
{
    public static bool IsProfile(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var kind = spec.Split(':', 2)[0];
        return kind is "constant" or "ramp" or "step" or "spike";
    }

    public static Trace Create(string spec, int seconds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (seconds is < 1 or > Trace.MaxSeconds)
        {
            throw new TraceFormatException($"a profile's duration must be 1 to {Trace.MaxSeconds} seconds, not {seconds}");
        }

        var parts = spec.Split(':', 2);
        var kind = parts[0];
        var argument = parts.Length > 1 ? parts[1] : null;
        var rates = new double[seconds];
        switch (kind)
        {
            case "constant":
                var rate = Number(spec, argument ?? throw new TraceFormatException($"'{spec}': say the rate, e.g. constant:5"));
                Array.Fill(rates, rate);
                break;
            case "ramp":
                var (from, to) = Pair(spec, argument ?? throw new TraceFormatException($"'{spec}': say the two rates, e.g. ramp:1-10"));
                for (var s = 0; s < seconds; s++)
                {
                    rates[s] = seconds == 1 ? from : from + ((to - from) * s / (seconds - 1));
                }

                break;
            case "step":
                var (low, high) = argument is null ? (1, 5) : Pair(spec, argument);
                for (var s = 0; s < seconds; s++)
                {
                    rates[s] = s < seconds / 2 ? low : high;
                }

                break;
            case "spike":
                var (baseline, peak) = argument is null ? (1, 10) : Pair(spec, argument);
                var start = (int)(seconds * 0.45);
                var end = Math.Max(start + 1, (int)(seconds * 0.55));
                for (var s = 0; s < seconds; s++)
                {
                    rates[s] = s >= start && s < end ? peak : baseline;
                }

                break;
            default:
                throw new TraceFormatException($"unknown profile '{kind}': use constant:R, ramp:A-B, step[:A-B] or spike[:A-B], or a trace file");
        }

        return new Trace(spec, rates);
    }

    private static (double, double) Pair(string spec, string argument)
    {
        var parts = argument.Split('-');
        if (parts.Length != 2)
        {
            throw new TraceFormatException($"'{spec}': expected two rates as A-B");
        }

        return (Number(spec, parts[0]), Number(spec, parts[1]));
    }

    private static double Number(string spec, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0 || value > 1e7)
        {
            throw new TraceFormatException($"'{spec}': '{text}' is not a rate from 0 to 10000000 requests/s");
        }

        return value;
    }
}

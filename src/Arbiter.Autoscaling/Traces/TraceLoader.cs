namespace Arbiter.Autoscaling.Traces;

/// <summary>Reads the <c>--trace</c> argument: a built-in profile, a CSV file or a World Cup 1998
/// log (plain or gzip), told apart by their first bytes rather than their names.</summary>
public static class TraceLoader
{
    /// <summary>The duration a profile gets when none is given.</summary>
    public const int DefaultProfileSeconds = 300;

    public static Trace Load(string spec, int? durationSeconds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (TraceProfiles.IsProfile(spec) && !File.Exists(spec))
        {
            return TraceProfiles.Create(spec, durationSeconds ?? DefaultProfileSeconds);
        }

        if (!File.Exists(spec))
        {
            throw new TraceFormatException($"{spec}: no such file (and not a profile: constant:R, ramp:A-B, step, spike)");
        }

        Trace trace;
        try
        {
            using var file = File.OpenRead(spec);
            var head = new byte[512];
            var got = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            file.Position = 0;
            var name = Path.GetFileName(spec);
            if (WorldCupLog.LooksBinary(head.AsSpan(0, got)))
            {
                trace = WorldCupLog.Read(name, file);
            }
            else
            {
                using var reader = new StreamReader(file, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
                trace = TraceCsv.Read(name, reader);
            }
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new TraceFormatException($"{spec}: not valid UTF-8 text, and not a World Cup 1998 log");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TraceFormatException($"{spec}: {e.Message}");
        }
        catch (IOException e)
        {
            throw new TraceFormatException($"{spec}: {e.Message}");
        }

        return durationSeconds is { } limit ? trace.Take(limit) : trace;
    }
}

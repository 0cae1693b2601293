using System.Globalization;
using System.Text;

namespace Arbiter.Autoscaling.Traces;

/// <summary>
/// The CSV trace format: one <c>second,requests</c> line per second, seconds counted from 0 and
/// increasing; seconds left out have no requests. A first line that is not numeric is a header;
/// blank lines and lines starting with <c>#</c> are ignored.
/// </summary>
public static class TraceCsv
{
    public static Trace Read(string name, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rates = new List<double>();
        var lineNumber = 0;
        var sawData = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length != 2)
            {
                throw new TraceFormatException($"{name}: line {lineNumber}: expected 'second,requests', found {fields.Length} field(s)");
            }

            var secondOk = long.TryParse(fields[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var second);
            var requestsOk = double.TryParse(fields[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var requests);
            if (!sawData && !secondOk && !requestsOk)
            {
                sawData = true; // a header line
                continue;
            }

            sawData = true;
            if (!secondOk)
            {
                throw new TraceFormatException($"{name}: line {lineNumber}: the second '{fields[0].Trim()}' is not a whole number ≥ 0");
            }

            if (!requestsOk || !double.IsFinite(requests) || requests < 0)
            {
                throw new TraceFormatException($"{name}: line {lineNumber}: the request count '{fields[1].Trim()}' is not a number ≥ 0");
            }

            if (second >= Trace.MaxSeconds)
            {
                throw new TraceFormatException($"{name}: line {lineNumber}: second {second} is past the longest trace accepted ({Trace.MaxSeconds} s, one week)");
            }

            if (second < rates.Count)
            {
                throw new TraceFormatException($"{name}: line {lineNumber}: second {second} comes after second {rates.Count - 1}; seconds must increase");
            }

            while (rates.Count < second)
            {
                rates.Add(0);
            }

            rates.Add(requests);
        }

        if (rates.Count == 0)
        {
            throw new TraceFormatException($"{name}: no 'second,requests' lines");
        }

        return new Trace(name, rates);
    }

    public static string Write(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var text = new StringBuilder("second,requests\n");
        for (var second = 0; second < trace.Seconds; second++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{second},{trace.RequestsPerSecond[second]:0.###}\n");
        }

        return text.ToString();
    }
}

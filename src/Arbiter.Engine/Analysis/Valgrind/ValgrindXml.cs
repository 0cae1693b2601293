using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Arbiter.Engine.Analysis.Valgrind;

/// <summary>
/// Parses memcheck's XML (<c>valgrind --xml=yes --xml-file=…</c>, protocol 4, valgrind 3.x).
/// Never throws: malformed or truncated XML (valgrind killed by a limit) gives the records read
/// before the damage, with <see cref="ValgrindReport.Complete"/> false.
/// </summary>
public static partial class ValgrindXml
{

    /// <summary>Parses the XML text.</summary>
    public static ValgrindReport Parse(string xml, string workDir = "/box", int maxErrors = 100)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return Parse(AnalysisText.Encode(xml), workDir, maxErrors);
    }

    /// <summary>Parses the XML file's bytes as brought back from the sandbox.</summary>
    /// <param name="xml">The file's content; empty gives <see cref="ValgrindReport.Missing"/>.</param>
    /// <param name="workDir">The sandbox work dir; source paths under it are made relative.</param>
    /// <param name="maxErrors">Most records kept; the rest are counted in <see cref="ValgrindReport.TotalErrors"/>.</param>
    public static ValgrindReport Parse(ReadOnlySpan<byte> xml, string workDir = "/box", int maxErrors = 100)
    {
        if (xml.IsEmpty)
        {
            return ValgrindReport.Missing;
        }

        var state = new ParseState(workDir);
        var complete = false;
        try
        {
            using var stream = new MemoryStream(xml.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                CheckCharacters = false,
                IgnoreWhitespace = true,
                IgnoreComments = true,
            });
            complete = Read(reader, state, maxErrors);
        }
        catch (XmlException)
        {
            // Truncated or damaged: keep what was read.
        }

        return state.ToReport(complete);
    }

    private static bool Read(XmlReader reader, ParseState state, int maxErrors)
    {
        var sawRoot = false;
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Name == "valgrindoutput")
                {
                    return true;
                }

                reader.Read();
                continue;
            }

            switch (reader.Name)
            {
                case "valgrindoutput":
                    sawRoot = true;
                    reader.Read();
                    break;
                case "error" when reader.Depth == 1:
                    state.Total++;
                    var error = (XElement)XNode.ReadFrom(reader);
                    if (state.Errors.Count < maxErrors)
                    {
                        state.Errors.Add(error);
                    }
                    else
                    {
                        state.CountLeakOnly(error);
                    }

                    break;
                case "fatal_signal" when reader.Depth == 1:
                    state.FatalSignal = (XElement)XNode.ReadFrom(reader);
                    break;
                case "errorcounts" when reader.Depth == 1:
                    foreach (var pair in ((XElement)XNode.ReadFrom(reader)).Elements("pair"))
                    {
                        if (int.TryParse((string?)pair.Element("count"), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                            && (string?)pair.Element("unique") is { } unique)
                        {
                            state.Counts[unique] = count;
                        }
                    }

                    break;
                default:
                    if (sawRoot && reader.Depth == 1)
                    {
                        reader.Skip();
                    }
                    else
                    {
                        reader.Read();
                    }

                    break;
            }
        }

        return false;
    }

    private sealed class ParseState(string workDir)
    {
        public List<XElement> Errors { get; } = [];

        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public XElement? FatalSignal { get; set; }

        public int Total { get; set; }

        private readonly List<XElement> _leaksBeyondCap = [];

        /// <summary>Records past the cap still count toward the leak totals.</summary>
        public void CountLeakOnly(XElement error)
        {
            if (((string?)error.Element("kind"))?.StartsWith("Leak_", StringComparison.Ordinal) == true && _leaksBeyondCap.Count < 100_000)
            {
                _leaksBeyondCap.Add(error);
            }
        }

        public ValgrindReport ToReport(bool complete)
        {
            var errors = Errors.Select(e => ValgrindErrorReader.Read(e, workDir, Counts)).ToList();
            var leaks = Leaks(errors.Concat(_leaksBeyondCap.Select(e => ValgrindErrorReader.Read(e, workDir, Counts))));
            var fatal = FatalSignal is null ? null : ValgrindErrorReader.ReadFatalSignal(FatalSignal, workDir);
            return new ValgrindReport(errors, Total, leaks, fatal, complete);
        }

        private static ValgrindLeakSummary Leaks(IEnumerable<ValgrindError> errors)
        {
            long definite = 0, definiteBlocks = 0, indirect = 0, indirectBlocks = 0, indirectInDefinite = 0;
            long possible = 0, possibleBlocks = 0, reachable = 0, reachableBlocks = 0;
            foreach (var e in errors)
            {
                var bytes = e.Bytes ?? 0;
                var blocks = e.Blocks ?? 0;
                switch (e.Kind)
                {
                    case ValgrindErrorKind.LeakDefinitelyLost:
                        var split = DirectIndirect().Match(e.What);
                        if (split.Success)
                        {
                            definite += long.Parse(split.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                            indirectInDefinite += long.Parse(split.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
                        }
                        else
                        {
                            definite += bytes;
                        }

                        definiteBlocks += blocks;
                        break;
                    case ValgrindErrorKind.LeakIndirectlyLost:
                        indirect += bytes;
                        indirectBlocks += blocks;
                        break;
                    case ValgrindErrorKind.LeakPossiblyLost:
                        possible += bytes;
                        possibleBlocks += blocks;
                        break;
                    case ValgrindErrorKind.LeakStillReachable:
                        reachable += bytes;
                        reachableBlocks += blocks;
                        break;
                }
            }

            // Without --show-leak-kinds=indirect there are no indirect records, only the
            // "(16 direct, 16 indirect)" split in the definite ones.
            return new ValgrindLeakSummary(definite, definiteBlocks, Math.Max(indirect, indirectInDefinite), indirectBlocks,
                possible, possibleBlocks, reachable, reachableBlocks);
        }
    }

    [GeneratedRegex(@"\((\d{1,18}) direct, (\d{1,18}) indirect\)")]
    internal static partial Regex DirectIndirect();
}

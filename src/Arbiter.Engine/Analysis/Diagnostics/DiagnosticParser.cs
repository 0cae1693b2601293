namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>Turns a compiler's output into located diagnostics. Never throws on malformed,
/// truncated or binary output: whatever can be read is returned.</summary>
public static class DiagnosticParser
{
    /// <summary>Parses compiler output (usually stderr) in the given format.</summary>
    public static DiagnosticList Parse(string output, DiagnosticFormat format, DiagnosticOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Parse(AnalysisText.Encode(output), format, options);
    }

    /// <summary>Parses raw compiler output; invalid UTF-8 becomes U+FFFD.</summary>
    public static DiagnosticList Parse(ReadOnlySpan<byte> output, DiagnosticFormat format, DiagnosticOptions? options = null)
    {
        var collector = new DiagnosticCollector(options ?? DiagnosticOptions.Default);
        var textLines = new List<string>();
        switch (format)
        {
            case DiagnosticFormat.GccJson:
                JsonStreamScanner.Scan(output, element => GccJsonDiagnostics.Add(element, collector), textLines);
                break;
            case DiagnosticFormat.RustcJson:
                JsonStreamScanner.Scan(output, element => RustcJsonDiagnostics.Add(element, collector), textLines);
                break;
            default:
                textLines.AddRange(AnalysisText.Decode(output).Split('\n').Take(JsonStreamScanner.MaxTextLines).Select(l => l.TrimEnd('\r')));
                break;
        }

        TextDiagnostics.Parse(textLines, collector);
        return collector.ToList();
    }
}

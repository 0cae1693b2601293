namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>Gathers diagnostics under the configured bounds, relativising paths and shortening
/// messages, so no parser can produce an unbounded list.</summary>
internal sealed class DiagnosticCollector(DiagnosticOptions options)
{
    private readonly List<Diagnostic> _items = [];

    public int Total { get; private set; }

    public bool IsFull => _items.Count >= options.MaxDiagnostics;

    public bool HasErrors { get; private set; }

    public void Add(string? file, int line, int column, DiagnosticSeverity severity, string message, string? code)
    {
        Total++;
        HasErrors |= severity == DiagnosticSeverity.Error;
        if (IsFull)
        {
            return;
        }

        var text = AnalysisText.Truncate(message.Trim(), options.MaxMessageLength);
        var path = AnalysisText.RelativePath(file ?? "", options.WorkDir);
        _items.Add(new Diagnostic(path, Math.Max(0, line), Math.Max(0, column), severity, text,
            string.IsNullOrEmpty(code) ? null : AnalysisText.Truncate(code, 100)));
    }

    public DiagnosticList ToList() => _items.Count == 0 && Total == 0 ? DiagnosticList.Empty : new DiagnosticList(_items.ToArray(), Total);
}

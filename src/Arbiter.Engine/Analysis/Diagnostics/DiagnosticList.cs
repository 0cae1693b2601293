namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>The diagnostics of one compilation, in the compiler's order.</summary>
/// <param name="Items">At most <see cref="DiagnosticOptions.MaxDiagnostics"/> diagnostics.</param>
/// <param name="Total">How many the output held, counting those left out.</param>
public sealed record DiagnosticList(IReadOnlyList<Diagnostic> Items, int Total)
{
    /// <summary>No diagnostics.</summary>
    public static DiagnosticList Empty { get; } = new([], 0);

    /// <summary>Some diagnostics were left out to keep the list bounded.</summary>
    public bool Truncated => Total > Items.Count;

    /// <summary>Number of errors among <see cref="Items"/>.</summary>
    public int ErrorCount => Items.Count(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Number of warnings among <see cref="Items"/>.</summary>
    public int WarningCount => Items.Count(d => d.Severity == DiagnosticSeverity.Warning);
}

namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>How serious a compiler diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>An error (including gcc's "fatal error" and linker errors); compilation failed.</summary>
    Error,

    /// <summary>A warning; compilation may still have succeeded.</summary>
    Warning,

    /// <summary>A note or help attached to an error or warning.</summary>
    Note,
}

namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>The shape of a compiler's output, chosen per language.</summary>
public enum DiagnosticFormat
{
    /// <summary>Plain text: "file:line:col: error: msg", javac, go, C#, linker errors, Python and
    /// Node tracebacks (best effort).</summary>
    Text,

    /// <summary>gcc/g++ with <c>-fdiagnostics-format=json</c>: one JSON array per compiler run on
    /// stderr, mixed with plain text from the driver and the linker (parsed as <see cref="Text"/>).</summary>
    GccJson,

    /// <summary>rustc with <c>--error-format=json</c>: one JSON object per line on stderr.</summary>
    RustcJson,
}

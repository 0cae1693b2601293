namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>One compiler message, located in the submission's sources.</summary>
/// <param name="File">Path relative to the work dir ("main.c"), a system path ("/usr/include/…"),
/// or empty when the message names no file (a linker or driver error).</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
/// <param name="Severity">Error, warning or note.</param>
/// <param name="Message">The message, shortened to a bounded length.</param>
/// <param name="Code">The compiler's name for it when it gives one: a gcc option
/// ("-Wunused-variable"), a rustc code ("E0308"), a C# code ("CS0103") or a tool ("ld").</param>
public sealed record Diagnostic(string File, int Line, int Column, DiagnosticSeverity Severity, string Message, string? Code);

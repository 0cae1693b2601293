namespace Arbiter.Engine.Analysis.Functions;

/// <summary>A construct of a language that does what a C library function does (Go's
/// exec.Command forks and executes), so a rule banning the C function bans it too.</summary>
/// <param name="Construct">How the student wrote it, for the message ("exec.Command").</param>
/// <param name="Functions">The C functions it amounts to ("fork", "execve", …).</param>
/// <param name="SourcePatterns">Token sequences ("exec.Command"), or a quoted import path
/// ("\"os/exec\"") found as written outside comments; the first found gives the line.</param>
/// <param name="SymbolMarkers">Text in a defined symbol of a static binary that shows the
/// construct is linked in ("os/exec.(*Cmd).Start"), however the source spelled it.</param>
internal sealed record FunctionEquivalent(string Construct, IReadOnlyList<string> Functions, IReadOnlyList<string> SourcePatterns, IReadOnlyList<string> SymbolMarkers);

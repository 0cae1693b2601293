namespace Arbiter.Engine.Analysis.Functions;

/// <summary>One broken rule.</summary>
/// <param name="Kind">Which rule.</param>
/// <param name="Name">The function or keyword, as the rule names it.</param>
/// <param name="File">The source file it was found in (relative), or null when the call is in the
/// object but not visible in the source text (a macro, a header, a compiler rewrite).</param>
/// <param name="Line">1-based line, or 0 when not found.</param>
/// <param name="Message">"call to banned function 'system' at main.c:7".</param>
public sealed record FunctionViolation(FunctionViolationKind Kind, string Name, string? File, int Line, string Message);

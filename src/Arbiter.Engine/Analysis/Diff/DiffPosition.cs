namespace Arbiter.Engine.Analysis.Diff;

/// <summary>Where the outputs first differ, on the program's output (1-based line and column).</summary>
/// <param name="Line">Line number.</param>
/// <param name="Column">Column (UTF-16 code units, 1-based).</param>
/// <param name="Description">A sentence: "line 3, column 5: expected '7', your output has '8'".</param>
public sealed record DiffPosition(int Line, int Column, string Description);

namespace Arbiter.Engine.Analysis.Diff;

/// <summary>One row of a side-by-side diff. Line numbers are 1-based; a side is null when the row
/// has no line there. Texts are shortened to the requested length (ending with "…"), without
/// their line ending; invalid UTF-8 shows as U+FFFD.</summary>
public sealed record DiffLine(DiffLineKind Kind, int? ExpectedLine, int? ActualLine, string? Expected, string? Actual);

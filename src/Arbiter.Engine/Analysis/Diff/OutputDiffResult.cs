namespace Arbiter.Engine.Analysis.Diff;

/// <summary>A line-by-line comparison of expected and actual output.</summary>
/// <param name="Identical">The outputs are byte for byte the same (then <see cref="Lines"/> is empty).</param>
/// <param name="Lines">The diff rows, over at most the first maxLines lines of each side.</param>
/// <param name="FirstDifference">The first difference, or null when none was found in the compared part.</param>
/// <param name="Notes">Sentences about line endings, a missing final newline, invalid UTF-8, and
/// what was left out of the comparison.</param>
/// <param name="Truncated">Only a prefix of an output was compared.</param>
/// <param name="ExpectedLineCount">Lines in the compared part of the expected output.</param>
/// <param name="ActualLineCount">Lines in the compared part of the program's output.</param>
public sealed record OutputDiffResult(
    bool Identical,
    IReadOnlyList<DiffLine> Lines,
    DiffPosition? FirstDifference,
    IReadOnlyList<string> Notes,
    bool Truncated,
    int ExpectedLineCount,
    int ActualLineCount);

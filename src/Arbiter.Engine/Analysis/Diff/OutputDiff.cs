namespace Arbiter.Engine.Analysis.Diff;

/// <summary>
/// Line-by-line diff of expected vs actual output for people. Bounded: only the first
/// <c>maxLines</c> lines and <c>maxBytes</c> bytes of each side are compared, alignment is an LCS
/// over the part between the common prefix and suffix when that part is small enough, and a
/// positional comparison otherwise, so huge or hostile outputs cost bounded time and memory.
/// Lines are compared without their "\r\n"/"\n" ending; line-ending and final-newline
/// differences are reported in <see cref="OutputDiffResult.Notes"/> and the first difference.
/// </summary>
public static class OutputDiff
{
    /// <summary>Most LCS cells (lines × lines) aligned exactly; 2M cells of 2 bytes is 4 MiB.</summary>
    private const long MaxAlignCells = 2_000_000;

    /// <summary>Compares two texts.</summary>
    public static OutputDiffResult Compute(string expected, string actual, int maxLines = 1000, int maxLineLength = 200, int maxBytes = 1 << 20)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        return Compute(AnalysisText.Encode(expected), AnalysisText.Encode(actual), maxLines, maxLineLength, maxBytes);
    }

    /// <summary>Compares two outputs as bytes (invalid UTF-8 is shown as U+FFFD).</summary>
    /// <param name="expected">The answer file.</param>
    /// <param name="actual">The program's output.</param>
    /// <param name="maxLines">Most lines of each side compared (1–60000).</param>
    /// <param name="maxLineLength">Longest line text kept in a row, in characters.</param>
    /// <param name="maxBytes">Most bytes of each side compared.</param>
    public static OutputDiffResult Compute(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, int maxLines = 1000, int maxLineLength = 200, int maxBytes = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLines, 60_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);

        if (expected.SequenceEqual(actual))
        {
            return new OutputDiffResult(true, [], null, [], false, 0, 0);
        }

        var e = OutputText.Read(expected, maxLines, maxBytes);
        var a = OutputText.Read(actual, maxLines, maxBytes);
        var notes = new List<string>();
        var (ops, aligned) = LineAligner.Align(e.Lines, a.Lines, MaxAlignCells);
        var rows = Rows(ops, e.Lines, a.Lines, maxLineLength);

        if (!aligned)
        {
            notes.Add("The outputs differ too much to align; lines are compared by position.");
        }

        AddNotes(e, a, notes, maxLines, maxBytes);
        return new OutputDiffResult(false, rows, DiffFirst.Find(e, a, maxLineLength), notes, e.Cut || a.Cut, e.Lines.Length, a.Lines.Length);
    }

    private static List<DiffLine> Rows(List<LineAligner.Op> ops, string[] e, string[] a, int max)
    {
        var rows = new List<DiffLine>(ops.Count);
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == DiffLineKind.Equal)
            {
                rows.Add(new DiffLine(DiffLineKind.Equal, ops[i].Expected + 1, ops[i].Actual + 1, Cut(e[ops[i].Expected], max), Cut(a[ops[i].Actual], max)));
                i++;
                continue;
            }

            // A run of removals and additions: pair them up as changed lines, the rest stay.
            var removed = new List<int>();
            var added = new List<int>();
            for (; i < ops.Count && ops[i].Kind != DiffLineKind.Equal; i++)
            {
                if (ops[i].Kind == DiffLineKind.Removed)
                {
                    removed.Add(ops[i].Expected);
                }
                else
                {
                    added.Add(ops[i].Actual);
                }
            }

            var pairs = Math.Min(removed.Count, added.Count);
            for (var k = 0; k < pairs; k++)
            {
                rows.Add(new DiffLine(DiffLineKind.Changed, removed[k] + 1, added[k] + 1, Cut(e[removed[k]], max), Cut(a[added[k]], max)));
            }

            rows.AddRange(removed.Skip(pairs).Select(r => new DiffLine(DiffLineKind.Removed, r + 1, null, Cut(e[r], max), null)));
            rows.AddRange(added.Skip(pairs).Select(x => new DiffLine(DiffLineKind.Added, null, x + 1, null, Cut(a[x], max))));
        }

        return rows;
    }

    private static void AddNotes(OutputText e, OutputText a, List<string> notes, int maxLines, int maxBytes)
    {
        if (e.Lines.Length > 0 && a.Lines.Length > 0 && !e.Cut && !a.Cut && e.FinalNewline != a.FinalNewline)
        {
            notes.Add(e.FinalNewline
                ? "Your output does not end with a newline; the expected output does."
                : "Your output ends with a newline; the expected output does not.");
        }

        if (e.CrlfCount != a.CrlfCount)
        {
            notes.Add(a.CrlfCount > e.CrlfCount
                ? "Your output uses Windows line endings (\\r\\n); the expected output uses \\n."
                : "The expected output uses Windows line endings (\\r\\n); your output uses \\n.");
        }

        if (a.InvalidUtf8)
        {
            notes.Add("Your output is not valid UTF-8; invalid bytes are shown as �.");
        }

        if (e.InvalidUtf8)
        {
            notes.Add("The expected output is not valid UTF-8; invalid bytes are shown as �.");
        }

        if (e.Cut || a.Cut)
        {
            notes.Add($"Only the first {maxLines} lines ({maxBytes / 1024} KiB) of each output were compared.");
        }
    }

    internal static string Cut(string line, int max) => AnalysisText.Truncate(line, max);
}

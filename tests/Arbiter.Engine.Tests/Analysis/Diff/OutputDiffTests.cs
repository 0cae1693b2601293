using System.Text;
using Arbiter.Engine.Analysis.Diff;

namespace Arbiter.Engine.Tests.Analysis.Diff;

public sealed class OutputDiffTests
{
    [Fact]
    public void Compute_SameBytes_IsIdentical()
    {
        var diff = OutputDiff.Compute("1\n2\n", "1\n2\n");

        Assert.True(diff.Identical);
        Assert.Empty(diff.Lines);
        Assert.Null(diff.FirstDifference);
    }

    [Fact]
    public void Compute_OneChangedLine_MarksItWithBothLineNumbersAndColumn()
    {
        var diff = OutputDiff.Compute("1\n2\n3 4 5\n6\n", "1\n2\n3 4 7\n6\n");

        Assert.Equal([DiffLineKind.Equal, DiffLineKind.Equal, DiffLineKind.Changed, DiffLineKind.Equal], diff.Lines.Select(l => l.Kind));
        Assert.Equal(new DiffLine(DiffLineKind.Changed, 3, 3, "3 4 5", "3 4 7"), diff.Lines[2]);
        Assert.Equal(new DiffPosition(3, 5, "line 3, column 5: expected '5', your output has '7'"), diff.FirstDifference);
    }

    [Fact]
    public void Compute_InsertedAndMissingLines_AlignTheRest()
    {
        var diff = OutputDiff.Compute("a\nb\nc\nd\n", "a\nx\nb\nd\n");

        Assert.Equal(
            [new DiffLine(DiffLineKind.Equal, 1, 1, "a", "a"), new DiffLine(DiffLineKind.Added, null, 2, null, "x"),
             new DiffLine(DiffLineKind.Equal, 2, 3, "b", "b"), new DiffLine(DiffLineKind.Removed, 3, null, "c", null),
             new DiffLine(DiffLineKind.Equal, 4, 4, "d", "d")],
            diff.Lines);
    }

    [Fact]
    public void Compute_MissingTrailingNewline_IsReportedExplicitly()
    {
        var diff = OutputDiff.Compute("42\n", "42");

        Assert.False(diff.Identical);
        Assert.All(diff.Lines, l => Assert.Equal(DiffLineKind.Equal, l.Kind));
        Assert.Contains("Your output does not end with a newline; the expected output does.", diff.Notes);
        Assert.Equal(new DiffPosition(1, 3, "line 1: expected a newline at the end of the output"), diff.FirstDifference);
    }

    [Fact]
    public void Compute_CrlfVsLf_ComparesTextAndNamesLineEndings()
    {
        var diff = OutputDiff.Compute("a\nb\n", "a\r\nb\r\n");

        Assert.All(diff.Lines, l => Assert.Equal(DiffLineKind.Equal, l.Kind));
        Assert.Contains(diff.Notes, n => n.Contains("Windows line endings", StringComparison.Ordinal));
        Assert.Equal(1, diff.FirstDifference?.Line);
        Assert.Contains("\\r\\n in your output", diff.FirstDifference?.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ShorterAndLongerOutput_SayWhereItEnded()
    {
        Assert.Equal("line 3: your output ended after 2 lines; expected \"3\"", OutputDiff.Compute("1\n2\n3\n", "1\n2\n").FirstDifference?.Description);
        Assert.Equal("line 2: your output has extra lines after the expected 1 line, starting with \"junk\"", OutputDiff.Compute("1\n", "1\njunk\n").FirstDifference?.Description);
        Assert.Equal("line 1, column 2: expected the end of the line, your output has a space", OutputDiff.Compute("1\n", "1 \n").FirstDifference?.Description);
    }

    [Fact]
    public void Compute_InvalidUtf8_ShowsReplacementCharacters()
    {
        var diff = OutputDiff.Compute("caf\u00e9\n"u8, [.. "caf"u8, 0xE9, (byte)'\n']);

        Assert.Equal("caf\uFFFD", diff.Lines[0].Actual);
        Assert.Contains("an invalid byte", diff.FirstDifference?.Description, StringComparison.Ordinal);
        Assert.Contains("Your output is not valid UTF-8; invalid bytes are shown as �.", diff.Notes);
    }

    [Fact]
    public void Compute_EmptyOutput_ReportsNothingPrinted()
    {
        var diff = OutputDiff.Compute("1\n", "");

        Assert.Equal([new DiffLine(DiffLineKind.Removed, 1, null, "1", null)], diff.Lines);
        Assert.Equal("line 1: your output ended after 0 lines; expected \"1\"", diff.FirstDifference?.Description);
    }

    [Fact]
    public void Compute_HugeOutputs_AreCappedAndSaySo()
    {
        var expected = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i}\n"));
        var actual = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i * 7 % 1000}\n"));

        var diff = OutputDiff.Compute(expected, actual, maxLines: 1000, maxLineLength: 50);

        Assert.True(diff.Truncated);
        Assert.Equal(1000, diff.ExpectedLineCount);
        Assert.True(diff.Lines.Count <= 2000);
        Assert.Contains(diff.Notes, n => n.StartsWith("Only the first 1000 lines", StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_TooDifferentToAlign_FallsBackToPositions()
    {
        var expected = string.Concat(Enumerable.Range(0, 5000).Select(i => $"e{i}\n"));
        var actual = string.Concat(Enumerable.Range(0, 5000).Select(i => $"a{i}\n"));

        var diff = OutputDiff.Compute(expected, actual, maxLines: 5000);

        Assert.Equal(5000, diff.Lines.Count);
        Assert.All(diff.Lines, l => Assert.Equal(DiffLineKind.Changed, l.Kind));
        Assert.Contains(diff.Notes, n => n.Contains("too much to align", StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_LongLines_AreShortenedForDisplayButComparedWhole()
    {
        var line = new string('a', 10_000);
        var diff = OutputDiff.Compute(line + "b\n", line + "c\n", maxLineLength: 20);

        Assert.Equal(20, diff.Lines[0].Expected?.Length);
        Assert.Equal(10_001, diff.FirstDifference?.Column);
    }

    [Fact]
    public void Compute_BinaryGarbage_DoesNotThrow()
    {
        var random = new Random(7);
        var bytes = new byte[100_000];
        random.NextBytes(bytes);

        var diff = OutputDiff.Compute("x\n"u8, bytes);

        Assert.False(diff.Identical);
        Assert.NotNull(diff.FirstDifference);
        _ = Encoding.UTF8.GetByteCount(diff.FirstDifference.Description);
    }
}

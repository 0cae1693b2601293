namespace Arbiter.Engine.Analysis.Diff;

/// <summary>Finds the first difference position by position, the way a student reads it:
/// "line 3, column 5: expected '7', your output has '8'".</summary>
internal static class DiffFirst
{
    public static DiffPosition? Find(OutputText e, OutputText a, int maxLength)
    {
        var common = Math.Min(e.Lines.Length, a.Lines.Length);
        for (var i = 0; i < common; i++)
        {
            var expected = e.Lines[i];
            var actual = a.Lines[i];
            if (expected != actual)
            {
                var column = 0;
                while (column < expected.Length && column < actual.Length && expected[column] == actual[column])
                {
                    column++;
                }

                return new DiffPosition(i + 1, column + 1,
                    $"line {i + 1}, column {column + 1}: expected {Describe(expected, column)}, your output has {Describe(actual, column)}");
            }

            if (e.Crlf[i] != a.Crlf[i])
            {
                return new DiffPosition(i + 1, actual.Length + 1, a.Crlf[i]
                    ? $"line {i + 1} ends with \\r\\n in your output, \\n in the expected output"
                    : $"line {i + 1} ends with \\n in your output, \\r\\n in the expected output");
            }
        }

        if (a.Lines.Length < e.Lines.Length && !a.Cut)
        {
            var line = a.Lines.Length + 1;
            return new DiffPosition(line, 1, $"line {line}: your output ended after {AnalysisText.Plural(a.Lines.Length, "line", "lines")}; expected " +
                $"\"{OutputDiff.Cut(e.Lines[a.Lines.Length], maxLength)}\"");
        }

        if (a.Lines.Length > e.Lines.Length && !e.Cut)
        {
            var line = e.Lines.Length + 1;
            return new DiffPosition(line, 1, $"line {line}: your output has extra lines after the expected {AnalysisText.Plural(e.Lines.Length, "line", "lines")}, starting with " +
                $"\"{OutputDiff.Cut(a.Lines[e.Lines.Length], maxLength)}\"");
        }

        if (!e.Cut && !a.Cut && e.FinalNewline != a.FinalNewline && a.Lines.Length > 0)
        {
            var last = a.Lines.Length;
            return new DiffPosition(last, a.Lines[^1].Length + 1, e.FinalNewline
                ? $"line {last}: expected a newline at the end of the output"
                : $"line {last}: your output ends with a newline the expected output does not have");
        }

        return null;
    }

    private static string Describe(string line, int column)
    {
        if (column >= line.Length)
        {
            return "the end of the line";
        }

        return line[column] switch
        {
            ' ' => "a space",
            '\t' => "a tab",
            '\r' => "a carriage return (\\r)",
            '\uFFFD' => "an invalid byte",
            var c when char.IsControl(c) => $"control character U+{(int)c:X4}",
            _ => $"'{Snippet(line, column)}'",
        };
    }

    /// <summary>The differing text from the column, up to the next space, at most 20 characters.</summary>
    private static string Snippet(string line, int column)
    {
        var end = column;
        while (end < line.Length && end - column < 20 && !char.IsWhiteSpace(line[end]))
        {
            end++;
        }

        return line[column..end];
    }
}

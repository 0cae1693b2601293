namespace Arbiter.Engine.Analysis.Diff;

/// <summary>One side of a diff split into lines, with what the split removed: line endings, the
/// final newline and invalid bytes.</summary>
internal sealed class OutputText
{
    private OutputText(string[] lines, bool[] crlf, bool finalNewline, bool invalidUtf8, bool cut)
    {
        Lines = lines;
        Crlf = crlf;
        FinalNewline = finalNewline;
        InvalidUtf8 = invalidUtf8;
        Cut = cut;
    }

    public string[] Lines { get; }

    public bool[] Crlf { get; }

    public bool FinalNewline { get; }

    public bool InvalidUtf8 { get; }

    /// <summary>Lines or bytes past the limits were dropped.</summary>
    public bool Cut { get; }

    public int CrlfCount => Crlf.Count(c => c);

    public static OutputText Read(ReadOnlySpan<byte> bytes, int maxLines, int maxBytes)
    {
        var cut = bytes.Length > maxBytes;
        var kept = cut ? bytes[..maxBytes] : bytes;
        var lines = new List<string>();
        var crlf = new List<bool>();
        var pos = 0;
        while (pos < kept.Length && lines.Count < maxLines)
        {
            var newline = kept[pos..].IndexOf((byte)'\n');
            var line = newline < 0 ? kept[pos..] : kept[pos..(pos + newline)];
            var cr = newline >= 0 && line.Length > 0 && line[^1] == '\r';
            lines.Add(AnalysisText.Decode(cr ? line[..^1] : line));
            crlf.Add(cr);
            pos = newline < 0 ? kept.Length : pos + newline + 1;
        }

        cut |= pos < kept.Length;
        var finalNewline = bytes.Length > 0 && bytes[^1] == '\n';
        return new OutputText([.. lines], [.. crlf], finalNewline, !AnalysisText.IsValidUtf8(kept[..pos]), cut);
    }
}

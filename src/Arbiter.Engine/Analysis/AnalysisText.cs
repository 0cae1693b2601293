using System.Text;

namespace Arbiter.Engine.Analysis;

/// <summary>Text helpers shared by the analysers: decoding untrusted bytes, bounding lengths and
/// making sandbox paths relative.</summary>
internal static class AnalysisText
{
    private static readonly UTF8Encoding Utf8Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Decodes UTF-8, turning invalid bytes into U+FFFD rather than throwing.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) => Utf8Lenient.GetString(bytes);

    /// <summary>Whether the bytes are valid UTF-8.</summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    public static byte[] Encode(string text) => Utf8Lenient.GetBytes(text);

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="max"/> characters, ending with
    /// "…" when it was cut, and never splitting a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = Math.Max(0, max - 1);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }

    /// <summary>Makes a sandbox path relative to the work dir ("/box/src/a.c" → "src/a.c",
    /// "./a.c" → "a.c"); other paths are returned as they are.</summary>
    public static string RelativePath(string path, string workDir)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "";
        }

        var dir = workDir.TrimEnd('/');
        if (dir.Length > 0 && path.Length > dir.Length + 1
            && path.StartsWith(dir, StringComparison.Ordinal) && path[dir.Length] == '/')
        {
            path = path[(dir.Length + 1)..];
        }

        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path;
    }

    /// <summary>"1 byte", "4 bytes".</summary>
    public static string Plural(long count, string singular, string plural) =>
        count == 1 ? $"1 {singular}" : $"{count} {plural}";
}

using System.Text;

namespace Arbiter.Server;

/// <summary>Checks on text people store (drafts, shared programs): it must be Unicode a database
/// keeps as is, so no NUL and no lone surrogate (JSON can smuggle one in as \ud800), and it must
/// fit a limit counted in UTF-8 bytes, as the limits elsewhere are.</summary>
internal static class TextInput
{
    /// <summary>Null when <paramref name="text"/> is fine, else a message naming <paramref name="field"/>.</summary>
    public static string? Problem(string? text, string field, int maxBytes, bool required = true)
    {
        if (text is null)
        {
            return required ? $"'{field}' is required" : null;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return $"'{field}' must not contain the NUL character";
        }

        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0 && !IsWellFormed(text))
        {
            return $"'{field}' is not valid Unicode text (a lone surrogate)";
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > maxBytes ? $"'{field}' is {bytes} bytes, over the limit of {maxBytes}" : null;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}

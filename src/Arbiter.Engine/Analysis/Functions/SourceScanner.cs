namespace Arbiter.Engine.Analysis.Functions;

/// <summary>A small lexer that is right about comments and string literals in C-family languages
/// (C, C++, Java, JavaScript, Go, Rust, C#) and in '#'-comment languages (Python, shell, Ruby), so
/// a banned name in a comment or a string is not counted. Everything else is best effort:
/// identifiers and numbers are tokens, any other character is a one-character token.</summary>
internal static class SourceScanner
{
    private const int MaxTokens = 2_000_000;

    public static List<SourceToken> Tokenize(string path, string text)
    {
        var hashComments = Path.GetExtension(path).ToUpperInvariant() is ".PY" or ".SH" or ".RB" or ".PL" or ".R";
        var tokens = new List<SourceToken>();
        var line = 1;
        var i = 0;
        while (i < text.Length && tokens.Count < MaxTokens)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' && (hashComments || AtLineStart(text, i)))
            {
                // A comment, or a C preprocessor line: "#include <thread>" is not a use of thread.
                i = SkipTo(text, i, "\n", ref line, includeEnd: false);
            }
            else if (!hashComments && c == '/' && At(text, i + 1) == '/')
            {
                i = SkipTo(text, i, "\n", ref line, includeEnd: false);
            }
            else if (!hashComments && c == '/' && At(text, i + 1) == '*')
            {
                i = SkipTo(text, i + 2, "*/", ref line, includeEnd: true);
            }
            else if (hashComments && (Starts(text, i, "\"\"\"") || Starts(text, i, "'''")))
            {
                i = SkipTo(text, i + 3, text.Substring(i, 3), ref line, includeEnd: true);
            }
            else if (!hashComments && c == 'R' && At(text, i + 1) == '"' && RawDelimiter(text, i + 2) is { } delimiter)
            {
                i = SkipTo(text, i + 2, $"){delimiter}\"", ref line, includeEnd: true);
            }
            else if (c == '"' || c == '`' || (c == '\'' && (hashComments || IsCharLiteral(text, i))))
            {
                i = SkipString(text, i, ref line);
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new SourceToken(text[start..i], line));
            }
            else
            {
                tokens.Add(new SourceToken(c.ToString(), line));
                i++;
            }
        }

        return tokens;
    }

    private static bool AtLineStart(string text, int i)
    {
        for (var j = i - 1; j >= 0 && text[j] != '\n'; j--)
        {
            if (!char.IsWhiteSpace(text[j]))
            {
                return false;
            }
        }

        return true;
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static bool Starts(string text, int i, string what) => string.CompareOrdinal(text, i, what, 0, what.Length) == 0;

    /// <summary>A char literal closes within a few characters on the same line; otherwise the
    /// quote is a Rust lifetime or a C++14 digit separator and is left as punctuation.</summary>
    private static bool IsCharLiteral(string text, int i)
    {
        for (var j = i + 1; j < text.Length && j <= i + 12; j++)
        {
            if (text[j] == '\n')
            {
                return false;
            }

            if (text[j] == '\\')
            {
                j++;
            }
            else if (text[j] == '\'')
            {
                return j > i + 1;
            }
        }

        return false;
    }

    private static string? RawDelimiter(string text, int i)
    {
        var open = text.IndexOf('(', i);
        return open >= 0 && open - i <= 16 && !text.AsSpan(i, open - i).ContainsAny(" \\)\n\t") ? text[i..open] : null;
    }

    private static int SkipString(string text, int i, ref int line)
    {
        var quote = text[i];
        for (var j = i + 1; j < text.Length; j++)
        {
            var c = text[j];
            if (c == '\\')
            {
                if (At(text, j + 1) == '\n')
                {
                    line++;
                }

                j++;
            }
            else if (c == quote)
            {
                return j + 1;
            }
            else if (c == '\n')
            {
                if (quote != '`')
                {
                    return j; // unterminated: the string ends with the line
                }

                line++;
            }
        }

        return text.Length;
    }

    private static int SkipTo(string text, int i, string end, ref int line, bool includeEnd)
    {
        var found = text.IndexOf(end, i, StringComparison.Ordinal);
        var stop = found < 0 ? text.Length : found + (includeEnd ? end.Length : 0);
        for (var j = i; j < stop; j++)
        {
            if (text[j] == '\n')
            {
                line++;
            }
        }

        return stop;
    }
}

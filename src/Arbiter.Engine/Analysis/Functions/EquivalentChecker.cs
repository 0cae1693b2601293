namespace Arbiter.Engine.Analysis.Functions;

/// <summary>
/// Finds the banned functions a program reaches through its language's own constructs (see
/// <see cref="FunctionEquivalents"/>): in the source, with the line, or, for a static binary, in
/// its defined symbols when the source hides the construct (an aliased import).
/// </summary>
internal static class EquivalentChecker
{
    /// <summary>One violation per banned rule a construct breaks.</summary>
    public static IEnumerable<FunctionViolation> Find(FunctionRules rules, string? language, IReadOnlyDictionary<string, string> sources,
        Dictionary<string, List<SourceToken>> tokens, IReadOnlyList<string> definedSymbols)
    {
        foreach (var rule in rules.Banned)
        {
            foreach (var equivalent in FunctionEquivalents.For(language).Where(e => e.Functions.Contains(rule, StringComparer.Ordinal)))
            {
                if (Locate(equivalent, sources, tokens) is { } at)
                {
                    yield return new FunctionViolation(FunctionViolationKind.BannedFunction, rule, at.File, at.Line,
                        $"call to banned function '{rule}' through {equivalent.Construct} at {at.File}:{at.Line}");
                    break;
                }

                if (definedSymbols.FirstOrDefault(s => equivalent.SymbolMarkers.Any(m => s.Contains(m, StringComparison.Ordinal))) is { } symbol)
                {
                    yield return new FunctionViolation(FunctionViolationKind.BannedFunction, rule, null, 0,
                        $"call to banned function '{rule}' through {equivalent.Construct} (in the compiled code as '{symbol}'; the call is not visible in the source text)");
                    break;
                }
            }
        }
    }

    /// <summary>Where the source uses a construct that amounts to <paramref name="function"/>:
    /// how a symbol found in the binary (Rust's fork) is pinned to a line.</summary>
    public static (string Construct, string File, int Line)? Locate(
        string function,
        string? language,
        IReadOnlyDictionary<string, string> sources,
        Dictionary<string, List<SourceToken>> tokens)
    {
        foreach (var equivalent in FunctionEquivalents.For(language).Where(e => e.Functions.Contains(function, StringComparer.Ordinal)))
        {
            if (Locate(equivalent, sources, tokens) is { } at)
            {
                return (equivalent.Construct, at.File, at.Line);
            }
        }

        return null;
    }

    /// <summary>The first pattern (in the order listed: calls before imports) found in any file.</summary>
    private static (string File, int Line)? Locate(FunctionEquivalent equivalent, IReadOnlyDictionary<string, string> sources, Dictionary<string, List<SourceToken>> tokens)
    {
        foreach (var pattern in equivalent.SourcePatterns)
        {
            foreach (var path in sources.Keys.Order(StringComparer.Ordinal))
            {
                var line = pattern.StartsWith('"') ? FindQuoted(sources[path], pattern) : FindTokens(tokens[path], SourceScanner.Tokenize(path, pattern));
                if (line > 0)
                {
                    return (path, line);
                }
            }
        }

        return null;
    }

    private static int FindTokens(List<SourceToken> tokens, List<SourceToken> pattern)
    {
        for (var i = 0; i + pattern.Count <= tokens.Count; i++)
        {
            var k = 0;
            while (k < pattern.Count && tokens[i + k].Text == pattern[k].Text)
            {
                k++;
            }

            if (k == pattern.Count)
            {
                return tokens[i].Line;
            }
        }

        return 0;
    }

    /// <summary>A quoted import path is a string literal, which the token scan skips; it is
    /// looked for as written, on a line where no "//" comment starts before it.</summary>
    private static int FindQuoted(string text, string quoted)
    {
        for (var at = text.IndexOf(quoted, StringComparison.Ordinal); at >= 0; at = text.IndexOf(quoted, at + 1, StringComparison.Ordinal))
        {
            var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
            if (!text.AsSpan(lineStart, at - lineStart).Contains("//", StringComparison.Ordinal))
            {
                return text.AsSpan(0, at).Count('\n') + 1;
            }
        }

        return 0;
    }
}

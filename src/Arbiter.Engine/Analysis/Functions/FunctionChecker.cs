using System.Text.RegularExpressions;

namespace Arbiter.Engine.Analysis.Functions;

/// <summary>
/// Checks banned and allowed-only functions on the compiled object's symbols, not the source
/// text, so a macro, a typedef'd function pointer or a clever spelling does not slip through; each
/// offending call is then located in the source by a comment- and string-aware search. Also
/// checks the textual keyword blacklist.
/// </summary>
/// <remarks>
/// Feed it <c>nm -P -C --undefined-only</c> of the object compiled with <c>-c</c> (or of the
/// linked executable; symbol versions like "@GLIBC_2.2.5" are removed). Only external, non-inline
/// functions appear in the symbol table: inline functions and templates from headers (std::sort,
/// most of the STL) do not, so ban those with <see cref="FunctionRules.BannedKeywords"/>.
/// Data symbols (stdout, std::cout) appear too: an allowed-only list must name them.
/// </remarks>
public static partial class FunctionChecker
{
    /// <summary>Checks the functions the object uses against <paramref name="rules"/>.</summary>
    /// <param name="nmOutput">Output of <c>nm -P</c> (with or without -C and --undefined-only).</param>
    /// <param name="rules">Banned and allowed-only lists (keywords are checked by <see cref="CheckKeywords"/>).</param>
    /// <param name="sources">Source files by path relative to the work dir, to locate the calls.</param>
    /// <param name="language">The language's id: its own constructs that amount to a banned
    /// function (Go's exec.Command, Rust's Command) count too, and locate a symbol the source
    /// never names (Rust's fork).</param>
    /// <param name="definedNmOutput">For a static binary (see <see cref="IsStaticBinary"/>),
    /// <c>nm -P -C --defined-only</c> of it: there the C library and the language's runtime are
    /// inside, so a defined symbol counts as a call only when the source makes it.</param>
    /// <param name="staticCalls">For a static C binary, the functions its own code refers to
    /// (<see cref="StaticCallReader"/>), each as all its names: what the allowed-only list is
    /// checked against there, since nothing is left undefined.</param>
    public static FunctionCheckResult Check(
        string nmOutput,
        FunctionRules rules,
        IReadOnlyDictionary<string, string> sources,
        string? language = null,
        string? definedNmOutput = null,
        IReadOnlyList<IReadOnlyList<string>>? staticCalls = null)
    {
        ArgumentNullException.ThrowIfNull(nmOutput);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(sources);

        var external = NmOutput.Parse(nmOutput).Where(s => s.IsUndefined).Select(s => SymbolNames.Normalize(s.Name))
            .Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var tokens = sources.ToDictionary(s => s.Key, s => SourceScanner.Tokenize(s.Key, s.Value), StringComparer.Ordinal);
        var violations = new List<FunctionViolation>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        foreach (var symbol in external)
        {
            var banned = Banned(symbol, rules, tokens);
            if (banned is { } b)
            {
                if (!reported.Add(b.Name))
                {
                    continue;
                }

                violations.Add(b.Location is null && EquivalentChecker.Locate(b.Name, language, sources, tokens) is { } through
                    ? new FunctionViolation(FunctionViolationKind.BannedFunction, b.Name, through.File, through.Line,
                        $"call to banned function '{b.Name}' through {through.Construct} at {through.File}:{through.Line}")
                    : Violation(FunctionViolationKind.BannedFunction, b.Name, b.Location, $"call to banned function '{b.Name}'"));

                continue;
            }

            if (rules.Allowed is { } allowed && !SymbolNames.Implicit.Contains(symbol)
                && !SymbolNames.SourceNames(symbol).Any(n => allowed.Any(rule => SymbolNames.Matches(n, rule))) && reported.Add(symbol))
            {
                violations.Add(Violation(FunctionViolationKind.FunctionNotAllowed, symbol, Locate(symbol, tokens),
                    $"call to function '{symbol}', which is not in the allowed list"));
            }
        }

        var defined = definedNmOutput is null ? [] : NmOutput.Parse(definedNmOutput).Where(s => !s.IsUndefined).Select(s => s.Name).ToList();
        violations.AddRange(EquivalentChecker.Find(rules, language, sources, tokens, defined).Where(v => reported.Add(v.Name)));
        foreach (var name in defined.Select(SymbolNames.Normalize).Distinct(StringComparer.Ordinal))
        {
            if (rules.Banned.FirstOrDefault(r => SymbolNames.Matches(name, r)) is { } rule && Locate(name, tokens) is { } at && reported.Add(rule))
            {
                violations.Add(Violation(FunctionViolationKind.BannedFunction, rule, at, $"call to banned function '{rule}'"));
            }
        }

        if (rules.Allowed is { } allowedOnly)
        {
            foreach (var name in NotAllowed(staticCalls ?? [], allowedOnly).Where(reported.Add))
            {
                violations.Add(Violation(FunctionViolationKind.FunctionNotAllowed, name, Locate(name, tokens), $"call to function '{name}', which is not in the allowed list"));
            }
        }

        return new FunctionCheckResult(Ordered(violations), external);
    }

    /// <summary>The functions none of whose names the list allows (or the compiler adds), each by
    /// its first name.</summary>
    private static IEnumerable<string> NotAllowed(IReadOnlyList<IReadOnlyList<string>> functions, IReadOnlyCollection<string> allowed) =>
        functions.Select(aliases => aliases.Select(SymbolNames.Normalize).ToList())
            .Where(names => !names.Any(n => SymbolNames.Implicit.Contains(n) || SymbolNames.SourceNames(n).Any(source => allowed.Any(rule => SymbolNames.Matches(source, rule)))))
            .Select(names => names[0]);

    /// <summary>Whether <c>nm --undefined-only</c> shows a statically linked binary (Go's, or C
    /// built with -static): nothing it calls is left undefined, so those calls are not visible.</summary>
    public static bool IsStaticBinary(string undefinedNmOutput) => !NmOutput.Parse(undefinedNmOutput).Any(s => s.Type == 'U');

    /// <summary>Checks that no banned keyword appears in the sources outside comments and strings.</summary>
    public static FunctionCheckResult CheckKeywords(IReadOnlyCollection<string> keywords, IReadOnlyDictionary<string, string> sources)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(sources);
        var violations = new List<FunctionViolation>();
        foreach (var (path, text) in sources)
        {
            var words = SourceScanner.Tokenize(path, text).Where(t => t.IsIdentifier || char.IsAsciiDigit(t.Text[0])).ToList();
            foreach (var keyword in keywords)
            {
                var parts = Word().Matches(keyword).Select(m => m.Value).ToArray();
                if (parts.Length == 0)
                {
                    continue;
                }

                for (var i = 0; i + parts.Length <= words.Count; i++)
                {
                    if (parts.Select((p, k) => words[i + k].Text == p).All(x => x))
                    {
                        violations.Add(Violation(FunctionViolationKind.BannedKeyword, keyword, (path, words[i].Line), $"banned keyword '{keyword}'"));
                        break;
                    }
                }
            }
        }

        return new FunctionCheckResult(Ordered(violations), []);
    }

    /// <summary>The banned rule the symbol breaks, named as the source calls it: a symbol gcc made
    /// from another call (puts from printf) counts only when that call is in the source.</summary>
    private static (string Name, (string File, int Line)? Location)? Banned(string symbol, FunctionRules rules, Dictionary<string, List<SourceToken>> tokens)
    {
        var first = true;
        foreach (var name in SymbolNames.SourceNames(symbol))
        {
            var rule = rules.Banned.FirstOrDefault(r => SymbolNames.Matches(name, r));
            if (rule is not null)
            {
                var location = Locate(name, tokens);
                if (first || location is not null)
                {
                    return (first ? rule : name, location);
                }
            }

            first = false;
        }

        return null;
    }

    /// <summary>First call of the function in the sources (files in path order).</summary>
    private static (string File, int Line)? Locate(string symbol, Dictionary<string, List<SourceToken>> tokens)
    {
        foreach (var (term, needsCall) in SymbolNames.SearchTerms(symbol))
        {
            foreach (var (path, list) in tokens.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i].Text == term && (!needsCall || (i + 1 < list.Count && list[i + 1].Text == "(")))
                    {
                        return (path, list[i].Line);
                    }
                }
            }
        }

        return null;
    }

    private static FunctionViolation Violation(FunctionViolationKind kind, string name, (string File, int Line)? location, string message) =>
        location is { } at
            ? new FunctionViolation(kind, name, at.File, at.Line, $"{message} at {at.File}:{at.Line}")
            : new FunctionViolation(kind, name, null, 0, $"{message} (in the compiled code; the call is not visible in the source text, e.g. a macro)");

    private static List<FunctionViolation> Ordered(List<FunctionViolation> violations) =>
        [.. violations.OrderBy(v => v.File is null).ThenBy(v => v.File, StringComparer.Ordinal).ThenBy(v => v.Line)];

    [GeneratedRegex(@"[A-Za-z_0-9]+")]
    private static partial Regex Word();
}

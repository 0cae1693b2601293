using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace Arbiter.Engine.Analysis.Functions;

/// <summary>What a symbol in the object means in the source: version suffixes and fortify or
/// ISO-C wrappers removed, C++ names reduced to their qualified name, the calls gcc rewrites
/// (printf("x\n") becomes puts), and the symbols the compiler and runtime add on their own.</summary>
internal static partial class SymbolNames
{
    /// <summary>Symbols no source line asks for: the stack protector, PIC and start-up glue, the
    /// C++ runtime (exceptions, static init, iostream init), and the memory functions gcc emits for
    /// struct copies and initialisers. An allowed-only list never needs to name them.</summary>
    public static readonly FrozenSet<string> Implicit = FrozenSet.Create(StringComparer.Ordinal,
    [
        "_GLOBAL_OFFSET_TABLE_", "__stack_chk_fail", "__stack_chk_guard", "__libc_start_main", "__libc_csu_init",
        "__libc_csu_fini", "__cxa_finalize", "__gmon_start__", "_ITM_deregisterTMCloneTable", "_ITM_registerTMCloneTable",
        "__dso_handle", "__cxa_atexit", "atexit", "__gxx_personality_v0", "_Unwind_Resume", "__cxa_begin_catch",
        "__cxa_end_catch", "__cxa_rethrow", "__cxa_allocate_exception", "__cxa_free_exception", "__cxa_throw",
        "__cxa_guard_acquire", "__cxa_guard_release", "__cxa_guard_abort", "__cxa_pure_virtual", "__cxa_deleted_virtual",
        "std::terminate", "std::ios_base::Init::Init", "std::ios_base::Init::~Init", "__tls_get_addr",
        "memcpy", "memset", "memmove", "__errno_location", "__ctype_b_loc", "__ctype_tolower_loc", "__ctype_toupper_loc",
    ]);

    /// <summary>Source functions gcc may have compiled into a symbol of another name.</summary>
    private static readonly FrozenDictionary<string, string[]> RewrittenFrom = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["puts"] = ["printf"],
        ["putchar"] = ["printf"],
        ["fputs"] = ["fprintf"],
        ["fputc"] = ["fprintf", "putc"],
        ["fwrite"] = ["fprintf", "fputs"],
        ["calloc"] = ["malloc"],
        ["__assert_fail"] = ["assert"],
        ["__assert_perror_fail"] = ["assert"],
        ["_IO_putc"] = ["putc"],
        ["_IO_getc"] = ["getc"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>"printf@GLIBC_2.2.5" → "printf", "__printf_chk" → "printf",
    /// "__isoc99_scanf" → "scanf", "std::ostream::put(char)" → "std::ostream::put",
    /// "std::ostream&amp; std::ostream::_M_insert&lt;long&gt;(long)" → "std::ostream::_M_insert".</summary>
    public static string Normalize(string symbol)
    {
        var name = symbol;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            name = name[..at];
        }

        if (Fortify().Match(name) is { Success: true } fortified)
        {
            return fortified.Groups[1].Value;
        }

        if (IsoC().Match(name) is { Success: true } iso)
        {
            return iso.Groups[1].Value;
        }

        if (name.StartsWith("typeinfo", StringComparison.Ordinal) || name.StartsWith("vtable for", StringComparison.Ordinal)
            || name.StartsWith("VTT for", StringComparison.Ordinal) || name.StartsWith("guard variable", StringComparison.Ordinal))
        {
            return name;
        }

        if (!name.Contains('(', StringComparison.Ordinal) && !name.Contains('<', StringComparison.Ordinal))
        {
            return name;
        }

        // Demangled C++: drop template arguments and the parameter list, then the return type.
        var plain = StripBrackets(name);
        var operatorAt = plain.IndexOf("operator", StringComparison.Ordinal);
        var cut = operatorAt >= 0 ? plain[..operatorAt].LastIndexOf(' ') : plain.LastIndexOf(' ');
        return (cut >= 0 ? plain[(cut + 1)..] : plain).Trim();
    }

    /// <summary>The names a symbol may come from in the source, the symbol itself first.</summary>
    public static IEnumerable<string> SourceNames(string normalized)
    {
        yield return normalized;
        if (RewrittenFrom.TryGetValue(normalized, out var from))
        {
            foreach (var name in from)
            {
                yield return name;
            }
        }
    }

    /// <summary>Whether a rule name covers a symbol: equal, a member of it ("std::thread" covers
    /// "std::thread::join"), or the std:: spelling of a C function ("exit" covers "std::exit").</summary>
    public static bool Matches(string normalized, string rule) =>
        normalized == rule
        || (normalized.Length > rule.Length + 2 && normalized.StartsWith(rule, StringComparison.Ordinal)
            && string.CompareOrdinal(normalized, rule.Length, "::", 0, 2) == 0)
        || normalized == "std::" + rule;

    /// <summary>Identifiers to look for in the source, most specific first: the function's own
    /// name, then the classes it belongs to ("std::thread::_M_start_thread" → "thread").</summary>
    public static IEnumerable<(string Token, bool NeedsCall)> SearchTerms(string normalized)
    {
        var parts = normalized.Split("::", StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            yield break;
        }

        var last = parts[^1];
        if (last.StartsWith("operator", StringComparison.Ordinal))
        {
            var word = last["operator".Length..].Trim().TrimEnd('[', ']');
            if (word.Length > 0 && char.IsAsciiLetter(word[0]))
            {
                yield return (word, false);
            }
        }
        else if (last.StartsWith('~'))
        {
            yield return (last[1..], false);
        }
        else
        {
            yield return (last, true);
        }

        for (var i = parts.Length - 2; i >= 0; i--)
        {
            if (parts[i] is not "std" and not "__cxx11" && !parts[i].StartsWith('_'))
            {
                yield return (parts[i], false);
            }
        }
    }

    private static string StripBrackets(string name)
    {
        var text = new StringBuilder(name.Length);
        var angle = 0;
        var paren = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            // "operator<<", "operator()" and friends are names, not brackets.
            if (angle == 0 && paren == 0 && string.CompareOrdinal(name, i, "operator", 0, 8) == 0)
            {
                var j = i + 8;
                while (j < name.Length && name[j] == ' ')
                {
                    j++;
                }

                var symbolEnd = j;
                if (j + 1 < name.Length && name[j] == '(' && name[j + 1] == ')')
                {
                    symbolEnd = j + 2;
                }
                else
                {
                    while (symbolEnd < name.Length && "<>=!+-*/%&|^~[],".Contains(name[symbolEnd], StringComparison.Ordinal))
                    {
                        symbolEnd++;
                    }
                }

                text.Append(name, i, symbolEnd - i);
                i = symbolEnd - 1;
                continue;
            }

            switch (c)
            {
                case '<': angle++; break;
                case '>': angle = Math.Max(0, angle - 1); break;
                case '(': paren++; break;
                case ')': paren = Math.Max(0, paren - 1); break;
                default:
                    if (angle == 0 && paren == 0)
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        var result = text.ToString().Trim();
        return result.EndsWith(" const", StringComparison.Ordinal) ? result[..^6] : result;
    }

    [GeneratedRegex(@"^__(\w+)_chk$")]
    private static partial Regex Fortify();

    [GeneratedRegex(@"^__isoc(?:99|23)_(\w+)$")]
    private static partial Regex IsoC();
}

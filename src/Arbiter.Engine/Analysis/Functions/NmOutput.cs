using System.Text.RegularExpressions;

namespace Arbiter.Engine.Analysis.Functions;

/// <summary>Parses <c>nm -P</c> (POSIX format: "name type value size", value and size blank for
/// undefined symbols), with or without -C and --undefined-only, of an object or an executable.</summary>
internal static partial class NmOutput
{
    private const int MaxSymbols = 100_000;

    public static List<NmSymbol> Parse(string output)
    {
        var symbols = new List<NmSymbol>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd();
            // "nm -P a.o b.o" prints "a.o:" before each file's symbols; "nm: x: no symbols" to stderr.
            if (line.Length == 0 || line.EndsWith(':') || symbols.Count >= MaxSymbols)
            {
                continue;
            }

            var m = Symbol().Match(line);
            if (m.Success)
            {
                symbols.Add(new NmSymbol(m.Groups["name"].Value, m.Groups["type"].Value[0], m.Groups["value"].Success));
            }
        }

        return symbols;
    }

    // The name is matched lazily so a demangled name with spaces ("operator new(unsigned long)")
    // stays whole: the first " X" that is followed only by hex fields or the end is the type.
    [GeneratedRegex(@"^(?<name>.+?) (?<type>[A-Za-z?-])(?: (?<value>[0-9a-fA-F]+)(?: (?<size>[0-9a-fA-F]+))?)?$")]
    private static partial Regex Symbol();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Arbiter.Engine.Analysis.Functions;

/// <summary>
/// What the submission's own code in a statically linked C binary refers to. The C library is
/// inside such a binary, so nm shows nothing undefined; instead the functions that have debug
/// info (<c>nm -l</c>: the submission is compiled with -g, the C library and libgcc are not) are
/// disassembled (<c>objdump -d</c>) and every
/// function they call, jump to or take the address of is named through the symbol table. The
/// string functions of a static glibc are IFUNCs, reached through a PLT stub objdump cannot name
/// (<c>&lt;_init+0xd0&gt;</c>): the stub's GOT slot leads, through its <c>R_X86_64_IRELATIVE</c>
/// relocation (<c>readelf -r</c>), to the resolver, whose symbol is the function's name.
/// </summary>
internal static partial class StaticCallReader
{
    /// <summary>Each function the submission's code refers to, as all the names its address has
    /// (an alias such as _IO_printf for printf), sorted so that plain names come first.</summary>
    /// <param name="nmWithLines"><c>nm -l --defined-only</c> of the binary.</param>
    /// <param name="disassembly"><c>objdump -d --no-show-raw-insn</c> of the binary.</param>
    /// <param name="relocations"><c>readelf -rW</c> of the binary.</param>
    public static List<IReadOnlyList<string>> Read(string nmWithLines, string disassembly, string relocations)
    {
        ArgumentNullException.ThrowIfNull(nmWithLines);
        ArgumentNullException.ThrowIfNull(disassembly);
        ArgumentNullException.ThrowIfNull(relocations);
        var names = new Dictionary<ulong, List<string>>();
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in NmLine().Matches(nmWithLines))
        {
            var address = Hex(m.Groups["address"].Value);
            var name = m.Groups["name"].Value;
            if (!names.TryGetValue(address, out var list))
            {
                names[address] = list = [];
            }

            list.Add(name);
            // Any file, not just the work dir: a #line pointing into /usr/include must not hide
            // a function from the check.
            if (m.Groups["file"].Success)
            {
                own.Add(name);
            }
        }

        var resolvers = new Dictionary<ulong, ulong>();
        foreach (Match m in Irelative().Matches(relocations))
        {
            resolvers[Hex(m.Groups["slot"].Value)] = Hex(m.Groups["resolver"].Value);
        }

        var stubs = new Dictionary<ulong, ulong>();
        var referenced = new HashSet<ulong>();
        var inOwnFunction = false;
        foreach (var line in disassembly.Split('\n'))
        {
            if (FunctionStart().Match(line) is { Success: true } start)
            {
                inOwnFunction = IsOwn(start.Groups["name"].Value, own);
                continue;
            }

            if (IndirectJump().Match(line) is { Success: true } stub)
            {
                stubs.TryAdd(Hex(stub.Groups["at"].Value), Hex(stub.Groups["slot"].Value));
            }

            if (!inOwnFunction)
            {
                continue;
            }

            foreach (Match target in Target().Matches(line))
            {
                var name = target.Groups["name"].Value;
                if (!IsOwn(name, own) && !name.StartsWith('.'))
                {
                    referenced.Add(Hex(target.Groups["address"].Value));
                }
            }
        }

        var functions = new List<IReadOnlyList<string>>();
        foreach (var address in referenced.Order())
        {
            var at = stubs.TryGetValue(address, out var slot) && resolvers.TryGetValue(slot, out var resolver) ? resolver : address;
            // A target with no symbol of its own (an offset into data or a label) is no function.
            // libgcc's arithmetic helpers are linked into every binary, dynamic ones too, where
            // they are never undefined: no allowed-only list has to name them.
            if (names.TryGetValue(at, out var aliases) && !aliases.Any(a => IsOwn(a, own)) && !aliases.All(a => CompilerHelper().IsMatch(a)))
            {
                functions.Add([.. aliases.Distinct(StringComparer.Ordinal).OrderBy(a => a.StartsWith('_')).ThenBy(a => a.Length).ThenBy(a => a, StringComparer.Ordinal)]);
            }
        }

        return functions;
    }

    /// <summary>The submission's function, or a part gcc split off it (main.cold, f.constprop.0).</summary>
    private static bool IsOwn(string name, HashSet<string> own)
    {
        var plus = name.IndexOf('+', StringComparison.Ordinal);
        var symbol = plus >= 0 ? name[..plus] : name;
        var dot = symbol.IndexOf('.', StringComparison.Ordinal);
        return own.Contains(symbol) || (dot > 0 && own.Contains(symbol[..dot]));
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    // __divti3, __popcountdi2, __muldc3: two underscores, the operation and its mode, an arity.
    [GeneratedRegex(@"^__[a-z]+[0-9]$")]
    private static partial Regex CompilerHelper();

    // "0000000000401520 T main\t/box/main.c:4"; only code symbols (text, weak, indirect).
    [GeneratedRegex(@"^(?<address>[0-9a-f]+) [TtWwi] (?<name>\S+)(?:\t(?<file>.*):\d+)?$", RegexOptions.Multiline)]
    private static partial Regex NmLine();

    // "00000000004c20b8  0000000000000025 R_X86_64_IRELATIVE                        4273c0"
    [GeneratedRegex(@"^(?<slot>[0-9a-f]+)\s+[0-9a-f]+\s+R_X86_64_IRELATIV\S*\s+(?<resolver>[0-9a-f]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Irelative();

    // "0000000000401520 <main>:"
    [GeneratedRegex(@"^[0-9a-f]+ <(?<name>[^>]+)>:$")]
    private static partial Regex FunctionStart();

    // A PLT stub: "  4010d0:\tjmp    *0xc0fe2(%rip)        # 4c20b8 <_GLOBAL_OFFSET_TABLE_+0xd0>"
    [GeneratedRegex(@"^\s*(?<at>[0-9a-f]+):\s+jmp\s+\*0x[0-9a-f]+\(%rip\)\s+# (?<slot>[0-9a-f]+) <")]
    private static partial Regex IndirectJump();

    // "call   40a0d0 <_IO_printf>", "jmp ...", "lea 0x162(%rip),%rcx  # 4016c0 <cmp>"
    [GeneratedRegex(@"(?:\s|# )(?<address>[0-9a-f]+) <(?<name>[^>]+)>")]
    private static partial Regex Target();
}

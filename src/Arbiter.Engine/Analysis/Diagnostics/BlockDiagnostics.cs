using System.Text.RegularExpressions;

namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>
/// Diagnostics whose location and message are on different lines: OCaml's
/// <c>File "f", line L, characters A-B:</c> … <c>Error: msg</c>, Crystal's <c>In f:L:C</c> …
/// <c>Error: msg</c>, SWI-Prolog's <c>Warning: f:L:</c> + <c>Warning:    msg</c>, Raku's
/// <c>===SORRY!===</c> … <c>at f:L</c>, Clojure's <c>Syntax error … at (f:L:C).</c> + message,
/// gfortran's <c>f:L:C:</c> … <c>Error: msg</c>, Octave's <c>parse error near line L of file f</c>
/// with a caret under <c>&gt;&gt;&gt; code</c>, and gawk's source line followed by a caret line.
/// </summary>
internal static partial class BlockDiagnostics
{
    /// <summary>How far ahead a block's message may be from its location line.</summary>
    private const int Lookahead = 12;

    /// <summary>Reads the block starting at <paramref name="i"/>, if one does; <paramref name="next"/>
    /// is the line after it.</summary>
    public static bool TryParse(IReadOnlyList<string> lines, int i, DiagnosticCollector collector, out int next)
    {
        var line = lines[i];
        Match m;
        next = i + 1;
        if ((m = OCamlLocation().Match(line)).Success)
        {
            // OCaml counts characters from 0.
            return Ahead(lines, i, OCamlMessage(), collector, m.Groups["file"].Value, TextDiagnostics.Number(m, "line"), TextDiagnostics.Number(m, "col") + 1, out next);
        }

        if ((m = BareLocation().Match(line)).Success)
        {
            // gfortran: the location alone, the source excerpt, then the message.
            return Ahead(lines, i, FortranMessage(), collector, m.Groups["file"].Value, TextDiagnostics.Number(m, "line"), TextDiagnostics.Number(m, "col"), out next);
        }

        if ((m = OctaveLocation().Match(line)).Success)
        {
            return Octave(lines, i, m, collector, out next);
        }

        if ((m = CrystalLocation().Match(line)).Success)
        {
            return Ahead(lines, i, CrystalMessage(), collector, m.Groups["file"].Value, TextDiagnostics.Number(m, "line"), TextDiagnostics.Number(m, "col"), out next);
        }

        if ((m = PrologWarning().Match(line)).Success && i + 1 < lines.Count && PrologDetail().Match(lines[i + 1]) is { Success: true } detail)
        {
            collector.Add(
                m.Groups["file"].Value,
                TextDiagnostics.Number(m, "line"),
                TextDiagnostics.Number(m, "col"),
                DiagnosticSeverity.Warning,
                detail.Groups["msg"].Value,
                null);
            next = i + 2;
            return true;
        }

        if (line.Contains("===SORRY!===", StringComparison.Ordinal))
        {
            return Raku(lines, i, collector, out next);
        }

        if ((m = ClojureLocation().Match(line)).Success)
        {
            var message = i + 1 < lines.Count && lines[i + 1].Trim().Length > 0 ? lines[i + 1].Trim() : line;
            collector.Add(m.Groups["file"].Value, TextDiagnostics.Number(m, "line"), TextDiagnostics.Number(m, "col"), DiagnosticSeverity.Error, message, null);
            next = i + 2;
            return true;
        }

        if ((m = GawkSource().Match(line)).Success && i + 1 < lines.Count && GawkCaret().Match(lines[i + 1]) is { Success: true } caret
            && caret.Groups["where"].Value == m.Groups["where"].Value)
        {
            collector.Add(m.Groups["file"].Value, TextDiagnostics.Number(m, "line"), caret.Groups["pad"].Length, DiagnosticSeverity.Error, caret.Groups["msg"].Value, null);
            next = i + 2;
            return true;
        }

        return false;
    }

    /// <summary>A location line whose message comes on a later line matching <paramref name="message"/>.</summary>
    private static bool Ahead(IReadOnlyList<string> lines, int i, Regex message, DiagnosticCollector collector, string file, int line, int column, out int next)
    {
        for (var j = i + 1; j < lines.Count && j <= i + Lookahead; j++)
        {
            if (message.Match(lines[j]) is { Success: true } m)
            {
                var text = m.Groups["msg"].Value;
                next = j + 1;
                // The message may go on in indented lines (OCaml wraps long types).
                while (next < lines.Count && lines[next].StartsWith("  ", StringComparison.Ordinal) && !lines[next].TrimStart().StartsWith('|'))
                {
                    text += " " + lines[next].Trim();
                    next++;
                }

                var severity = m.Groups["sev"].Success ? TextDiagnostics.Severity(m.Groups["sev"].Value) : DiagnosticSeverity.Error;
                collector.Add(file, line, column, severity, text, m.Groups["code"].Success ? m.Groups["code"].Value : null);
                return true;
            }
        }

        next = i + 1;
        return false;
    }

    private static bool Octave(IReadOnlyList<string> lines, int i, Match location, DiagnosticCollector collector, out int next)
    {
        var message = "parse error";
        var column = 0;
        next = i + 1;
        for (var j = i + 1; j < lines.Count && j <= i + Lookahead; j++)
        {
            var text = lines[j];
            if (text.StartsWith(">>> ", StringComparison.Ordinal))
            {
                // The caret is under the last of the excerpt's lines, which the ">>> " prefixes only once.
                var caret = j + 1;
                while (caret < lines.Count && caret <= j + Lookahead && !CaretLine().IsMatch(lines[caret]))
                {
                    caret++;
                }

                if (caret < lines.Count && CaretLine().IsMatch(lines[caret]))
                {
                    column = lines[caret].IndexOf('^', StringComparison.Ordinal) + 1 - (caret == j + 1 ? 4 : 0);
                    next = caret + 1;
                }

                break;
            }

            if (text.Trim().Length > 0 && message == "parse error")
            {
                message = "parse error: " + text.Trim();
            }

            next = j + 1;
        }

        collector.Add(location.Groups["file"].Value, TextDiagnostics.Number(location, "line"), Math.Max(0, column), DiagnosticSeverity.Error, message, null);
        return true;
    }

    private static bool Raku(IReadOnlyList<string> lines, int i, DiagnosticCollector collector, out int next)
    {
        var message = new List<string>();
        for (var j = i + 1; j < lines.Count && j <= i + Lookahead; j++)
        {
            if (RakuLocation().Match(lines[j]) is { Success: true } at)
            {
                collector.Add(at.Groups["file"].Value, TextDiagnostics.Number(at, "line"), 0, DiagnosticSeverity.Error, string.Join(" ", message), null);
                next = j + 1;
                return true;
            }

            message.Add(lines[j].Trim());
        }

        next = i + 1;
        return false;
    }

    [GeneratedRegex("""^File "(?<file>[^"]+)", lines? (?<line>\d+)(?:-\d+)?, characters (?<col>\d+)-\d+:""")]
    private static partial Regex OCamlLocation();

    [GeneratedRegex(@"^(?:(?<sev>Error)|(?<sev>Warning) (?<code>\d+)(?: \[[\w-]+\])?|(?<sev>Alert) (?<code>[\w-]+)):\s*(?<msg>.*)$")]
    private static partial Regex OCamlMessage();

    [GeneratedRegex(@"^(?<file>[^\s:]+\.\w+):(?<line>\d+):(?<col>\d+):$")]
    private static partial Regex BareLocation();

    [GeneratedRegex(@"^(?<sev>Error|Warning|Fatal Error): (?<msg>.+)$")]
    private static partial Regex FortranMessage();

    [GeneratedRegex(@"^(?:error: )?parse error near line (?<line>\d+) of file (?<file>\S+)$")]
    private static partial Regex OctaveLocation();

    [GeneratedRegex(@"^\s*\^\s*$")]
    private static partial Regex CaretLine();

    [GeneratedRegex(@"^In (?<file>[^\s:]+):(?<line>\d+):(?<col>\d+)$")]
    private static partial Regex CrystalLocation();

    [GeneratedRegex(@"^(?<sev>Error|Warning): (?<msg>.+)$")]
    private static partial Regex CrystalMessage();

    [GeneratedRegex(@"^Warning: (?<file>[^\s:]+):(?<line>\d+):(?:(?<col>\d+):)?$")]
    private static partial Regex PrologWarning();

    [GeneratedRegex(@"^Warning:\s{2,}(?<msg>.+)$")]
    private static partial Regex PrologDetail();

    [GeneratedRegex(@"^at (?<file>\S+):(?<line>\d+)$")]
    private static partial Regex RakuLocation();

    [GeneratedRegex(@"^Syntax error .*\bat \((?<file>[^:()]+):(?<line>\d+):(?<col>\d+)\)\.$")]
    private static partial Regex ClojureLocation();

    [GeneratedRegex(@"^gawk: (?<where>(?<file>[^\s:]+):(?<line>\d+)):")]
    private static partial Regex GawkSource();

    [GeneratedRegex(@"^gawk: (?<where>[^\s:]+:\d+):(?<pad>\s*)\^ (?<msg>.+)$")]
    private static partial Regex GawkCaret();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>
/// Best-effort reading of plain-text compiler and runtime output: the GNU form
/// "file:line:col: severity: message" (gcc, clang, javac without a column, GHC with its message
/// on the indented lines below), Go's "file:line:col: message", the "file(line,col): error
/// CS0103: message" of C#, F# and TypeScript, linker errors, Python and Node tracebacks (located
/// at the innermost frame in the user's files), and the other toolchains' forms
/// (<see cref="LineDiagnostics"/>, <see cref="BlockDiagnostics"/>).
/// </summary>
internal static partial class TextDiagnostics
{
    private const int MaxLineLength = 4000;

    public static void Parse(IReadOnlyList<string> lines, DiagnosticCollector collector)
    {
        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i].Length > MaxLineLength ? lines[i][..MaxLineLength] : lines[i];
            i = ParseAt(lines, i, line, collector);
        }
    }

    /// <summary>Reads the diagnostic starting at <paramref name="i"/>; returns the next line to read.</summary>
    private static int ParseAt(IReadOnlyList<string> lines, int i, string line, DiagnosticCollector collector)
    {
        Match m;
        if (line.StartsWith(";;; ", StringComparison.Ordinal))
        {
            // Guile prefixes its compile warnings as Scheme comments.
            line = line[4..];
        }

        if (BlockDiagnostics.TryParse(lines, i, collector, out var afterBlock))
        {
            return afterBlock;
        }

        if ((m = PythonFrame().Match(line)).Success)
        {
            return PythonTraceback(lines, i, collector);
        }

        if ((m = NodeLocation().Match(line)).Success)
        {
            return NodeError(lines, i, m, collector);
        }

        if ((m = CSharp().Match(line)).Success)
        {
            collector.Add(m.Groups["file"].Value, Number(m, "line"), Number(m, "col"), Severity(m.Groups["sev"].Value), m.Groups["msg"].Value, m.Groups["code"].Value);
            return i + 1;
        }

        if (LineDiagnostics.TryParse(line, collector))
        {
            return i + 1;
        }

        if ((m = Linker().Match(line)).Success)
        {
            collector.Add(m.Groups["file"].Value, Number(m, "line"), 0, DiagnosticSeverity.Error, m.Groups["msg"].Value, "ld");
            return i + 1;
        }

        if ((m = Gnu().Match(line)).Success)
        {
            return Gnu(lines, i, m, collector);
        }

        if ((m = LinkerTool().Match(line)).Success)
        {
            var message = m.Groups["msg"].Value;
            if (!message.Contains("in function", StringComparison.Ordinal))
            {
                var warning = message.StartsWith("warning:", StringComparison.Ordinal);
                collector.Add(null, 0, 0, warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, message, "ld");
            }

            return i + 1;
        }

        if ((m = Tool().Match(line)).Success)
        {
            var tool = m.Groups["tool"].Value;
            // "collect2: error: ld returned 1 exit status" only repeats the linker errors above it.
            if (!(tool == "collect2" && collector.HasErrors))
            {
                collector.Add(null, 0, 0, Severity(m.Groups["sev"].Value), m.Groups["msg"].Value, tool.Length == 0 ? null : tool);
            }

            return i + 1;
        }

        if ((m = GoStyle().Match(line)).Success)
        {
            collector.Add(m.Groups["file"].Value, Number(m, "line"), Number(m, "col"), DiagnosticSeverity.Error, m.Groups["msg"].Value, null);
            return i + 1;
        }

        LineDiagnostics.TryParseBare(line, collector);
        return i + 1;
    }

    private static int Gnu(IReadOnlyList<string> lines, int i, Match m, DiagnosticCollector collector)
    {
        var message = m.Groups["msg"].Value;
        var column = Number(m, "col");
        var code = m.Groups["code"].Success ? m.Groups["code"].Value : null;
        var next = i + 1;
        if (GhcFlag().Match(message) is { Success: true } flag)
        {
            // GHC: "warning: [-Wunused-matches]", the message below.
            code ??= flag.Groups[1].Value;
            message = "";
        }

        if (message.Length == 0)
        {
            // GHC: the message is on the indented lines below, up to the source excerpt.
            var parts = new List<string>();
            while (next < lines.Count && lines[next].StartsWith("    ", StringComparison.Ordinal) && !SourceExcerpt().IsMatch(lines[next]))
            {
                parts.Add(lines[next].Trim().TrimStart('•').Trim());
                next++;
            }

            message = string.Join(" ", parts.Where(p => p.Length > 0));
        }
        else if (!m.Groups["col"].Success)
        {
            // javac: the source line, a caret under the column, then indented details.
            if (next + 1 < lines.Count && Caret().IsMatch(lines[next + 1]))
            {
                column = lines[next + 1].IndexOf('^', StringComparison.Ordinal) + 1;
                next += 2;
            }

            while (next < lines.Count && JavacDetail().Match(lines[next]) is { Success: true } detail)
            {
                message = $"{message} ({detail.Groups[1].Value}: {detail.Groups[2].Value.Trim()})";
                next++;
            }
        }

        collector.Add(m.Groups["file"].Value, Number(m, "line"), column, Severity(m.Groups["sev"].Value), message, code);
        return next;
    }

    private static int PythonTraceback(IReadOnlyList<string> lines, int i, DiagnosticCollector collector)
    {
        (string File, int Line)? last = null;
        (string File, int Line)? lastUser = null;
        var column = 0;
        var j = i;
        for (; j < lines.Count; j++)
        {
            var line = lines[j];
            var frame = PythonFrame().Match(line);
            if (frame.Success)
            {
                last = (frame.Groups["file"].Value, Number(frame, "line"));
                if (!IsSystemPath(last.Value.File))
                {
                    lastUser = last;
                }

                column = 0;
                continue;
            }

            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                break; // the exception line
            }

            if (CaretOnly().IsMatch(line) && j >= 1 && lines[j - 1].Length > 0 && last is not null)
            {
                // SyntaxError: Python prints the offending line re-indented by 4 and a caret under
                // the column; runtime errors print ~^ markers that we leave alone.
                var code = lines[j - 1];
                var indent = code.Length - code.TrimStart().Length;
                column = Math.Max(1, line.IndexOf('^', StringComparison.Ordinal) - indent + 1);
            }
        }

        var message = j < lines.Count ? lines[j].Trim() : "the program raised an exception";
        var at = lastUser ?? last;
        var name = message.Split(':', 2)[0];
        collector.Add(at?.File, at?.Line ?? 0, column, DiagnosticSeverity.Error, message, name.Length <= 60 && !name.Contains(' ', StringComparison.Ordinal) ? name : null);
        return Math.Min(lines.Count, j + 1);
    }

    private static int NodeError(IReadOnlyList<string> lines, int i, Match location, DiagnosticCollector collector)
    {
        var column = 0;
        if (i + 2 < lines.Count && CaretOnly().IsMatch(lines[i + 2]))
        {
            column = lines[i + 2].IndexOf('^', StringComparison.Ordinal) + 1;
        }

        var j = i + 1;
        string? message = null;
        for (; j < lines.Count && j <= i + 8; j++)
        {
            if (NodeErrorLine().Match(lines[j]) is { Success: true } error)
            {
                message = lines[j].Trim();
                j++;
                break;
            }
        }

        while (j < lines.Count && lines[j].TrimStart().StartsWith("at ", StringComparison.Ordinal))
        {
            j++;
        }

        if (message is null)
        {
            return i + 1;
        }

        var code = message.Split(':', 2)[0];
        collector.Add(
            location.Groups["file"].Value,
            Number(location, "line"),
            column,
            DiagnosticSeverity.Error,
            message,
            code.Contains(' ', StringComparison.Ordinal) ? null : code);
        return j;
    }

    private static bool IsSystemPath(string file) =>
        file.StartsWith('<') || file.StartsWith("/usr/", StringComparison.Ordinal)
        || file.Contains("/site-packages/", StringComparison.Ordinal) || file.Contains("/dist-packages/", StringComparison.Ordinal)
        || file.Contains("/lib/python", StringComparison.Ordinal);

    internal static int Number(Match m, string group) =>
        m.Groups[group].Success && int.TryParse(m.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    internal static DiagnosticSeverity Severity(string word) => word.ToUpperInvariant() switch
    {
        "WARNING" => DiagnosticSeverity.Warning,
        "NOTE" or "INFO" or "REMARK" or "HELP" or "HINT" => DiagnosticSeverity.Note,
        _ => DiagnosticSeverity.Error,
    };

    [GeneratedRegex("""^\s*File "(?<file>[^"]+)", line (?<line>\d+)""")]
    private static partial Regex PythonFrame();

    [GeneratedRegex(@"^(?<file>[^\s:]+\.[cm]?[jt]s):(?<line>\d+)$")]
    private static partial Regex NodeLocation();

    [GeneratedRegex(@"^(?:Uncaught )?[A-Za-z_$][\w$.]*(?: \[[\w]+\])?: |^[A-Za-z_$][\w$]*Error$")]
    private static partial Regex NodeErrorLine();

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*?)\((?<line>\d+),(?<col>\d+)\):\s*(?<sev>error|warning|info)\s+(?<code>[A-Z]+\d+):\s*(?<msg>.*?)(?:\s+\[[^\]]+\])?$")]
    private static partial Regex CSharp();

    [GeneratedRegex(@"^(?:\S*\bld(?:\.\w+)?:\s+)?(?<file>[^\s:][^:]*?):(?:(?<line>\d+)|\([^)]*\)):\s*(?<msg>(?:undefined reference to|multiple definition of|relocation ).*)$")]
    private static partial Regex Linker();

    [GeneratedRegex(@"^\S*\bld(?:\.\w+)?:\s+(?<msg>.+)$")]
    private static partial Regex LinkerTool();

    [GeneratedRegex(
        @"^(?<file>[^\s:][^:]*?):(?<line>\d+):(?:(?<col>\d+):)?\s*(?<sev>fatal error|error|warning|note|info|remark)(?:\[(?<code>[^\]]+)\])?:\s*(?<msg>.*)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Gnu();

    [GeneratedRegex(@"^(?:(?<tool>collect2|gcc|g\+\+|cc|c\+\+|cc1|cc1plus|clang|clang\+\+|javac|rustc|go):\s*)?(?<sev>fatal error|error|warning):\s*(?<msg>.+)$")]
    private static partial Regex Tool();

    [GeneratedRegex(@"^(?<file>[^\s:][^:]*\.\w+):(?<line>\d+):(?<col>\d+):\s+(?<msg>.+)$")]
    private static partial Regex GoStyle();

    [GeneratedRegex(@"^\s*\^\s*$")]
    private static partial Regex Caret();

    [GeneratedRegex(@"^\s*\d*\s*\|")]
    private static partial Regex SourceExcerpt();

    [GeneratedRegex(@"^\[([^\]\s]+)\]$")]
    private static partial Regex GhcFlag();

    [GeneratedRegex(@"^\s*\^+\s*$")]
    private static partial Regex CaretOnly();

    [GeneratedRegex(@"^\s{2,}(symbol|location|required|found|reason):\s*(.*)$")]
    private static partial Regex JavacDetail();
}

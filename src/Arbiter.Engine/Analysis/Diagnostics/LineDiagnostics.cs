using System.Text.RegularExpressions;

namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>
/// One-line diagnostics of the toolchains whose form is not GNU's "file:line:col: severity:":
/// Nim and Free Pascal's "file(line, col) Error: msg", Visual Basic's "file(line) : error BC…",
/// Elixir's "** (CompileError) file:line: msg", Groovy's "file: line: msg @ line L, column C.",
/// SWI-Prolog's "ERROR: file:line:col: msg", R's "Error in parse(…) : file:line:col: msg",
/// Vala's "file:line.col-line.col: error: msg", Bash's "file: line N: msg", PHP's
/// "Parse error: msg in file on line N" and Perl's "msg at file line N". Tried before the GNU forms, which some of these lines would fool.
/// </summary>
internal static partial class LineDiagnostics
{
    public static bool TryParse(string line, DiagnosticCollector collector)
    {
        Match m;
        if ((m = Paren().Match(line)).Success)
        {
            collector.Add(
                m.Groups["file"].Value,
                TextDiagnostics.Number(m, "line"),
                TextDiagnostics.Number(m, "col"),
                TextDiagnostics.Severity(m.Groups["sev"].Value),
                m.Groups["msg"].Value,
                null);
            return true;
        }

        if ((m = VisualBasic().Match(line)).Success)
        {
            collector.Add(
                m.Groups["file"].Value,
                TextDiagnostics.Number(m, "line"),
                0,
                TextDiagnostics.Severity(m.Groups["sev"].Value),
                m.Groups["msg"].Value,
                m.Groups["code"].Value);
            return true;
        }

        if ((m = Elixir().Match(line)).Success)
        {
            collector.Add(
                m.Groups["file"].Value,
                TextDiagnostics.Number(m, "line"),
                TextDiagnostics.Number(m, "col"),
                DiagnosticSeverity.Error,
                m.Groups["msg"].Value,
                m.Groups["kind"].Value);
            return true;
        }

        if ((m = Groovy().Match(line)).Success)
        {
            collector.Add(m.Groups["file"].Value, TextDiagnostics.Number(m, "line"), TextDiagnostics.Number(m, "col"), DiagnosticSeverity.Error, m.Groups["msg"].Value, null);
            return true;
        }

        if ((m = PrologError().Match(line)).Success || (m = REmbedded().Match(line)).Success)
        {
            collector.Add(m.Groups["file"].Value, TextDiagnostics.Number(m, "line"), TextDiagnostics.Number(m, "col"), DiagnosticSeverity.Error, m.Groups["msg"].Value, null);
            return true;
        }

        if ((m = Dotted().Match(line)).Success)
        {
            collector.Add(
                m.Groups["file"].Value,
                TextDiagnostics.Number(m, "line"),
                TextDiagnostics.Number(m, "col"),
                TextDiagnostics.Severity(m.Groups["sev"].Value),
                m.Groups["msg"].Value,
                null);
            return true;
        }

        if ((m = Php().Match(line)).Success)
        {
            var severity = m.Groups["sev"].Value.Contains("error", StringComparison.OrdinalIgnoreCase) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
            collector.Add(m.Groups["file"].Value, TextDiagnostics.Number(m, "line"), 0, severity, m.Groups["msg"].Value, null);
            return true;
        }

        if ((m = Bash().Match(line)).Success || (m = Perl().Match(line)).Success)
        {
            collector.Add(m.Groups["file"].Value, TextDiagnostics.Number(m, "line"), 0, DiagnosticSeverity.Error, m.Groups["msg"].Value, null);
            return true;
        }

        return false;
    }

    /// <summary>The last resort, after every other form: "file.ext:line: message" with no column
    /// and no severity (NASM's warnings aside: Lua, LuaJIT, Gforth, Pike, Poly/ML's second line),
    /// optionally after the tool's name ("luajit: main.lua:1: …").</summary>
    public static bool TryParseBare(string line, DiagnosticCollector collector)
    {
        var m = Bare().Match(line);
        if (!m.Success)
        {
            return false;
        }

        if (m.Groups["file"].Value.StartsWith("/usr/", StringComparison.Ordinal))
        {
            return true; // a frame in the toolchain's own files (Pike's compiler backtrace)
        }

        var message = m.Groups["msg"].Value;
        var warning = message.StartsWith("Warning:", StringComparison.OrdinalIgnoreCase);
        collector.Add(
            m.Groups["file"].Value,
            TextDiagnostics.Number(m, "line"),
            0,
            warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
            warning ? message["Warning:".Length..] : message,
            null);
        return true;
    }

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*?\.\w+)\((?<line>\d+)(?:,\s*(?<col>\d+))?\)\s+(?<sev>Error|Warning|Hint|Note|Fatal):\s*(?<msg>.*)$")]
    private static partial Regex Paren();

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*?)\((?<line>\d+)\)\s*:\s*(?<sev>error|warning)\s+(?<code>BC\d+):\s*(?<msg>.*)$")]
    private static partial Regex VisualBasic();

    [GeneratedRegex(@"^\*\* \((?<kind>[\w.]+)\) (?<file>[^\s:]+):(?<line>\d+)(?::(?<col>\d+))?: (?<msg>.+)$")]
    private static partial Regex Elixir();

    [GeneratedRegex(@"^(?<file>[^\s:]+\.\w+): (?<line>\d+): (?<msg>.+?) @ line \d+, column (?<col>\d+)\.$")]
    private static partial Regex Groovy();

    [GeneratedRegex(@"^ERROR: (?<file>[^\s:]+):(?<line>\d+):(?:(?<col>\d+):)?\s*(?<msg>.+)$")]
    private static partial Regex PrologError();

    [GeneratedRegex(@"^Error in .*? : (?<file>[^\s:]+):(?<line>\d+):(?<col>\d+): (?<msg>.+)$")]
    private static partial Regex REmbedded();

    [GeneratedRegex(@"^(?<file>[^\s:]+\.\w+):(?<line>\d+)\.(?<col>\d+)(?:-\d+\.\d+)?:?\s+(?<sev>error|warning|note|Error|Warning):\s*(?<msg>.*)$")]
    private static partial Regex Dotted();

    [GeneratedRegex(@"^(?:PHP )?(?<sev>Parse error|Fatal error|Warning|Notice|Deprecated): (?<msg>.+) in (?<file>\S+) on line (?<line>\d+)$")]
    private static partial Regex Php();

    [GeneratedRegex(@"^(?<file>[^\s:]+\.\w+): line (?<line>\d+): (?<msg>.+)$")]
    private static partial Regex Bash();

    [GeneratedRegex(@"^(?<msg>.+?) at (?<file>[^\s:]+\.\w+) line (?<line>\d+)(?:, near .*|, at end of line|\.)?$")]
    private static partial Regex Perl();

    [GeneratedRegex(@"^(?:(?:\S*/)?(?:luajit|luac?[\d.]*|gawk|pike[\d.]*):\s+)?(?<file>[^\s:]+\.\w+):(?<line>\d+):\s*(?<msg>\S.*)$")]
    private static partial Regex Bare();
}

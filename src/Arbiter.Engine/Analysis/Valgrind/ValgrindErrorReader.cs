using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Arbiter.Engine.Analysis.Valgrind;

/// <summary>Turns one &lt;error&gt; or &lt;fatal_signal&gt; element into a record with a summary.</summary>
internal static partial class ValgrindErrorReader
{
    private const int MaxFrames = 32;
    private const int MaxDetails = 8;
    private const int MaxText = 500;

    public static ValgrindError Read(XElement error, string workDir, IReadOnlyDictionary<string, int> counts)
    {
        var rawKind = Text(error.Element("kind")) ?? "";
        var kind = ParseKind(rawKind);
        var xwhat = error.Element("xwhat");
        var what = Text(error.Element("what")) ?? Text(xwhat?.Element("text")) ?? rawKind;
        var bytes = Long(xwhat?.Element("leakedbytes"));
        var blocks = Long(xwhat?.Element("leakedblocks"));
        if (bytes is null && AccessSize().Match(what) is { Success: true } size)
        {
            bytes = long.Parse(size.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        }

        var stacks = error.Elements("stack").Take(4).Select(s => ReadStack(s, workDir)).ToList();
        var stack = stacks.Count > 0 ? stacks[0] : [];
        var details = error.Elements("auxwhat").Take(MaxDetails).Select(a => Text(a) ?? "")
            .Concat(error.Elements("xauxwhat").Take(MaxDetails).Select(a => Text(a.Element("text")) ?? ""))
            .Where(d => d.Length > 0).ToList();
        var related = stacks.Skip(1).Select(UserFrame).FirstOrDefault(f => f is not null);
        var count = Text(error.Element("unique")) is { } unique && counts.TryGetValue(unique, out var c) ? c : 1;

        var partial = new ValgrindError(kind, rawKind, what, bytes, blocks, UserFrame(stack), stack, details, related, Math.Max(1, count), "");
        return partial with { Summary = ValgrindSummaries.Describe(partial, stacks) };
    }

    public static ValgrindFatalSignal ReadFatalSignal(XElement signal, string workDir)
    {
        var name = Text(signal.Element("signame")) ?? $"signal {Text(signal.Element("signo")) ?? "?"}";
        var stack = signal.Element("stack") is { } s ? ReadStack(s, workDir) : [];
        var where = UserFrame(stack);
        var partial = new ValgrindFatalSignal(name, Text(signal.Element("event")), Text(signal.Element("siaddr")), where, "");
        return partial with { Summary = ValgrindSummaries.Describe(partial) };
    }

    /// <summary>The first frame with a source line in the user's own code, else the first frame.</summary>
    public static ValgrindFrame? UserFrame(IReadOnlyList<ValgrindFrame> stack) =>
        stack.FirstOrDefault(f => f.File is not null && f.Line > 0 && !IsSystem(f.File, f.Binary)) ?? (stack.Count > 0 ? stack[0] : null);

    private static bool IsSystem(string file, string? obj) =>
        file.StartsWith('/') || file.StartsWith("./", StringComparison.Ordinal) || file.StartsWith("../", StringComparison.Ordinal)
        || (obj is not null && (obj.StartsWith("/usr/", StringComparison.Ordinal) || obj.StartsWith("/lib", StringComparison.Ordinal)));

    private static List<ValgrindFrame> ReadStack(XElement stack, string workDir) =>
        stack.Elements("frame").Take(MaxFrames).Select(f => ReadFrame(f, workDir)).ToList();

    private static ValgrindFrame ReadFrame(XElement frame, string workDir)
    {
        var dir = Text(frame.Element("dir"));
        var file = Text(frame.Element("file"));
        var line = (int)Math.Clamp(Long(frame.Element("line")) ?? 0, 0, int.MaxValue);
        return new ValgrindFrame(Text(frame.Element("fn")), SourcePath(dir, file, workDir), line, Text(frame.Element("obj")));
    }

    /// <summary>Paths under the work dir become relative ("main.c"); system sources keep their
    /// absolute path (so they are never mistaken for the user's); user sources compiled
    /// elsewhere keep the file name the compiler recorded.</summary>
    private static string? SourcePath(string? dir, string? file, string workDir)
    {
        if (file is null)
        {
            return null;
        }

        var full = file.StartsWith('/') || string.IsNullOrEmpty(dir) ? file : $"{dir.TrimEnd('/')}/{file}";
        var system = full.StartsWith("/usr/", StringComparison.Ordinal) || full.StartsWith("/lib", StringComparison.Ordinal)
            || full.StartsWith("/build/", StringComparison.Ordinal) || full.StartsWith("/rustc/", StringComparison.Ordinal)
            || full.StartsWith('.');
        if (system)
        {
            return full;
        }

        var relative = AnalysisText.RelativePath(full, workDir);
        return !relative.StartsWith('/') ? relative : file.StartsWith('/') ? Path.GetFileName(file) : file;
    }

    private static ValgrindErrorKind ParseKind(string raw) =>
        Enum.TryParse<ValgrindErrorKind>(raw.Replace("_", "", StringComparison.Ordinal), ignoreCase: false, out var kind)
        && Enum.IsDefined(kind) && !raw.All(char.IsAsciiDigit)
            ? kind
            : ValgrindErrorKind.Other;

    private static string? Text(XElement? element) =>
        element is null ? null : AnalysisText.Truncate(element.Value.Trim(), MaxText);

    private static long? Long(XElement? element) =>
        element is not null && long.TryParse(element.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    [GeneratedRegex(@"of size (\d{1,18})")]
    private static partial Regex AccessSize();
}

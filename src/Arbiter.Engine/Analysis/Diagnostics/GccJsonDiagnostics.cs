using System.Text;
using System.Text.Json;

namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>Reads one element of gcc's <c>-fdiagnostics-format=json</c> array (gcc 10–13 shape:
/// kind, message, option, locations[].caret{file,line,column}, fixits[], children[]).</summary>
internal static class GccJsonDiagnostics
{
    private const int MaxDepth = 8;

    public static void Add(JsonElement element, DiagnosticCollector collector) => Add(element, collector, 0);

    private static void Add(JsonElement element, DiagnosticCollector collector, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            return;
        }

        var kind = Json.String(element, "kind") ?? "error";
        var message = Json.String(element, "message") ?? "";
        var (file, line, column) = Caret(element);
        var fixits = Fixits(element);
        if (fixits.Length > 0)
        {
            message = $"{message} (fix: {fixits})";
        }

        collector.Add(file, line, column, Severity(kind), message, Json.String(element, "option"));

        if (element.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                Add(child, collector, depth + 1);
            }
        }
    }

    internal static DiagnosticSeverity Severity(string kind) => kind switch
    {
        "warning" => DiagnosticSeverity.Warning,
        "note" or "remark" => DiagnosticSeverity.Note,
        _ => DiagnosticSeverity.Error, // error, fatal error, sorry unimplemented, internal compiler error
    };

    private static (string? File, int Line, int Column) Caret(JsonElement element)
    {
        if (!element.TryGetProperty("locations", out var locations) || locations.ValueKind != JsonValueKind.Array)
        {
            return (null, 0, 0);
        }

        foreach (var location in locations.EnumerateArray())
        {
            if (location.ValueKind == JsonValueKind.Object && location.TryGetProperty("caret", out var caret))
            {
                return Point(caret);
            }
        }

        return (null, 0, 0);
    }

    private static (string? File, int Line, int Column) Point(JsonElement point) =>
        (Json.String(point, "file"), Json.Int(point, "line"), Json.Int(point, "column"));

    private static string Fixits(JsonElement element)
    {
        if (!element.TryGetProperty("fixits", out var fixits) || fixits.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var fixit in fixits.EnumerateArray().Take(4))
        {
            if (fixit.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var replacement = Json.String(fixit, "string") ?? "";
            var start = fixit.TryGetProperty("start", out var s) ? Point(s) : default;
            var next = fixit.TryGetProperty("next", out var n) ? Point(n) : default;
            var empty = start.Line == next.Line && start.Column == next.Column;
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(replacement.Length == 0 ? "remove the marked text"
                : empty ? $"insert ‘{replacement}’ at {start.Line}:{start.Column}"
                : $"replace with ‘{replacement}’");
        }

        return text.ToString();
    }
}

using System.Text.Json;

namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>Reads one line of rustc's <c>--error-format=json</c> output (the same shape from 1.63,
/// Debian's, to current; newer versions add "$message_type").</summary>
internal static class RustcJsonDiagnostics
{
    private const int MaxExpansionDepth = 16;

    public static void Add(JsonElement element, DiagnosticCollector collector)
    {
        var type = Json.String(element, "$message_type");
        if (type is not null && type != "diagnostic")
        {
            return; // artifact notifications, future-incompat reports
        }

        var level = Json.String(element, "level") ?? "error";
        var message = Json.String(element, "message") ?? "";
        var spans = element.TryGetProperty("spans", out var s) && s.ValueKind == JsonValueKind.Array ? s : default;
        var primary = Primary(spans);
        if (level == "failure-note" || (primary is null && message.StartsWith("aborting due to", StringComparison.Ordinal)))
        {
            return; // "aborting due to 1 previous error", "For more information … rustc --explain"
        }

        string? code = null;
        if (element.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            code = Json.String(c, "code");
        }

        Add(collector, level, message, primary, code);

        if (element.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                // Children without a span are boilerplate ("#[warn(unused)] on by default").
                var childSpans = child.TryGetProperty("spans", out var cs) && cs.ValueKind == JsonValueKind.Array ? cs : default;
                if (Primary(childSpans) is { } childPrimary)
                {
                    Add(collector, Json.String(child, "level") ?? "note", Json.String(child, "message") ?? "", childPrimary, null);
                }
            }
        }
    }

    private static void Add(DiagnosticCollector collector, string level, string message, JsonElement? span, string? code)
    {
        var severity = level switch
        {
            "warning" => DiagnosticSeverity.Warning,
            "note" or "help" => DiagnosticSeverity.Note,
            _ => DiagnosticSeverity.Error, // error, "error: internal compiler error"
        };

        if (span is not { } primary)
        {
            collector.Add(null, 0, 0, severity, message, null);
            return;
        }

        var label = Json.String(primary, "label");
        if (!string.IsNullOrWhiteSpace(label))
        {
            message = $"{message}: {label}";
        }

        collector.Add(Json.String(primary, "file_name"), Json.Int(primary, "line_start"), Json.Int(primary, "column_start"), severity, message, code);
    }

    /// <summary>The primary span, followed out of macro expansions defined outside the user's
    /// files (so an error inside println! points at the println! call).</summary>
    private static JsonElement? Primary(JsonElement spans)
    {
        if (spans.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        JsonElement? primary = null;
        foreach (var span in spans.EnumerateArray())
        {
            if (span.ValueKind == JsonValueKind.Object && Json.Bool(span, "is_primary"))
            {
                primary = span;
                break;
            }
        }

        if (primary is not { } current)
        {
            return null;
        }

        for (var i = 0; i < MaxExpansionDepth && IsOutsideUserCode(Json.String(current, "file_name"))
            && current.TryGetProperty("expansion", out var expansion) && expansion.ValueKind == JsonValueKind.Object
            && expansion.TryGetProperty("span", out var outer) && outer.ValueKind == JsonValueKind.Object; i++)
        {
            current = outer;
        }

        return current;
    }

    private static bool IsOutsideUserCode(string? file) =>
        file is null || file.StartsWith('<') || file.StartsWith("/rustc/", StringComparison.Ordinal)
        || file.Contains("/.cargo/registry/", StringComparison.Ordinal) || file.StartsWith("/usr/", StringComparison.Ordinal);
}

using Arbiter.Engine.Analysis.Diagnostics;

namespace Arbiter.Cli.Output;

/// <summary>Compiler diagnostics the way compilers print them ("main.c:3:5: error: …"), or the
/// compiler's own words when nothing could be parsed.</summary>
internal static class DiagnosticsPrinter
{
    public static void Print(TextWriter writer, DiagnosticList diagnostics, string rawOutput)
    {
        if (diagnostics.Items.Count == 0)
        {
            writer.Write(rawOutput);
            return;
        }

        foreach (var d in diagnostics.Items)
        {
            var place = d.Line > 0 ? $"{d.File}:{d.Line}:{d.Column}" : d.File;
            var severity = d.Severity.ToString().ToLowerInvariant();
            writer.WriteLine($"{place}: {severity}: {d.Message}{(d.Code is null ? "" : $" [{d.Code}]")}");
        }

        if (diagnostics.Truncated)
        {
            writer.WriteLine($"… and {diagnostics.Total - diagnostics.Items.Count} more");
        }
    }
}

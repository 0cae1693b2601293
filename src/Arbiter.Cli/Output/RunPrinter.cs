using System.Text.Json;
using Arbiter.Engine.Reports;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Output;

/// <summary>Shows one run the way `exec` and `run` do: the program's own output passed through
/// and a summary line on stderr, or nothing but the JSON.</summary>
internal static class RunPrinter
{
    public static void PassThrough(SandboxResult result)
    {
        using (var stdout = Console.OpenStandardOutput())
        {
            stdout.Write(result.Stdout);
        }

        using var stderr = Console.OpenStandardError();
        stderr.Write(result.Stderr);
    }

    public static void Summary(SandboxResult result) => Console.Error.WriteLine($"arbiter: {RunReport.From(result).Summary()}");

    public static void Json(object report) => Console.Out.WriteLine(JsonSerializer.Serialize(report, RunReport.Json));
}

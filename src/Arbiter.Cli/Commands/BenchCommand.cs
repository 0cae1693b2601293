using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter bench sandbox|engine|service|compat</c>: the benchmarks live in their own program,
/// <c>arbiter-bench</c> (tools/Arbiter.Bench), so the shipped CLI carries no benchmark code. This
/// command runs it with the arguments after <c>bench</c>, untouched (its own help and errors
/// included), and exits with its exit code. It is found through ARBITER_BENCH (the checkout's
/// <c>./arbiter</c> sets it to the built tool) or next to this program (a publish of
/// tools/Arbiter.Bench holds both).
/// </summary>
internal static class BenchCommand
{
    private const string ToolAssembly = "arbiter-bench.dll";

    /// <summary>Listed in <c>arbiter --help</c>; Program.cs hands <c>bench</c> command lines to
    /// <see cref="RunAsync"/> before parsing, so that the tool parses its own.</summary>
    public static Command Create()
    {
        var arguments = new Argument<string[]>("arguments")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "sandbox, engine or service and their options (arbiter bench --help).",
        };
        var command = new Command("bench", "Benchmarks against bare execution: sandbox, engine, service (the arbiter-bench tool).") { arguments };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(arguments) ?? []));
        return command;
    }

    /// <summary>Runs arbiter-bench with <paramref name="arguments"/> in the foreground, sharing this
    /// process's terminal, and returns its exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var tool = Environment.GetEnvironmentVariable("ARBITER_BENCH") is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, ToolAssembly);
        if (!File.Exists(tool))
        {
            await Console.Error.WriteLineAsync(
                $"arbiter bench: the benchmarks are a separate program, {ToolAssembly}, and it is not at {tool}. " +
                "In a checkout, scripts/setup.sh builds it and ./arbiter finds it; elsewhere publish it next to arbiter " +
                "(dotnet publish tools/Arbiter.Bench -c Release -o DIR, then DIR/arbiter bench …) or set ARBITER_BENCH to its path.");
            return ExitCodes.Unavailable;
        }

        var info = new ProcessStartInfo(DotnetHost()) { UseShellExecute = false };
        info.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var bench = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        // The benchmark stops what it started (sandboxes, servers, a PostgreSQL cluster) when it is
        // interrupted; this process waits for that instead of exiting under it. Ctrl+C reaches the
        // benchmark from the terminal directly (one process group); SIGTERM is sent to this
        // process alone, so it is passed on.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            using var kill = Process.Start("kill", ["-TERM", bench.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        });
        await bench.WaitForExitAsync(CancellationToken.None);
        return bench.ExitCode;
    }

    /// <summary>The dotnet host this program runs under (<c>dotnet arbiter.dll</c>), or for the
    /// apphost <c>arbiter</c> the one beside the runtime it loaded.</summary>
    private static string DotnetHost()
    {
        if (Path.GetFileName(Environment.ProcessPath) == "dotnet")
        {
            return Environment.ProcessPath!;
        }

        // The runtime lives in <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        return File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
    }
}

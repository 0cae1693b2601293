using System.CommandLine;
using System.Text.Json;
using Arbiter.Cli.Output;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter exec [limits] -- PROGRAM [ARGS...]</c>: one program in one sandbox.</summary>
internal static class ExecCommand
{
    public static Command Create()
    {
        var cpu = new Option<double?>("--cpu-time") { Description = "CPU time limit in seconds (default 2)." };
        var wall = new Option<double?>("--wall-time") { Description = "Wall time limit in seconds (default: twice the CPU limit plus 1 s)." };
        var memory = new Option<long?>("--memory") { Description = "Memory limit in MiB (default 256)." };
        var processes = new Option<int?>("--processes") { Description = "Processes and threads at once (default 64)." };
        var output = new Option<long?>("--output") { Description = "Cap on stdout, and on stderr, in KiB (default 16384)." };
        var stdin = new Option<FileInfo?>("--stdin") { Description = "File to use as standard input (default: none)." };
        var files = new Option<FileInfo[]>("--file") { Description = "File to copy into the work dir, keeping its name and executable bit. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var network = new Option<bool>("--network") { Description = "Let the program use the host's network (off by default)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the result." };
        var command = new Argument<string[]>("command") { Description = "The program and its arguments, after --.", Arity = ArgumentArity.OneOrMore };

        var exec = new Command("exec", "Run a program in a sandbox and report status, exit code, CPU and wall time, and peak memory.")
        {
            cpu, wall, memory, processes, output, stdin, files, network, json, command,
        };
        exec.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var limits = Limits(parse, cpu, wall, memory, processes, output, errors);
            errors.AddRange(limits.Validate());
            if (errors.Count > 0)
            {
                return Fail(string.Join("; ", errors));
            }

            var argv = parse.GetValue(command)!;
            SandboxRequest request;
            try
            {
                request = new SandboxRequest(argv[0], argv[1..])
                {
                    Limits = limits,
                    Network = parse.GetValue(network),
                    Stdin = parse.GetValue(stdin) is not { } input ? SandboxInput.None
                        : input.Exists ? SandboxInput.FromFile(input.FullName)
                        : throw new FileNotFoundException($"stdin file '{input.FullName}' does not exist"),
                    Files = (parse.GetValue(files) ?? []).Select(f => SandboxFile.FromHostFile(f.FullName)).ToList(),
                };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(e.Message);
            }

            await using var pool = new SandboxPool(new SandboxOptions { MaxParallel = 1 });
            SandboxResult result;
            try
            {
                result = await pool.RunAsync(request, cancellationToken);
            }
            catch (ArgumentException e)
            {
                return Fail(e.Message);
            }
            catch (SandboxUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"arbiter: {e.Message}");
                return ExitCodes.Unavailable;
            }

            var report = RunReport.From(result);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, RunReport.Json));
            }
            else
            {
                using (var stdout = Console.OpenStandardOutput())
                {
                    stdout.Write(result.Stdout);
                }

                using (var stderr = Console.OpenStandardError())
                {
                    stderr.Write(result.Stderr);
                }

                await Console.Error.WriteLineAsync($"arbiter: {report.Summary()}");
            }

            return result.Status == RunStatus.OK ? ExitCodes.Ok : ExitCodes.Rejected;
        });
        return exec;
    }

    /// <summary>The limits the options ask for; values that cannot be limits at all (negative,
    /// not finite, overflowing) are reported as given rather than clamped.</summary>
    private static SandboxLimits Limits(ParseResult parse, Option<double?> cpu, Option<double?> wall, Option<long?> memory, Option<int?> processes, Option<long?> output, List<string> errors)
    {
        var defaults = SandboxLimits.Default;
        var cpuTime = Seconds(parse.GetValue(cpu), "--cpu-time", errors) ?? defaults.CpuTime;
        var wallDefault = (cpuTime * 2) + TimeSpan.FromSeconds(1);
        return defaults with
        {
            CpuTime = cpuTime,
            WallTime = Seconds(parse.GetValue(wall), "--wall-time", errors)
                ?? (wallDefault < SandboxLimits.Maximum.WallTime ? wallDefault : SandboxLimits.Maximum.WallTime),
            MemoryBytes = Scaled(parse.GetValue(memory), 1024 * 1024, "--memory", errors) ?? defaults.MemoryBytes,
            Processes = parse.GetValue(processes) ?? defaults.Processes,
            OutputBytes = Scaled(parse.GetValue(output), 1024, "--output", errors) ?? defaults.OutputBytes,
        };
    }

    private static TimeSpan? Seconds(double? seconds, string option, List<string> errors)
    {
        if (seconds is not { } value)
        {
            return null;
        }

        if (!double.IsFinite(value) || value <= 0 || value > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            errors.Add($"{option} must be a positive number of seconds (got {value})");
            return null;
        }

        return TimeSpan.FromSeconds(value);
    }

    private static long? Scaled(long? value, long unit, string option, List<string> errors)
    {
        if (value is not { } given)
        {
            return null;
        }

        if (given <= 0 || given > long.MaxValue / unit)
        {
            errors.Add($"{option} must be a positive number (got {given})");
            return null;
        }

        return given * unit;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"arbiter exec: {message}");
        return ExitCodes.Usage;
    }
}

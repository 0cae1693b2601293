using System.CommandLine;
using Arbiter.Cli.Output;
using Arbiter.Engine.Reports;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter exec [limits] -- PROGRAM [ARGS...]</c>: one program in one sandbox.</summary>
internal static class ExecCommand
{
    public static Command Create()
    {
        var limitOptions = new LimitOptions();
        var stdin = new Option<FileInfo?>("--stdin") { Description = "File to use as standard input (default: none)." };
        var files = new Option<FileInfo[]>("--file") { Description = "File to copy into the work dir, keeping its name and executable bit. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var network = new Option<bool>("--network") { Description = "Let the program use the host's network (off by default)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the result." };
        var command = new Argument<string[]>("command") { Description = "The program and its arguments, after --.", Arity = ArgumentArity.OneOrMore };

        var exec = new Command("exec", "Run a program in a sandbox and report status, exit code, CPU and wall time, and peak memory.")
        {
            stdin, files, network, json, command,
        };
        limitOptions.AddTo(exec);
        exec.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var limits = limitOptions.Read(parse, errors);
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

            if (parse.GetValue(json))
            {
                RunPrinter.Json(RunReport.From(result));
            }
            else
            {
                RunPrinter.PassThrough(result);
                RunPrinter.Summary(result);
            }

            return result.Status == RunStatus.OK ? ExitCodes.Ok : ExitCodes.Rejected;
        });
        return exec;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"arbiter exec: {message}");
        return ExitCodes.Usage;
    }
}

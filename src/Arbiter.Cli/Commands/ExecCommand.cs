using System.CommandLine;
using System.CommandLine.Parsing;
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
        var files = new Option<FileInfo[]>("--file")
        {
            Description = "File to copy into the work dir, keeping its name and executable bit. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
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
            if (UnknownOption(parse, command) is { } unknown)
            {
                return Fail($"unknown option '{unknown}' (options go before --, the program and its arguments after it; see arbiter exec --help)");
            }

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

    /// <summary>
    /// The parser hands words it does not know as options to the program argument, so
    /// <c>exec --bogus -- /bin/true</c> would run <c>--bogus</c>. Before <c>--</c>, a word that
    /// starts with '-' and landed in the program argument is an unknown option.
    /// </summary>
    private static string? UnknownOption(ParseResult parse, Argument<string[]> command)
    {
        var doubleDash = -1;
        for (var i = 0; i < parse.Tokens.Count && doubleDash < 0; i++)
        {
            doubleDash = parse.Tokens[i].Type == TokenType.DoubleDash ? i : -1;
        }

        var words = parse.GetResult(command)?.Tokens ?? [];
        for (var i = 0; i < (doubleDash < 0 ? parse.Tokens.Count : doubleDash); i++)
        {
            var token = parse.Tokens[i];
            if (token.Value.Length > 1 && token.Value[0] == '-' && words.Any(w => ReferenceEquals(w, token)))
            {
                return token.Value;
            }
        }

        return null;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"arbiter exec: {message}");
        return ExitCodes.Usage;
    }
}

using System.CommandLine;
using Arbiter.Cli;
using Arbiter.Cli.Commands;
using Arbiter.Cli.Output;

var root = new RootCommand("Arbiter: run untrusted programs in a locked-down sandbox and judge them.")
{
    ExecCommand.Create(),
    RunCommand.Create(),
    JudgeCommand.Create(),
    ProblemCommand.Create(),
    LanguagesCommand.Create(),
    ServeCommand.Create(),
    BenchCommand.Create(),
    LoginCommand.Create(),
    LogoutCommand.Create(),
    WhoAmICommand.Create(),
    SubmitCommand.Create(),
    ProblemsCommand.Create(),
    AttemptsCommand.Create(),
    ImagesCommand.Create(),
    LoadTestCommand.Create(),
    AutoscaleCommand.Create(),
};

// `arbiter bench …` belongs to the benchmark program, which parses (and explains) its own options.
if (args is ["bench", .. var benchArguments])
{
    return await BenchCommand.RunAsync(benchArguments);
}

var parse = root.Parse(args);
if (parse.Errors.Count > 0 && args.Contains("--json", StringComparer.Ordinal) && parse.CommandResult.Command.Name is "judge" or "verify")
{
    // Scripts that asked a judgement for JSON get one object even for a malformed command line.
    return new CommandFailure("usage", string.Join("; ", parse.Errors.Select(e => e.Message)), ExitCodes.Usage).Print("arbiter", json: true);
}

if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"arbiter: {error.Message}");
    }

    var command = parse.CommandResult.Command == root ? "arbiter" : $"arbiter {parse.CommandResult.Command.Name}";
    Console.Error.WriteLine($"Try '{command} --help'.");
    return ExitCodes.Usage;
}

// System.CommandLine ends the process two seconds after SIGTERM or Ctrl+C; `serve` leaves the
// signals to the host instead, whose workers drain their jobs first (Server:DrainSeconds), and
// `autoscale run` needs the time to drain and stop the workers it started.
var invocation = new InvocationConfiguration();
if (parse.CommandResult.Command.Name == "serve")
{
    invocation.ProcessTerminationTimeout = null;
}
else if (parse.CommandResult.Command is { Name: "run", Parents: var parents } && parents.OfType<Command>().Any(p => p.Name == "autoscale"))
{
    invocation.ProcessTerminationTimeout = AutoscaleRunCommand.StopTimeout;
}

return await parse.InvokeAsync(invocation);

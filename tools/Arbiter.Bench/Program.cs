using System.CommandLine;
using System.CommandLine.Help;
using Arbiter.Bench;
using Arbiter.Bench.Commands;

// arbiter-bench: the benchmarks behind `arbiter bench …` (the arbiter CLI runs this program, found
// next to it, with the arguments after `bench`). A new benchmark is one more command here. The
// commands sit under "arbiter bench", so that help and errors name what users type.
var bench = new Command("bench", "Benchmarks: Arbiter against the same work done bare, side by side.")
{
    SandboxCommand.Create(),
    EngineCommand.Create(),
    ServiceCommand.Create(),
    CompatBenchmark.Command(),
};
var arbiter = new Command("arbiter") { bench };
arbiter.Options.Add(new HelpOption());

var parse = arbiter.Parse(["bench", .. args]);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"arbiter bench: {error.Message}");
    }

    var command = parse.CommandResult.Command == bench ? "arbiter bench" : $"arbiter bench {parse.CommandResult.Command.Name}";
    Console.Error.WriteLine($"Try '{command} --help'.");
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();

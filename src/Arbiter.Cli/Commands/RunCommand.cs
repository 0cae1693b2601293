using System.CommandLine;
using Arbiter.Cli.Output;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Running;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter run FILE [--lang ID] [--stdin FILE] [limits] [--json]</c>: compile and run one file.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The source file." };
        var language = new Option<string?>("--lang") { Description = "Language id (see `arbiter languages`); default: from the file's extension." };
        var stdin = new Option<FileInfo?>("--stdin") { Description = "File to use as standard input (default: none)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the compilation and the run." };
        var limitOptions = new LimitOptions();
        var run = new Command("run", "Compile a source file in the sandbox and run it.") { file, language, stdin, json };
        limitOptions.AddTo(run);
        run.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var limits = limitOptions.Read(parse, errors);
            var source = parse.GetValue(file)!;
            var input = parse.GetValue(stdin);
            if (!source.Exists)
            {
                errors.Add($"source file '{source.FullName}' does not exist");
            }

            if (input is { Exists: false })
            {
                errors.Add($"stdin file '{input.FullName}' does not exist");
            }

            if (errors.Count > 0)
            {
                return Usage(errors);
            }

            await using var engine = EngineContext.Create();
            if (Resolve(engine.Languages, parse.GetValue(language), source.Name, errors) is not { } spec)
            {
                return Usage(errors);
            }

            try
            {
                var request = new SourceRunRequest(spec, await File.ReadAllBytesAsync(source.FullName, cancellationToken))
                {
                    Stdin = input is null ? SandboxInput.None : SandboxInput.FromFile(input.FullName),
                    Limits = limits,
                };
                var run = await engine.Runs.RunAsync(request, null, cancellationToken);
                if (parse.GetValue(json))
                {
                    RunPrinter.Json(run.Report);
                }
                else if (run.Run is { } result)
                {
                    RunPrinter.PassThrough(result);
                    RunPrinter.Summary(result);
                }
                else
                {
                    var compile = run.Report.Compile;
                    DiagnosticsPrinter.Print(Console.Error, compile.Diagnostics, compile.Output);
                    await Console.Error.WriteLineAsync($"arbiter: {run.Verdict}  {compile.Message}");
                }

                return run.Verdict == RunVerdict.OK ? ExitCodes.Ok : ExitCodes.Rejected;
            }
            catch (SandboxUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"arbiter: {e.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return run;
    }

    /// <summary>The language asked for, or the one the file's extension says.</summary>
    internal static LanguageSpec? Resolve(LanguageCatalog catalog, string? id, string fileName, List<string> errors)
    {
        var spec = id is null ? catalog.ForFile(fileName) : catalog.Find(id);
        if (spec is null)
        {
            var known = string.Join(", ", catalog.Languages.Select(l => l.Id));
            errors.Add(id is null
                ? $"cannot tell the language of '{fileName}' from its extension; pass --lang (one of {known})"
                : $"unknown language '{id}' (one of {known})");
        }

        return spec;
    }

    private static int Usage(List<string> errors)
    {
        Console.Error.WriteLine($"arbiter run: {string.Join("; ", errors)}");
        return ExitCodes.Usage;
    }
}

using System.CommandLine;
using Arbiter.Cli.Output;
using Arbiter.Engine.Reports;
using Arbiter.Engine;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter judge PROBLEM FILE [--lang ID] [--json]</c>: judge a file against a problem package.</summary>
internal static class JudgeCommand
{
    public static Command Create()
    {
        var problem = new Argument<string>("problem") { Description = "The problem package: a directory or a zip." };
        var file = new Argument<FileInfo>("file") { Description = "The source file." };
        var language = new Option<string?>("--lang") { Description = "Language id; default: from the file's extension." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the whole judgement." };
        var judge = new Command("judge", "Judge a source file against a problem package (exit 0 accepted, 1 rejected, 2 bad input).") { problem, file, language, json };
        judge.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                return Usage($"source file '{source.FullName}' does not exist");
            }

            await using var engine = EngineContext.Create();
            var errors = new List<string>();
            if (RunCommand.Resolve(engine.Languages, parse.GetValue(language), source.Name, errors) is not { } spec)
            {
                return Usage(string.Join("; ", errors));
            }

            try
            {
                using var package = ProblemLoader.Load(parse.GetValue(problem)!);
                var result = await engine.Judge.JudgeAsync(package, spec, await File.ReadAllBytesAsync(source.FullName, cancellationToken), await engine.OptionsFor(package, cancellationToken), cancellationToken);
                if (parse.GetValue(json))
                {
                    RunPrinter.Json(JudgeReport.From(package.Id, spec.Id, result));
                }
                else
                {
                    JudgePrinter.Print(package, spec, result);
                }

                return result.Verdict == Verdict.AC ? ExitCodes.Ok : ExitCodes.Rejected;
            }
            catch (ProblemPackageException e)
            {
                return Usage(e.Message);
            }
            catch (SandboxUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"arbiter: {e.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return judge;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"arbiter judge: {message}");
        return ExitCodes.Usage;
    }
}

using System.CommandLine;
using Arbiter.Cli.Output;
using Arbiter.Engine.Reports;
using Arbiter.Engine;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter judge PROBLEM FILE [--lang ID] [--json]</c>: judge a file against a problem
/// package. With <c>--json</c> exactly one JSON object is printed on every path: the judgement, or
/// a <see cref="CommandFailure"/>.</summary>
internal static class JudgeCommand
{
    private const string Name = "arbiter judge";

    public static Command Create()
    {
        var problem = new Argument<string>("problem") { Description = "The problem package: a directory or a zip." };
        var file = new Argument<FileInfo>("file") { Description = "The source file." };
        var language = new Option<string?>("--lang") { Description = "Language id; default: from the file's extension." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the whole judgement (or the error)." };
        var judge = new Command("judge", "Judge a source file against a problem package (exit 0 accepted, 1 rejected, 2 bad input, 3 no sandbox).")
        {
            problem,
            file,
            language,
            json,
        };
        judge.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            try
            {
                return await JudgeAsync(parse.GetValue(problem)!, parse.GetValue(file)!, parse.GetValue(language), asJson, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never a stack trace instead of an answer: whatever broke, the judge failed (IE).
                return CommandFailure.Internal($"the judge failed: {e.Message}").Print(Name, asJson);
            }
        });
        return judge;
    }

    private static async Task<int> JudgeAsync(string problem, FileInfo source, string? languageId, bool json, CancellationToken cancellationToken)
    {
        if (!source.Exists)
        {
            return CommandFailure.Usage($"source file '{source.FullName}' does not exist").Print(Name, json);
        }

        await using var engine = EngineContext.Create();
        var errors = new List<string>();
        if (RunCommand.Resolve(engine.Languages, languageId, source.Name, errors) is not { } spec)
        {
            return CommandFailure.Language(string.Join("; ", errors)).Print(Name, json);
        }

        ProblemPackage package;
        try
        {
            package = ProblemLoader.Load(problem);
        }
        catch (ProblemPackageException e)
        {
            return CommandFailure.Package(e.Message).Print(Name, json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandFailure.Package($"{problem}: cannot be read: {e.Message}").Print(Name, json);
        }

        using (package)
        {
            try
            {
                var code = await File.ReadAllBytesAsync(source.FullName, cancellationToken);
                var result = await engine.Judging.JudgeAsync(package, spec, code, extraFiles: null, progress: null, cancellationToken);
                if (json)
                {
                    var report = JudgeReport.From(package.Id, spec.Id, result);
                    RunPrinter.Json(report with { Warnings = [.. package.Warnings, .. report.Warnings] });
                }
                else
                {
                    JudgePrinter.Print(package, spec, result);
                }

                return result.Verdict == Verdict.AC ? ExitCodes.Ok : ExitCodes.Rejected;
            }
            catch (SandboxUnavailableException e)
            {
                return CommandFailure.Sandbox(e.Message).Print("arbiter", json);
            }
        }
    }
}

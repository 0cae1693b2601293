using System.CommandLine;
using Arbiter.Cli.Output;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter problem verify DIR [--json]</c>: judge every example submission of a package
/// and check it gets the verdict its folder names.</summary>
internal static class ProblemCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("package") { Description = "The problem package: a directory or a zip." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var verify = new Command("verify", "Judge every program under submissions/ and check each gets the verdict its folder names.") { directory, json };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            await using var engine = EngineContext.Create();
            try
            {
                using var package = ProblemLoader.Load(parse.GetValue(directory)!);
                var (timeLimit, note, checks) = await engine.Verifier.VerifyAsync(package, cancellationToken);
                var ok = checks.Count > 0 && checks.All(c => c.Matches);
                if (parse.GetValue(json))
                {
                    RunPrinter.Json(new { problem = package.Id, ok, timeLimitMs = timeLimit.TotalMilliseconds, timeLimitNote = note, warnings = package.Warnings, submissions = checks });
                }
                else
                {
                    Console.WriteLine($"{package.Name} ({package.Id}): time limit {timeLimit.TotalSeconds:0.###} s, {note}");
                    foreach (var warning in package.Warnings)
                    {
                        Console.WriteLine($"  warning: {warning}");
                    }

                    foreach (var check in checks)
                    {
                        Console.WriteLine($"  {(check.Matches ? "ok      " : "MISMATCH")}  {check.Folder}/{check.Name} ({check.Language ?? "?"}): {check.Verdict?.ToString() ?? "not judged"}{(check.Problem is null ? "" : "  " + check.Problem)}");
                    }

                    Console.WriteLine(checks.Count == 0 ? "no submissions to verify" : $"{checks.Count(c => c.Matches)} of {checks.Count} submissions got their expected verdicts");
                }

                return ok ? ExitCodes.Ok : ExitCodes.Rejected;
            }
            catch (ProblemPackageException e)
            {
                await Console.Error.WriteLineAsync($"arbiter problem verify: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (SandboxUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"arbiter: {e.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return new Command("problem", "Work with problem packages.") { verify };
    }
}

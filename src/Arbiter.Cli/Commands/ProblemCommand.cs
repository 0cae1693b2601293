using System.CommandLine;
using Arbiter.Cli.Output;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter problem verify DIR [--json]</c>: judge every example submission of a package
/// and check it gets the verdict its folder names. With <c>--json</c> exactly one JSON object is
/// printed on every path: the verification, or a <see cref="CommandFailure"/>.</summary>
internal static class ProblemCommand
{
    private const string Name = "arbiter problem verify";

    public static Command Create()
    {
        var directory = new Argument<string>("package") { Description = "The problem package: a directory or a zip." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (or the error)." };
        var verify = new Command("verify", "Judge every program under submissions/ and check each gets the verdict its folder names.") { directory, json };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            try
            {
                return await VerifyAsync(parse.GetValue(directory)!, asJson, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return CommandFailure.Internal($"verifying failed: {e.Message}").Print(Name, asJson);
            }
        });
        return new Command("problem", "Work with problem packages.") { verify };
    }

    private static async Task<int> VerifyAsync(string path, bool json, CancellationToken cancellationToken)
    {
        await using var engine = EngineContext.Create();
        ProblemPackage package;
        try
        {
            package = ProblemLoader.Load(path);
        }
        catch (ProblemPackageException e)
        {
            return CommandFailure.Package(e.Message).Print(Name, json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandFailure.Package($"{path}: cannot be read: {e.Message}").Print(Name, json);
        }

        using (package)
        {
            try
            {
                var verification = await engine.Verifier.VerifyAsync(package, cancellationToken);
                Print(package, verification, json);
                return verification.Ok ? ExitCodes.Ok : ExitCodes.Rejected;
            }
            catch (SandboxUnavailableException e)
            {
                return CommandFailure.Sandbox(e.Message).Print("arbiter", json);
            }
        }
    }

    private static void Print(ProblemPackage package, PackageVerification verification, bool json)
    {
        var warnings = package.Warnings.Concat(verification.Warnings).ToList();
        if (json)
        {
            RunPrinter.Json(new
            {
                problem = package.Id,
                ok = verification.Ok,
                timeLimitMs = verification.TimeLimit.TotalMilliseconds,
                timeLimitNote = verification.TimeLimitNote,
                warnings,
                inputValidation = verification.Inputs,
                submissions = verification.Checks,
            });
            return;
        }

        Console.WriteLine($"{package.Name} ({package.Id}): time limit {verification.TimeLimit.TotalSeconds:0.###} s, {verification.TimeLimitNote}");
        foreach (var warning in warnings)
        {
            Console.WriteLine($"  warning: {warning}");
        }

        var inputs = verification.Inputs;
        if (inputs.Validators > 0 || inputs.Problems.Count > 0)
        {
            Console.WriteLine($"  {(inputs.Problems.Count == 0 ? "ok      " : "INVALID ")}  input: {inputs.Validators} validator(s) over {inputs.Tests} test(s)");
            foreach (var problem in inputs.Problems)
            {
                Console.WriteLine($"  INVALID   {problem.Validator}{(problem.Test is null ? "" : $" on {problem.Test}")}: {problem.Message}");
            }
        }

        var checks = verification.Checks;
        foreach (var check in checks)
        {
            Console.WriteLine($"  {(check.Matches ? "ok      " : "MISMATCH")}  {check.Folder}/{check.Name} ({check.Language ?? "?"}): " +
                $"{check.Verdict?.ToString() ?? "not judged"}{(check.Problem is null ? "" : "  " + check.Problem)}");
        }

        Console.WriteLine(checks.Count == 0 ? "no submissions to verify" : $"{checks.Count(c => c.Matches)} of {checks.Count} submissions got their expected verdicts");
    }
}

using Arbiter.Engine.Building;
using Arbiter.Engine.Checking;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Checks a program's output for one test: with the default validator in process, or by running
/// the package's output validator in the sandbox with the format's protocol
/// (<c>validator input answer feedback_dir [flags] &lt; output</c>, exit 42 accepts, 43 rejects).
/// </summary>
internal sealed class OutputChecker(ISandbox sandbox, ProblemPackage problem, CompiledProgram? validator, TimeSpan timeLimit)
{
    internal const string FeedbackDirectory = "feedback";

    /// <summary>Work-dir room for the feedback files and what the validator writes beside them.</summary>
    private const long FeedbackRoom = 16L << 20;

    public async Task<CheckResult> CheckAsync(TestCase test, IReadOnlyList<string> groupFlags, byte[] output, CancellationToken cancellationToken)
    {
        // The group's arguments already start with the problem's validator_flags.
        var flags = groupFlags;
        if (validator is null)
        {
            if (!DefaultValidatorOptions.TryParse(flags, out var options, out var error))
            {
                return new CheckResult(Verdict.IE, $"bad validator flags: {error}");
            }

            return DefaultOutputValidator.Check(test.AnswerFile, output, options);
        }

        var request = ValidatorRequest(validator, test, flags, SandboxInput.FromBytes(output), TestLimits.ForValidator(problem, timeLimit));
        var run = await sandbox.RunAsync(request, cancellationToken).ConfigureAwait(false);
        return Interpret(run);
    }

    /// <summary>The request that runs the validator (or interactor) for one test. Its time limits
    /// are <paramref name="limits"/> as given: they are the judge's, not scaled for the language.</summary>
    public static SandboxRequest ValidatorRequest(CompiledProgram program, TestCase test, IReadOnlyList<string> flags, SandboxInput stdin, SandboxLimits limits)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(limits);
        var request = ProgramRunner.Request(program, stdin, limits, ["input.in", "answer.ans", FeedbackDirectory + "/", .. flags]);
        // The test's files are copied into the work dir: it must hold them, however large.
        var files = test.InputBytes + test.AnswerBytes + program.Files.Sum(f => (long)f.Content.Length) + FeedbackRoom;
        return request with
        {
            Limits = request.Limits with
            {
                CpuTime = limits.CpuTime,
                WallTime = limits.WallTime,
                WorkDirBytes = Math.Min(Math.Max(request.Limits.WorkDirBytes, files), SandboxLimits.Maximum.WorkDirBytes),
            },
            Files = [.. request.Files, new SandboxFile("input.in", File.ReadAllBytes(test.InputFile)), new SandboxFile("answer.ans", File.ReadAllBytes(test.AnswerFile))],
            Directories = [FeedbackDirectory],
            CollectFiles = ValidatorOutcome.FeedbackFileNames.Select(f => $"{FeedbackDirectory}/{f}").ToList(),
            CollectFileMaxBytes = 1 << 20,
        };
    }

    /// <summary>The validator's verdict from its exit and feedback files; a validator that was
    /// killed or crashed is the judge's failure (IE), never the submission's.</summary>
    public static CheckResult Interpret(SandboxResult run)
    {
        var feedback = run.Files.ToDictionary(f => f.Key[(FeedbackDirectory.Length + 1)..], f => f.Value, StringComparer.Ordinal);
        if (run.Status is RunStatus.TLE or RunStatus.MLE or RunStatus.OLE or RunStatus.IE)
        {
            return new CheckResult(Verdict.IE, $"output validator ended {run.Status}: {run.Message}");
        }

        return ValidatorOutcome.Interpret(run.Signal is null ? run.ExitCode : null, feedback);
    }
}

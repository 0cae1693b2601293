using Arbiter.Engine.Building;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Runs a package's input validators on every test's input the way the problem package format
/// asks: the input on stdin, the test group's <c>input_validator_args</c> as arguments; exit 42
/// accepts, 43 rejects, anything else is the validator failing. Each validator runs in the sandbox
/// like any package program. A validator in a form Arbiter cannot run (checktestdata, VIVA) is
/// reported as a warning and skipped, never counted as passing silently.
/// </summary>
public sealed class InputValidation(ISandbox sandbox, PackageProgramBuilder programs)
{
    private const int Accepted = 42;
    private const int Rejected = 43;
    private const int MessageChars = 300;

    public async Task<InputValidationReport> ValidateAsync(ProblemPackage problem, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var problems = new List<InputProblem>();
        var warnings = new List<string>();
        var ran = 0;
        var tests = problem.TestData.AllGroups().SelectMany(g => g.Tests.Select(t => (Test: t, g.Settings))).ToList();
        foreach (var validator in problem.InputValidators)
        {
            var build = await programs.BuildAsync(validator, [], cancellationToken).ConfigureAwait(false);
            if (build.Language is null)
            {
                warnings.Add($"input validator '{validator.Name}' was not run: {build.Problem}");
                continue;
            }

            if (build.Program is not { } program)
            {
                problems.Add(new InputProblem(validator.Name, null, build.Problem ?? "did not compile"));
                continue;
            }

            ran++;
            foreach (var (test, settings) in tests)
            {
                var request = ProgramRunner.Request(
                    program,
                    SandboxInput.FromFile(test.InputFile),
                    TestLimits.ForValidator(problem, timeLimit),
                    Arguments(test, settings, validator.Name));
                request = TestFiles.Into(request, test);
                var run = await sandbox.RunAsync(request, cancellationToken).ConfigureAwait(false);
                if (Interpret(run) is { } message)
                {
                    problems.Add(new InputProblem(validator.Name, test.Path, message));
                }
            }
        }

        return new InputValidationReport(ran, tests.Count, problems, warnings);
    }

    /// <summary>What one input validator gets for one test: the test's own
    /// <c>input_validator_args</c>, else its group's (for all validators, or by the validator's
    /// name: <c>validate.py</c> or <c>validate</c>), followed by the test's <c>args</c> (2025-09).</summary>
    internal static IReadOnlyList<string> Arguments(TestCase test, TestGroupSettings group, string validator)
    {
        static IReadOnlyList<string> Named(IReadOnlyDictionary<string, IReadOnlyList<string>> map, string name) =>
            map.GetValueOrDefault(name) ?? map.GetValueOrDefault(Path.GetFileNameWithoutExtension(name)) ?? [];

        var own = test.InputValidatorArgsByName is { } testMap ? Named(testMap, validator)
            : test.InputValidatorArgs ?? (group.InputValidatorArgsByName is { } groupMap ? Named(groupMap, validator) : group.InputValidatorArgs);
        return [.. own, .. test.Args];
    }

    /// <summary>Null when the validator accepted the input; otherwise what went wrong, in words.</summary>
    internal static string? Interpret(SandboxResult run)
    {
        if (run.Status is RunStatus.TLE or RunStatus.MLE or RunStatus.OLE or RunStatus.IE)
        {
            return $"the validator ended {run.Status}" + (run.Message is null ? "" : $": {run.Message}");
        }

        var said = Said(run);
        return (run.Signal, run.ExitCode) switch
        {
            (null, Accepted) => null,
            (null, Rejected) => "rejected" + (said.Length == 0 ? "" : $": {said}"),
            (int signal, _) => $"the validator was killed by signal {signal}" + (said.Length == 0 ? "" : $": {said}"),
            (_, var code) => $"the validator exited with {code}, not {Accepted} (valid) or {Rejected} (invalid)" + (said.Length == 0 ? "" : $": {said}"),
        };
    }

    /// <summary>The start of what the validator wrote (stderr first), on one line.</summary>
    private static string Said(SandboxResult run)
    {
        var text = System.Text.Encoding.UTF8.GetString(run.Stderr.Length > 0 ? run.Stderr : run.Stdout).ReplaceLineEndings(" ").Trim();
        return text.Length <= MessageChars ? text : text[..MessageChars] + "…";
    }
}

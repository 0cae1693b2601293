using Arbiter.Engine.Checking;

namespace Arbiter.Engine.Problems;

/// <summary>
/// Reads a test case's own <c>NAME.yaml</c> (2025-09 "test case configuration"): <c>args</c>
/// (the submission's command-line arguments), <c>output_validator_args</c>,
/// <c>input_validator_args</c> (for all validators, or a map by validator name), <c>hint</c>,
/// <c>description</c>, <c>full_feedback</c>. Each key given replaces what the test would take from
/// its group; unknown keys are warnings, as in the other settings files.
/// </summary>
internal static class TestCaseSettings
{
    public static TestCase Apply(LoadContext context, TestCase test, string path)
    {
        var file = YamlFile.Load(path, context.Relative(path), context.Options.MaxYamlBytes);
        foreach (var (key, value) in YamlFile.Entries(file.Root))
        {
            switch (key)
            {
                case "args":
                    test = test with { Args = file.Words(value, key) };
                    break;
                case "output_validator_args" or "output_validator_flags":
                    IReadOnlyList<string> arguments = [.. context.ValidatorFlags, .. file.Words(value, key)];
                    if (context.DefaultValidation && !DefaultValidatorOptions.TryParse(arguments, out _, out var error))
                    {
                        throw ProblemPackageException.In(file.Name, error);
                    }

                    test = test with { OutputValidatorArgs = arguments };
                    break;
                case "input_validator_args" or "input_validator_flags":
                    var (all, byName) = GroupSettingsReader.InputValidatorArgs(file, value, key);
                    test = test with { InputValidatorArgs = all, InputValidatorArgsByName = byName };
                    break;
                case "hint":
                    // A .hint file, the older way of giving one, wins.
                    test = test with { Hint = test.Hint ?? file.Scalar(value, key) };
                    break;
                case "description":
                    test = test with { Description = file.Scalar(value, key) };
                    break;
                case "full_feedback":
                    // Checked, not used: what students see is arbiter.yaml's reveal_secret_tests.
                    file.Bool(value, key);
                    break;
                case "input_visualizer_args" or "output_visualizer_args":
                    break;
                default:
                    context.Warnings.Add($"{file.Name}: unknown key '{key}' ignored");
                    break;
            }
        }

        return test;
    }
}

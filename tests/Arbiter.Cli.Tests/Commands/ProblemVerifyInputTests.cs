using System.Text.Json;

namespace Arbiter.Cli.Tests.Commands;

/// <summary><c>arbiter problem verify</c> runs the package's input validators on every test input,
/// the format's way (input on stdin, the group's <c>input_validator_args</c>, exit 42 valid / 43
/// invalid), in the sandbox: an invalid input fails the verification naming the test and the
/// validator's reason; a validator that crashes is a failure, never a pass; one Arbiter cannot run
/// (checktestdata) is a warning.</summary>
public sealed class ProblemVerifyInputTests : IDisposable
{
    private const string Validator = """
        import sys
        bound = int(sys.argv[sys.argv.index("--max") + 1]) if "--max" in sys.argv else 10**18
        parts = sys.stdin.read().split()
        if len(parts) != 2:
            print("expected two integers", file=sys.stderr); sys.exit(43)
        try:
            a, b = int(parts[0]), int(parts[1])
        except ValueError:
            print("not integers: " + " ".join(parts), file=sys.stderr); sys.exit(43)
        if abs(a) > bound or abs(b) > bound:
            print(f"beyond {bound}", file=sys.stderr); sys.exit(43)
        sys.exit(42)
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-verify-input-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task ValidInputs_PassEveryValidator()
    {
        var package = Package("valid", ("input_validators/validate.py", Validator));

        var json = await VerifyAsync(package, expectedExit: 0);

        var inputs = json.GetProperty("inputValidation");
        Assert.Equal(1, inputs.GetProperty("validators").GetInt32());
        Assert.Equal(2, inputs.GetProperty("tests").GetInt32());
        Assert.Empty(inputs.GetProperty("problems").EnumerateArray());
        Assert.True(json.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task AnInvalidInput_FailsTheVerification_NamingTheTestAndTheReason()
    {
        var package = Package("invalid", ("input_validators/validate.py", Validator), ("data/secret/3.in", "x y\n"), ("data/secret/3.ans", "0\n"));

        var json = await VerifyAsync(package, expectedExit: 1);

        Assert.False(json.GetProperty("ok").GetBoolean());
        var problem = Assert.Single(json.GetProperty("inputValidation").GetProperty("problems").EnumerateArray());
        Assert.Equal("validate.py", problem.GetProperty("validator").GetString());
        Assert.Equal("secret/3", problem.GetProperty("test").GetString());
        Assert.Equal("rejected: not integers: x y", problem.GetProperty("message").GetString());
    }

    [Fact]
    public async Task TheGroupsInputValidatorArgs_ReachTheValidator()
    {
        var package = Package("bounded", ("input_validators/validate.py", Validator), ("data/secret/testdata.yaml", "input_validator_args: --max 21\n"));

        var json = await VerifyAsync(package, expectedExit: 1);

        var problem = Assert.Single(json.GetProperty("inputValidation").GetProperty("problems").EnumerateArray());
        Assert.Equal("secret/1", problem.GetProperty("test").GetString()); // 20 22; secret/2 (1 2) is within
        Assert.Equal("rejected: beyond 21", problem.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AValidatorThatCrashes_IsAFailureNotAPass()
    {
        var package = Package("crashing", ("input_validators/broken.py", "import sys\nsys.exit(1)\n"));

        var json = await VerifyAsync(package, expectedExit: 1);

        var problems = json.GetProperty("inputValidation").GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("the validator exited with 1, not 42 (valid) or 43 (invalid)", p.GetProperty("message").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task LegacyDirectory_AndAValidatorArbiterCannotRun_IsAWarning()
    {
        var package = Package("legacy", ("input_format_validators/validate.py", Validator), ("input_format_validators/format.ctd", "INT(0,100) SPACE INT(0,100) NEWLINE\n"));

        var json = await VerifyAsync(package, expectedExit: 0);

        Assert.Equal(1, json.GetProperty("inputValidation").GetProperty("validators").GetInt32());
        Assert.Contains(json.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("input validator 'format.ctd' was not run", StringComparison.Ordinal));
    }

    private static async Task<JsonElement> VerifyAsync(string package, int expectedExit)
    {
        var run = await Cli.RunAsync(TimeSpan.FromMinutes(3), "problem", "verify", package, "--json");
        Assert.True(run.ExitCode == expectedExit, run.ToString());
        return run.Json();
    }

    /// <summary>A pass-fail package with a time limit (no calibration), two valid tests and an
    /// accepted solution, plus the given files.</summary>
    private string Package(string name, params (string Path, string Content)[] files)
    {
        var root = Directory.CreateDirectory(Path.Combine(_directory.FullName, name)).FullName;
        (string, string)[] common =
        [
            ("problem.yaml", "problem_format_version: 2023-07-draft\nname: Sum\nlimits:\n  time_limit: 2\n"),
            ("data/secret/1.in", "20 22\n"), ("data/secret/1.ans", "42\n"),
            ("data/secret/2.in", "1 2\n"), ("data/secret/2.ans", "3\n"),
            ("submissions/accepted/sum.py", "a, b = map(int, input().split())\nprint(a + b)\n"),
        ];
        foreach (var (path, content) in common.Concat(files))
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return root;
    }
}

using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>
/// A package in the 2025-09 version of the problem package format loads and is judged with what
/// that version changed for judging: <c>max_score</c> and <c>score_aggregation</c> at the top of
/// <c>test_group.yaml</c>, a test case's own <c>.yaml</c> (<c>args</c> for the submission,
/// <c>output_validator_args</c>, <c>input_validator_args</c>), group <c>args</c>, and a test's
/// <c>.files</c> directory in the submission's work dir. What Arbiter does not support is a
/// warning, never a failure to load.
/// </summary>
[Collection(SharedEngine.Name)]
public sealed class Format2025Tests(EngineFixture fixture)
{
    private const string ProblemYaml = """
        problem_format_version: 2025-09
        type: scoring
        name: Sum with extras
        uuid: 5b0f6b4e-2f4c-4b7e-9a57-3d1e0c8a7f21
        credits: Arbiter tests
        limits:
          time_limit: 2
          validation_memory: 512
        """;

    /// <summary>The sum, plus an offset given as "offset N" arguments, plus the number in
    /// bonus.txt when the test brings one.</summary>
    private const string Accepted = """
        import os, sys
        a, b = map(int, input().split())
        offset = int(sys.argv[sys.argv.index("offset") + 1]) if "offset" in sys.argv else 0
        bonus = int(open("bonus.txt").read()) if os.path.exists("bonus.txt") else 0
        print(a + b + offset + bonus)
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static TempPackage Package() => new TempPackage()
        .Write("problem.yaml", ProblemYaml)
        .Test("sample/1", "1 2\n", "3\n")
        .Write("data/secret/plain/test_group.yaml", "max_score: 40\n")
        .Test("secret/plain/1", "20 22\n", "42\n")
        .Write("data/secret/extras/test_group.yaml", "max_score: 60\nscore_aggregation: pass-fail\nargs: [offset, \"0\"]\n")
        .Test("secret/extras/2", "1 1\n", "12\n")
        .Write("data/secret/extras/2.yaml", "args: [offset, \"10\"]\ndescription: the offset comes from the test's own args\n")
        .Test("secret/extras/3", "2 3\n", "105\n")
        .Write("data/secret/extras/3.files/bonus.txt", "100\n")
        .Test("secret/extras/4", "1 2\n", "3.05\n")
        .Write("data/secret/extras/4.yaml", "output_validator_args: [float_tolerance, \"0.1\"]\n")
        .Write("submissions/accepted/extras.py", Accepted)
        .Write("submissions/partially_accepted/plain_sum.py", "a, b = map(int, input().split())\nprint(a + b)\n")
        .Write("submissions/wrong_answer/difference.py", "a, b = map(int, input().split())\nprint(a - b)\n");

    [Fact]
    public void Load_2025Package_ReadsTopLevelScoringTestYamlAndFiles()
    {
        using var package = Package();

        using var loaded = ProblemLoader.Load(package.Root);

        Assert.Equal(ProblemFormat.Draft2023, loaded.Format);
        Assert.Equal((double?)40, loaded.TestData.FindGroup("secret/plain")!.Settings.MaxScore);
        var extras = loaded.TestData.FindGroup("secret/extras")!;
        Assert.Equal(((double?)60, Aggregation.PassFail), (extras.Settings.MaxScore, extras.Settings.Aggregation));
        Assert.Equal(["offset", "10"], loaded.FindTest("secret/extras/2")!.Args);
        Assert.Equal("the offset comes from the test's own args", loaded.FindTest("secret/extras/2")!.Description);
        Assert.Equal(["offset", "0"], loaded.FindTest("secret/extras/3")!.Args);
        Assert.EndsWith("3.files", loaded.FindTest("secret/extras/3")!.FilesDirectory, StringComparison.Ordinal);
        Assert.Equal(["float_tolerance", "0.1"], loaded.FindTest("secret/extras/4")!.OutputValidatorArgs);
        Assert.Empty(loaded.FindTest("secret/plain/1")!.Args);
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public async Task Verify_2025Package_ArgsFilesAndPerTestValidatorArgsReachTheRuns()
    {
        using var package = Package();
        using var loaded = ProblemLoader.Load(package.Root);

        var verification = await fixture.Verifier().VerifyAsync(loaded, Token);

        Assert.True(verification.Ok, string.Join("\n", verification.Checks.Where(c => !c.Matches).Select(c => $"{c.Folder}/{c.Name}: {c.Problem}")));
        var accepted = Assert.Single(verification.Checks, c => c.Folder == "accepted");
        Assert.Equal((100.0, 100.0), (accepted.Score, accepted.MaxScore));
        Assert.Equal(40.0, Assert.Single(verification.Checks, c => c.Folder == "partially_accepted").Score);
    }

    [Fact]
    public void Load_2025FeaturesArbiterDoesNotSupport_AreWarningsNotErrors()
    {
        using var package = Package()
            .Write("problem.yaml", ProblemYaml.Replace("type: scoring", "type: [scoring, multi-pass]", StringComparison.Ordinal) + "\nconstants:\n  max_n: 100\n")
            .Write("output_validator/validate.py", "import sys\nsys.exit(42)\n")
            .Write("static_validator/check.py", "import sys\nsys.exit(42)\n")
            .Write("submissions/submissions.yaml", "accepted:\n  permitted: [AC]\n")
            .Write("data/secret/plain/test_group.yaml", "max_score: 40\nstatic_validation_score: 5\n")
            .Write("data/invalid_input/bad.in", "x\n")
            .Write("input_visualizer/draw.py", "print()\n");

        using var loaded = ProblemLoader.Load(package.Root);

        Assert.Contains(loaded.Warnings, w => w.Contains("feedback directory starts empty on each pass", StringComparison.Ordinal));
        Assert.Contains(loaded.Warnings, w => w.StartsWith("static_validator/", StringComparison.Ordinal));
        Assert.Contains(loaded.Warnings, w => w.StartsWith("submissions/submissions.yaml", StringComparison.Ordinal));
        Assert.Contains(loaded.Warnings, w => w.Contains("'static_validation_score' is not supported", StringComparison.Ordinal));
    }

    /// <summary>Pass 1's input is "a b"; a right answer (a + b) gets a second pass on "a+b 4",
    /// whose right answer ends the test (accepted).</summary>
    private const string TwoPassValidator = """
        import os, sys
        out = sys.stdin.read().split()
        a, b = map(int, open(sys.argv[1]).read().split())
        if out == [str(a + b)]:
            open(os.path.join(sys.argv[3], "nextpass.in"), "w").write(f"{a + b} 4\n")
            sys.exit(42)
        sys.exit(42 if out == [str(a + b + 4)] else 43)
        """;

    private static TempPackage MultiPassPackage(string validator) => new TempPackage()
        .Write(
            "problem.yaml",
            "problem_format_version: 2025-09\ntype: multi-pass\nname: Twice\nuuid: 0d6f0c1e-71a4-4c55-8f0e-2b8f3a9d4c10\nlimits:\n  time_limit: 2\n  validation_passes: 2\n")
        .Write("output_validator/validate.py", validator)
        .Test("secret/1", "1 2\n", "-\n")
        .Test("secret/2", "20 22\n", "-\n")
        .Write("submissions/accepted/adds.py", "a, b = map(int, input().split())\nprint(a + b)\n")
        .Write("submissions/wrong_answer/fails_second_pass.py", "a, b = map(int, input().split())\nprint(a + b if b != 4 else a - b)\n");

    [Fact]
    public async Task Verify_MultiPass_RunsTheSubmissionAgainOnNextpassIn()
    {
        using var package = MultiPassPackage(TwoPassValidator);
        using var loaded = ProblemLoader.Load(package.Root);

        var verification = await fixture.Verifier().VerifyAsync(loaded, Token);

        Assert.Equal(2, verification.Checks.Count);
        Assert.True(verification.Ok, string.Join("\n", verification.Checks.Where(c => !c.Matches).Select(c => $"{c.Folder}/{c.Name}: {c.Problem}")));
    }

    [Fact]
    public async Task Judge_MultiPassValidatorAskingForMorePassesThanAllowed_IsJudgeError()
    {
        using var package = MultiPassPackage("import os, sys\nopen(os.path.join(sys.argv[3], 'nextpass.in'), 'w').write('1 1\\n')\nsys.exit(42)\n");
        using var loaded = ProblemLoader.Load(package.Root);
        var source = SubmissionSource.From(loaded.Submissions.First(s => s.Folder == "accepted").Program, fixture.Languages);

        var result = await fixture.Judge().JudgeAsync(loaded, source.Language!, source.Source, null, Token, source.ExtraFiles);

        Assert.Equal(Verdict.IE, result.Verdict);
        Assert.Contains(result.Tests, t => t.Message?.Contains("asked for pass 3, but limits.validation_passes is 2", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Load_Constants_AreSubstitutedInTestGroupSettingsProgramsAndIncludesButNotTestData()
    {
        using var package = Package()
            .Write("problem.yaml", ProblemYaml + "\nconstants:\n  plain_points: 40\n  greeting: hello\n")
            .Write("data/secret/plain/test_group.yaml", "max_score: {{plain_points}}\n")
            .Test("secret/plain/5", "{{greeting}}\n", "{{greeting}}\n")
            .Write("submissions/accepted/extras.py", "print('{{greeting}}', '{{unknown}}')\n")
            .Write("include/default/banner.txt", "{{greeting}} world\n");

        using var loaded = ProblemLoader.Load(package.Root);
        var submission = Assert.Single(loaded.Submissions, s => s.Folder == "accepted");
        var source = SubmissionSource.From(submission.Program, fixture.Languages);
        var include = Assert.Single(PackageIncludes.For(loaded, fixture.Language("python3")));

        Assert.Equal((double?)40, loaded.TestData.FindGroup("secret/plain")!.Settings.MaxScore);
        Assert.Equal("print('hello', '{{unknown}}')\n", System.Text.Encoding.UTF8.GetString(source.Source));
        Assert.Equal("hello world\n", System.Text.Encoding.UTF8.GetString(include.Content.Span));
        Assert.Equal("{{greeting}}\n", File.ReadAllText(loaded.FindTest("secret/plain/5")!.InputFile));
    }

    [Fact]
    public void InputValidatorArgs_MapByValidatorName_GivesEachValidatorItsOwnFollowedByTheTestsArgs()
    {
        using var package = Package()
            .Write("data/secret/plain/test_group.yaml", "max_score: 40\ninput_validator_args:\n  range.py: [--max, \"100\"]\n  other: [--strict]\n");
        using var loaded = ProblemLoader.Load(package.Root);
        var plain = loaded.TestData.FindGroup("secret/plain")!;
        var extras = loaded.TestData.FindGroup("secret/extras")!;

        Assert.Equal(["--max", "100"], InputValidation.Arguments(loaded.FindTest("secret/plain/1")!, plain.Settings, "range.py"));
        Assert.Equal(["--strict"], InputValidation.Arguments(loaded.FindTest("secret/plain/1")!, plain.Settings, "other.cpp"));
        Assert.Empty(InputValidation.Arguments(loaded.FindTest("secret/plain/1")!, plain.Settings, "third.py"));
        Assert.Equal(["offset", "10"], InputValidation.Arguments(loaded.FindTest("secret/extras/2")!, extras.Settings, "range.py"));
    }
}

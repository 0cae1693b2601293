using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Tests.Problems;

public sealed class ProblemLoaderTests
{
    [Fact]
    public void Load_LegacyProblemYaml_ReadsLimitsAndValidation()
    {
        using var dir = TempPackage.Minimal("""
            name: Legacy
            type: scoring
            validation: custom score
            limits:
              time_multiplier: 3
              time_safety_margin: 1.5
              memory: 512
              output: 16
            """);
        dir.Write("output_validators/check.cpp", "int main(){return 42;}\n");

        using var package = ProblemLoader.Load(dir.Root);

        Assert.Equal(ProblemFormat.Legacy, package.Format);
        Assert.Equal(ProblemType.Scoring, package.Type);
        Assert.Equal(512, package.Limits.MemoryMiB);
        Assert.Equal(16, package.Limits.OutputMiB);
        Assert.Null(package.Limits.TimeLimit);
        Assert.Equal(new TimeCalibration(3, 1.5, TimeSpan.FromSeconds(1)), package.Limits.Calibration);
        Assert.True(package.Validation.ValidatorScores);
        Assert.Equal("check.cpp", Assert.Single(package.OutputValidators).Name);
    }

    [Fact]
    public void Load_2023Format_ReadsTypeListTimeLimitAndSingularValidatorDirectory()
    {
        using var dir = TempPackage.Minimal("""
            problem_format_version: 2023-07-draft
            name: {en: Modern, sv: Modern}
            type: [pass-fail, interactive]
            limits:
              time_limit: 2.5
              time_multipliers: {ac_to_time_limit: 3, time_limit_to_tle: 2}
            """);
        dir.Write("output_validator/interactor.c", "int main(){return 42;}\n").Write("output_validator/util.h", "");

        using var package = ProblemLoader.Load(dir.Root);

        Assert.Equal(ProblemFormat.Draft2023, package.Format);
        Assert.Equal("Modern", package.Name);
        Assert.True(package.Validation.Interactive);
        Assert.Equal(TimeSpan.FromSeconds(2.5), package.Limits.TimeLimit);
        Assert.Equal(3, package.Limits.Calibration.AcToTimeLimit);
        var validator = Assert.Single(package.OutputValidators);
        Assert.Equal("output_validator", validator.Name);
        Assert.Equal(["interactor.c", "util.h"], validator.RelativeFiles);
    }

    [Fact]
    public void Load_NestedGroups_OrdersTestsAndGroupsLexicographically()
    {
        using var dir = TempPackage.Minimal();
        dir.Test("secret/b", "", "").Test("secret/a/2", "", "").Test("secret/a/10", "", "").Test("secret/c/x/1", "", "");

        using var package = ProblemLoader.Load(dir.Root);

        Assert.Equal(["secret/1", "secret/a/10", "secret/a/2", "secret/b", "secret/c/x/1"], package.TestData.AllTests().Select(t => t.Path));
        Assert.Equal(["data", "secret", "secret/a", "secret/c", "secret/c/x"], package.TestData.AllGroups().Select(g => g.Path.Length == 0 ? "data" : g.Path));
    }

    [Fact]
    public void Load_LegacyTestdataYaml_IsInheritedWholeByGroupsWithoutOne()
    {
        using var dir = TempPackage.Minimal("type: scoring\nvalidator_flags: case_sensitive\n");
        dir.Write("data/secret/testdata.yaml", "on_reject: continue\ngrader_flags: min worst_error\naccept_score: 5\nrange: 0 5\noutput_validator_flags: space_change_sensitive\n");
        dir.Test("secret/g/1", "", "");

        using var package = ProblemLoader.Load(dir.Root);

        var inherited = package.TestData.FindGroup("secret/g")!.Settings;
        Assert.Equal(OnReject.Continue, inherited.OnReject);
        Assert.Equal(Aggregation.Min, inherited.Aggregation);
        Assert.Equal(VerdictMode.WorstError, inherited.VerdictMode);
        Assert.Equal(5, inherited.AcceptScore);
        Assert.Equal(new ScoreRange(0, 5), inherited.Range);
        Assert.Equal(["case_sensitive", "space_change_sensitive"], inherited.OutputValidatorArgs);
        Assert.Equal("data/secret/testdata.yaml", inherited.SourceFile);
    }

    [Fact]
    public void Load_2023TestGroupYaml_ReadsScoringAndDoesNotInheritIt()
    {
        using var dir = TempPackage.Minimal("problem_format_version: 2023-07-draft\nname: x\ntype: scoring\n");
        dir.Write("data/secret/test_group.yaml", "scoring:\n  score: 60\n  aggregation: min\noutput_validator_args: [float_tolerance, '0.5']\n");
        dir.Write("data/secret/g/test_group.yaml", "scoring: {score: unbounded, require_pass: [sample]}\n");
        dir.Test("secret/g/1", "", "").Test("secret/g/h/1", "", "");

        using var package = ProblemLoader.Load(dir.Root);

        var secret = package.TestData.FindGroup("secret")!.Settings;
        Assert.Equal(60, secret.MaxScore);
        Assert.Equal(Aggregation.Min, secret.Aggregation);
        var g = package.TestData.FindGroup("secret/g")!.Settings;
        Assert.Equal(double.PositiveInfinity, g.MaxScore);
        Assert.Equal(["sample"], g.RequirePass);
        Assert.Equal(["float_tolerance", "0.5"], g.OutputValidatorArgs);
        var h = package.TestData.FindGroup("secret/g/h")!.Settings;
        Assert.Equal(Aggregation.PassFail, h.Aggregation);
        Assert.Null(h.MaxScore);
    }

    [Fact]
    public void Load_ArbiterKeyInProblemYaml_IsReadLikeTheSideFile()
    {
        using var dir = TempPackage.Minimal("""
            name: Inline
            arbiter:
              points: {secret: 10}
              keyword_blacklist: [goto]
              allowed_functions: printf scanf
              warnings_as_errors: true
            """);

        using var package = ProblemLoader.Load(dir.Root);

        Assert.Equal(10, package.Arbiter.Points["secret"]);
        Assert.Equal(["goto"], package.Arbiter.KeywordBlacklist);
        Assert.Equal(["printf", "scanf"], package.Arbiter.AllowedFunctions);
        Assert.True(package.Arbiter.WarningsAsErrors);
        Assert.True(package.IsScored);
    }

    [Fact]
    public void Load_MissingProblemYaml_UsesLegacyDefaultsWithAWarning()
    {
        using var dir = new TempPackage("bare");
        dir.Test("secret/1", "", "").Write(".timelimit", "3\n");

        using var package = ProblemLoader.Load(dir.Root);

        Assert.Equal("bare", package.Name);
        Assert.Equal(TimeSpan.FromSeconds(3), package.Limits.TimeLimit);
        Assert.Contains(package.Warnings, w => w.Contains("problem.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SubmissionFolders_MapToVerdictsAndUnknownFoldersWarn()
    {
        using var dir = TempPackage.Minimal();
        dir.Write("submissions/accepted/a.py", "").Write("submissions/memory_limit_exceeded/m.c", "")
            .Write("submissions/compile_error/c.cpp", "").Write("submissions/dir_prog/x.py", "")
            .Write("submissions/accepted/multi/main.py", "").Write("submissions/accepted/multi/util.py", "");

        using var package = ProblemLoader.Load(dir.Root);

        Assert.Equal([Verdict.AC, Verdict.AC, Verdict.CE, Verdict.MLE], package.Submissions.Select(s => s.ExpectedVerdict!.Value));
        Assert.Equal(["main.py", "util.py"], package.Submissions.Single(s => s.Program.Name == "multi").Program.RelativeFiles);
        Assert.Contains(package.Warnings, w => w.Contains("dir_prog", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Zip_ExtractsToTempDirDeletedOnDispose()
    {
        using var dir = TempPackage.Minimal();
        var zip = dir.Zip();

        string root;
        using (var package = ProblemLoader.Load(zip))
        {
            root = package.RootDirectory;
            Assert.Equal("testprob", package.Id);
            Assert.True(File.Exists(package.FindTest("secret/1")!.InputFile));
        }

        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Load_Hint_IsReadWithTheTest()
    {
        using var dir = TempPackage.Minimal();
        dir.Write("data/secret/1.hint", "Think about zero.\n");

        using var package = ProblemLoader.Load(dir.Root);

        Assert.Equal("Think about zero.", package.FindTest("secret/1")!.Hint);
    }
}

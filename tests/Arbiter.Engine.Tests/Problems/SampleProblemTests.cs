using Arbiter.Engine.Checking;
using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Tests.Problems;

public sealed class SampleProblemTests
{
    [Theory]
    [InlineData("sum")]
    [InlineData("circle")]
    [InlineData("factor")]
    [InlineData("guess")]
    [InlineData("maxsub")]
    [InlineData("power")]
    public void Load_SamplePackage_HasNoWarningsAndAcceptedAndFailingSubmissions(string id)
    {
        using var package = ProblemLoader.Load(SamplePackages.Path(id));

        Assert.Equal(id, package.Id);
        Assert.Empty(package.Warnings);
        Assert.Contains(package.Submissions, s => s.ExpectedVerdict == Verdict.AC);
        Assert.Contains(package.Submissions, s => s.Folder != "accepted");
        Assert.NotNull(package.MarkdownStatement);
        Assert.NotEmpty(package.TestData.FindGroup("secret")!.AllTests());
    }

    [Fact]
    public void Load_SumPackage_Reads2023FormatLimitsAndArbiterExtensions()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));

        Assert.Equal(ProblemFormat.Draft2023, package.Format);
        Assert.Equal("Sum of Two Numbers", package.Name);
        Assert.Equal(TimeSpan.FromSeconds(1), package.Limits.TimeLimit);
        Assert.Equal(TimeLimitSource.ProblemYaml, package.Limits.TimeLimitSource);
        Assert.Equal(256, package.Limits.MemoryMiB);
        Assert.Equal(ValidationMode.Default, package.Validation.Mode);
        Assert.Equal(["system", "fork", "execve"], package.Arbiter.BannedFunctions);
        Assert.Equal(["-Wall", "-Wextra", "-O2"], package.Arbiter.CompilerFlags["c"]);
        Assert.True(package.Arbiter.Valgrind);
        Assert.True(File.Exists(package.Arbiter.Templates["python3"]));
        Assert.Equal(["sample/1", "sample/2", "secret/01-zero", "secret/02-negative", "secret/03-large", "secret/04-mixed"],
            package.TestData.AllTests().Select(t => t.Path));
        Assert.True(package.TestData.AllTests().First().IsSample);
        Assert.Contains(package.Submissions, s => s.Program.Name == "spin.c" && s.ExpectedVerdict == Verdict.TLE);
        Assert.Contains(package.Submissions, s => s.Program.Name == "crash.py" && s.ExpectedVerdict == Verdict.RE);
    }

    [Fact]
    public void Load_CirclePackage_ReadsTimelimitFileAndFloatTolerance()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("circle"));

        Assert.Equal(ProblemFormat.Legacy, package.Format);
        Assert.Equal(TimeLimitSource.TimelimitFile, package.Limits.TimeLimitSource);
        Assert.Equal(TimeSpan.FromSeconds(1), package.Limits.TimeLimit);
        Assert.Equal(new DefaultValidatorOptions(AbsoluteTolerance: 1e-6, RelativeTolerance: 1e-6), package.Validation.DefaultOptions);
        Assert.Equal(["float_tolerance", "1e-6"], package.TestData.FindGroup("secret")!.Settings.OutputValidatorArgs);
    }

    [Fact]
    public void Load_FactorPackage_ReadsCustomValidatorDirectoryAndCalibration()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("factor"));

        Assert.Equal(ValidationMode.Custom, package.Validation.Mode);
        var validator = Assert.Single(package.OutputValidators);
        Assert.Equal("factor_checker", validator.Name);
        Assert.Contains("validate.py", validator.RelativeFiles);
        Assert.True(validator.IsDirectory);
        Assert.Null(package.Limits.TimeLimit);
        Assert.Equal(TimeLimitSource.Calibration, package.Limits.TimeLimitSource);
        Assert.Equal(5, package.Limits.Calibration.AcToTimeLimit);
        Assert.Equal(TimeSpan.FromSeconds(2), package.Limits.Calibration.Compute(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void Load_GuessPackage_IsInteractiveWithOneInteractor()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("guess"));

        Assert.True(package.Validation.Interactive);
        Assert.Equal(ValidationMode.Custom, package.Validation.Mode);
        Assert.Equal("interactor.py", Assert.Single(package.OutputValidators).Name);
        Assert.Equal(TimeSpan.FromSeconds(2), package.Limits.TimeLimit);
    }

    [Fact]
    public void Load_MaxsubPackage_GivesGroupsTheirPointsAsPassFailMaxima()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("maxsub"));

        Assert.Equal(ProblemType.Scoring, package.Type);
        Assert.True(package.IsScored);
        var secret = package.TestData.FindGroup("secret")!;
        Assert.Equal(["group1", "group2", "group3"], secret.Groups.Select(g => g.Name));
        Assert.Equal(OnReject.Continue, secret.Settings.OnReject);
        var group2 = package.TestData.FindGroup("secret/group2")!;
        Assert.Equal(30, group2.Settings.Points);
        Assert.Equal(Aggregation.PassFail, group2.Settings.Aggregation);
        Assert.Equal(OnReject.Break, group2.Settings.OnReject);
        Assert.Contains(package.Submissions, s => s.Folder == "partially_accepted" && s.PartialScore);
    }

    [Fact]
    public void Load_PowerPackage_ReadsMinPerGroupAndSumOverGroupsFromTestdataYaml()
    {
        using var package = ProblemLoader.Load(SamplePackages.Path("power"));

        Assert.Equal(ProblemFormat.Legacy, package.Format);
        Assert.Equal(ProblemType.Scoring, package.Type);
        Assert.Empty(package.Arbiter.Points);
        Assert.True(package.TestData.Settings.IgnoreSample);
        var secret = package.TestData.FindGroup("secret")!;
        Assert.Equal((Aggregation.Sum, OnReject.Continue, true), (secret.Settings.Aggregation, secret.Settings.OnReject, secret.Settings.AcceptIfAnyAccepted));
        Assert.Equal(new ScoreRange(0, 100), secret.Settings.Range);
        Assert.Equal(
            [("group1", 20.0), ("group2", 30.0), ("group3", 50.0)],
            secret.Groups.Select(g => (g.Name, g.Settings.AcceptScore ?? 0)));
        Assert.All(secret.Groups, g => Assert.Equal((Aggregation.Min, OnReject.Break), (g.Settings.Aggregation, g.Settings.OnReject)));
        Assert.Contains(package.Submissions, s => s.Folder == "partially_accepted" && s.PartialScore);
    }
}

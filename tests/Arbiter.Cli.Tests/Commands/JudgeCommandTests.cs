namespace Arbiter.Cli.Tests.Commands;

/// <summary><c>arbiter judge</c> and <c>arbiter problem verify</c> on the repository's sample packages.</summary>
public sealed class JudgeCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-judge-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static string Problem(string id)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Arbiter.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "problems", id);
    }

    [Fact]
    public async Task Judge_AcceptedSolution_ExitsZeroWithTheRequiredJsonFields()
    {
        var run = await Cli.RunAsync("judge", Problem("sum"), Path.Combine(Problem("sum"), "submissions", "accepted", "sum.py"), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("AC", json.GetProperty("verdict").GetString());
        Assert.Equal(1, json.GetProperty("score").GetDouble());
        Assert.Equal(1, json.GetProperty("maxScore").GetDouble());
        Assert.True(json.GetProperty("compile").GetProperty("succeeded").GetBoolean());
        Assert.True(json.GetProperty("compile").TryGetProperty("diagnostics", out _));
        foreach (var test in json.GetProperty("tests").EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(test.GetProperty("name").GetString()));
            Assert.Equal("AC", test.GetProperty("verdict").GetString());
            Assert.True(test.GetProperty("cpuTimeMs").GetDouble() >= 0);
            Assert.True(test.GetProperty("memoryKiB").GetInt64() > 0);
        }
    }

    [Fact]
    public async Task Judge_WrongAnswer_ExitsOneAndShowsTheFailedTestAndItsDiff()
    {
        var run = await Cli.RunAsync("judge", Problem("sum"), Path.Combine(Problem("sum"), "submissions", "wrong_answer", "absolute.c"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("verdict: WA", run.StdoutText, StringComparison.Ordinal);
        Assert.Contains("failed: secret/02-negative", run.StdoutText, StringComparison.Ordinal);
        Assert.Contains("first wrong answer, secret/02-negative", run.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_MalformedPackage_IsUsageErrorNamingTheFile()
    {
        var package = Directory.CreateDirectory(Path.Combine(_directory.FullName, "broken"));
        File.WriteAllText(Path.Combine(package.FullName, "problem.yaml"), "name: [unclosed\n");
        var source = Path.Combine(_directory.FullName, "a.py");
        File.WriteAllText(source, "print(1)\n");

        var run = await Cli.RunAsync("judge", package.FullName, source);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("problem.yaml", run.Stderr, StringComparison.Ordinal);
    }

    // Every package shipped in problems/ (both format versions, custom and interactive validators):
    // each sample submission must get the verdict its folder names, as problemtools' verifyproblem checks.
    [Theory]
    [InlineData("sum")]
    [InlineData("circle")]
    [InlineData("factor")]
    [InlineData("guess")]
    [InlineData("maxsub")]
    [InlineData("power")]
    public async Task ProblemVerify_SamplePackage_ReportsEverySubmissionAsExpected(string problem)
    {
        // Counted from disk so adding a sample submission cannot silently shrink what is checked.
        var submissions = Directory.GetFiles(Path.Combine(Problem(problem), "submissions"), "*", SearchOption.AllDirectories).Length;

        var run = await Cli.RunAsync(TimeSpan.FromMinutes(4), "problem", "verify", Problem(problem));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(submissions >= 6, $"only {submissions} sample submissions found");
        Assert.Contains($"{submissions} of {submissions} submissions got their expected verdicts", run.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("MISMATCH", run.StdoutText, StringComparison.Ordinal);
    }
}

namespace Arbiter.Cli.Tests.Commands;

/// <summary><c>arbiter judge --json</c> and <c>arbiter problem verify --json</c> print exactly one
/// JSON object on every path, with the documented exit codes: the judgement, or an error naming
/// its kind; never plain text or a stack trace.</summary>
public sealed class JudgeJsonTests : IDisposable
{
    private const string SumC = "#include <stdio.h>\nint main(void) { long a, b; if (scanf(\"%ld %ld\", &a, &b) != 2) return 1; printf(\"%ld\\n\", a + b); return 0; }\n";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-judge-json-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Judge_Json_UnknownLanguage_IsOneJsonErrorAndExitTwo()
    {
        var package = Package("sum", "name: Sum\nlimits:\n  time_limit: 1\n");
        var source = Write("solution.cobolish", "DISPLAY 1.\n");

        var run = await Cli.RunAsync("judge", package, source, "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertError(run, "language", "cannot tell the language");
    }

    [Fact]
    public async Task Judge_Json_MalformedPackage_IsOneJsonErrorAndExitTwo()
    {
        var package = Package("broken", "name: [unclosed\n");

        var run = await Cli.RunAsync("judge", package, Write("a.c", SumC), "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertError(run, "package", "problem.yaml");
    }

    [Fact]
    public async Task Judge_Json_MissingSourceFile_IsOneJsonErrorAndExitTwo()
    {
        var run = await Cli.RunAsync("judge", Package("sum", "name: Sum\n"), Path.Combine(_directory.FullName, "absent.c"), "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertError(run, "usage", "does not exist");
    }

    [Fact]
    public async Task Judge_Json_MissingArguments_IsOneJsonErrorAndExitTwo()
    {
        var run = await Cli.RunAsync("judge", "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertError(run, "usage", "");
    }

    [Fact]
    public async Task Judge_Json_MemoryLimitTheSandboxCannotHonour_IsRaisedAndTheJsonSaysSo()
    {
        var package = Package("tiny", "name: Tiny\nlimits:\n  time_limit: 2\n  memory: 1\n");

        var run = await Cli.RunAsync("judge", package, Write("sum.c", SumC), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("AC", json.GetProperty("verdict").GetString());
        var warnings = json.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToList();
        Assert.Contains(warnings, w => w!.Contains("limits.memory of 1 MiB", StringComparison.Ordinal) && w.Contains("run with 4 MiB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProblemVerify_Json_MalformedPackage_IsOneJsonErrorAndExitTwo()
    {
        var run = await Cli.RunAsync("problem", "verify", Package("broken", "type: submit-answer\n"), "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertError(run, "package", "submit-answer");
    }

    [Fact]
    public async Task Judge_PackageWithoutATimeLimit_CalibratesOnceAndKeepsTheLimitOnDisk()
    {
        var package = Package("calibrated", "name: Calibrated\n");
        File.WriteAllText(Path.Combine(package, "submissions", "accepted", "sum.c"), SumC);
        var cache = Directory.CreateDirectory(Path.Combine(_directory.FullName, "cache")).FullName;
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = cache };
        var kept = Path.Combine(cache, "arbiter", "time-limits");

        var first = await Cli.RunAsync(TimeSpan.FromMinutes(3), "", environment, "judge", package, Write("mine.c", SumC), "--json");
        var entry = Assert.Single(Directory.GetFiles(kept));
        var written = File.GetLastWriteTimeUtc(entry);
        var second = await Cli.RunAsync(TimeSpan.FromMinutes(3), "", environment, "judge", package, Write("mine.c", SumC), "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("Calibration", second.Json().GetProperty("timeLimitSource").GetString());
        Assert.Equal(first.Json().GetProperty("timeLimitMs").GetDouble(), second.Json().GetProperty("timeLimitMs").GetDouble());
        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(kept))));
    }

    private static void AssertError(CliRun run, string kind, string message)
    {
        var json = run.Json();
        var error = json.GetProperty("error");
        Assert.Equal(kind, error.GetProperty("kind").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private string Package(string name, string problemYaml)
    {
        var root = Directory.CreateDirectory(Path.Combine(_directory.FullName, name)).FullName;
        File.WriteAllText(Path.Combine(root, "problem.yaml"), problemYaml);
        Directory.CreateDirectory(Path.Combine(root, "data", "secret"));
        File.WriteAllText(Path.Combine(root, "data", "secret", "1.in"), "20 22\n");
        File.WriteAllText(Path.Combine(root, "data", "secret", "1.ans"), "42\n");
        Directory.CreateDirectory(Path.Combine(root, "submissions", "accepted"));
        return root;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}

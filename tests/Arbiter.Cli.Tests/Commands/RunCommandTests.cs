using System.Text.Json;

namespace Arbiter.Cli.Tests.Commands;

/// <summary><c>arbiter run</c> and <c>arbiter languages</c>, as people use them.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-run-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Run_CFileWithStdin_CompilesRunsAndPassesOutputThrough()
    {
        var source = Write("twice.c", "#include <stdio.h>\nint main(void) { int x; scanf(\"%d\", &x); printf(\"%d\\n\", 2 * x); return 0; }\n");
        var input = Write("in.txt", "21\n");

        var run = await Cli.RunAsync("run", source, "--stdin", input);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("42\n", run.StdoutText);
        Assert.Contains("arbiter: OK", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Json_ReportsCompileAndRun()
    {
        var source = Write("hello.py", "print('hello')\n");

        var run = await Cli.RunAsync("run", source, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("python3", json.GetProperty("language").GetString());
        Assert.True(json.GetProperty("compile").GetProperty("succeeded").GetBoolean());
        Assert.Equal("OK", json.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal("hello\n", json.GetProperty("run").GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task Run_CompileError_ExitsOneWithTheCompilersWords()
    {
        var source = Write("broken.c", "int main(void) { return undefined_name; }\n");

        var run = await Cli.RunAsync("run", source, "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var compile = run.Json().GetProperty("compile");
        Assert.False(compile.GetProperty("succeeded").GetBoolean());
        Assert.Contains("undefined_name", compile.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, run.Json().GetProperty("run").ValueKind);
    }

    [Fact]
    public async Task Run_LanguageGivenExplicitly_OverridesTheExtension()
    {
        var source = Write("script.txt", "console.log(6 * 7)\n");

        var run = await Cli.RunAsync("run", source, "--lang", "javascript");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("42\n", run.StdoutText);
    }

    [Theory]
    [InlineData("notes.txt", null, "cannot tell the language of 'notes.txt'")]
    [InlineData("a.c", "intercal", "unknown language 'intercal'")]
    public async Task Run_UnknownLanguage_IsUsageError(string name, string? language, string expected)
    {
        var source = Write(name, "x\n");

        var run = language is null ? await Cli.RunAsync("run", source) : await Cli.RunAsync("run", source, "--lang", language);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Languages_Json_ListsTheNamedLanguagesAvailableWithTheirVersions()
    {
        string[] ids = ["c", "cpp", "python3", "java", "javascript", "rust", "go", "csharp"];

        var run = await Cli.RunAsync(TimeSpan.FromMinutes(4), ["languages", .. ids, "--json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var languages = run.Json().EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);
        Assert.Equal(ids.Order(), languages.Keys.Order());
        foreach (var id in ids)
        {
            Assert.True(languages[id].GetProperty("available").GetBoolean(), $"{id}: {languages[id]}");
            Assert.False(string.IsNullOrEmpty(languages[id].GetProperty("version").GetString()));
            Assert.Equal(0, languages[id].GetProperty("missingPackages").GetArrayLength());
        }

        Assert.StartsWith("1.", languages["python3"].GetProperty("packages").GetProperty("numpy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Languages_NotInstalled_SaysWhichDebianPackagesAreMissingAndHowToInstall()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory.FullName, "languages"));
        File.WriteAllText(Path.Combine(directory.FullName, "ghost.yaml"), """
            id: ghost
            name: Ghost
            extensions: [.ghost]
            source: main.ghost
            apt: [arbiter-ghost-compiler]
            optional: true
            version: [/usr/bin/ghost, --version]
            run: [/usr/bin/ghost, main.ghost]
            selfTest:
              source: "x"
              expected: "x"
            """);

        var run = await Cli.RunAsync(TimeSpan.FromMinutes(1), "", new Dictionary<string, string> { ["ARBITER_LANGUAGES"] = directory.FullName }, "languages");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("not installed", run.StdoutText, StringComparison.Ordinal);
        Assert.Contains("missing Debian package arbiter-ghost-compiler (scripts/setup.sh --languages ghost)", run.StdoutText, StringComparison.Ordinal);
        Assert.Contains("1 languages: 0 available, 1 not installed, 0 failing their self-test.", run.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("intercal", "no language 'intercal'")]
    [InlineData("--colour", "--colour")]
    public async Task Languages_UnknownLanguageOrOption_IsAUsageError(string argument, string expected)
    {
        var run = await Cli.RunAsync("languages", argument);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Languages_MalformedLanguageFile_IsAClearErrorNotACrash()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory.FullName, "broken-languages"));
        File.WriteAllText(Path.Combine(directory.FullName, "toy.yaml"), "id: toy\nname: [unclosed\n");

        var run = await Cli.RunAsync(TimeSpan.FromMinutes(1), "", new Dictionary<string, string> { ["ARBITER_LANGUAGES"] = directory.FullName }, "languages");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("arbiter: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("toy.yaml", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}

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
    [InlineData("a.c", "cobol", "unknown language 'cobol'")]
    public async Task Run_UnknownLanguage_IsUsageError(string name, string? language, string expected)
    {
        var source = Write(name, "x\n");

        var run = language is null ? await Cli.RunAsync("run", source) : await Cli.RunAsync("run", source, "--lang", language);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Languages_Json_ListsEveryLanguageAvailableWithItsVersion()
    {
        var run = await Cli.RunAsync(TimeSpan.FromMinutes(4), "languages", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var languages = run.Json().EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);
        foreach (var id in new[] { "c", "cpp", "python3", "java", "javascript", "rust", "go", "csharp" })
        {
            Assert.True(languages[id].GetProperty("available").GetBoolean(), $"{id}: {languages[id]}");
            Assert.False(string.IsNullOrEmpty(languages[id].GetProperty("version").GetString()));
        }

        Assert.StartsWith("1.", languages["python3"].GetProperty("packages").GetProperty("numpy").GetString(), StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}

using System.Text;
using Arbiter.Engine.Building;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Building;

/// <summary>A submission's other files (a helper module, a data file it reads) are in the run's
/// work dir, whatever the compiler produced, and survive the build cache.</summary>
[Collection(SharedEngine.Name)]
public sealed class ExtraFilesTests(EngineFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_PythonWithHelperModuleAndDataFile_FindsBoth()
    {
        var marker = Random.Shared.Next(1_000_000);
        const string main = "import helper\nwith open('data.txt') as f:\n    print(helper.double(int(f.read())))\n";
        SandboxFile[] extra = [new("helper.py", Encoding.UTF8.GetBytes("def double(x):\n    return 2 * x\n")), new("data.txt", Encoding.UTF8.GetBytes($"{marker}\n"))];

        var output = await BuildAndRunAsync("python3", main, extra, fixture.Builder);

        Assert.Equal($"{2 * marker}\n", output);
    }

    [Fact]
    public async Task Run_CProgramReadingADataFile_FindsIt()
    {
        var marker = Random.Shared.Next(1_000_000);
        const string main = "#include <stdio.h>\n" +
            "int main(void) { FILE *f = fopen(\"data.txt\", \"r\"); long x; if (!f || fscanf(f, \"%ld\", &x) != 1) return 3; printf(\"%ld\\n\", x + 1); return 0; }\n";

        var output = await BuildAndRunAsync("c", main, [new("data.txt", Encoding.UTF8.GetBytes($"{marker}\n"))], fixture.Builder);

        Assert.Equal($"{marker + 1}\n", output);
    }

    [Fact]
    public async Task Run_FromTheDiskCache_StillHasTheExtraFiles()
    {
        var marker = Random.Shared.Next(1_000_000);
        const string main = "#include <stdio.h>\n" +
            "int main(void) { FILE *f = fopen(\"sub/data.txt\", \"r\"); long x; if (!f || fscanf(f, \"%ld\", &x) != 1) return 3; printf(\"%ld\\n\", x); return 0; }\n";
        SandboxFile[] extra = [new("sub/data.txt", Encoding.UTF8.GetBytes($"{marker}\n"))];
        await BuildAndRunAsync("c", main, extra, fixture.Builder);

        // A new cache object over the same directory is what a restarted server or a second CLI run sees.
        var fresh = new ProgramBuilder(fixture.Pool, new BuildCache(fixture.CacheDirectory));
        var build = await fresh.BuildAsync(fixture.Language("c"), Encoding.UTF8.GetBytes(main), [], Token, extra);
        var run = await fixture.Runner.RunAsync(build.Program!, SandboxInput.None, SandboxLimits.Default, Token);

        Assert.True(build.CacheHit);
        Assert.Equal($"{marker}\n", Encoding.UTF8.GetString(run.Stdout));
    }

    [Fact]
    public async Task Build_SameSourceOtherDataFile_IsAnotherBuildAndReadsTheNewData()
    {
        const string main = "print(open('data.txt').read().strip())\n";

        var first = await BuildAndRunAsync("python3", main, [new("data.txt", "first\n"u8.ToArray())], fixture.Builder);
        var second = await BuildAndRunAsync("python3", main, [new("data.txt", "second\n"u8.ToArray())], fixture.Builder);

        Assert.Equal(("first\n", "second\n"), (first, second));
    }

    private async Task<string> BuildAndRunAsync(string language, string main, IReadOnlyList<SandboxFile> extra, ProgramBuilder builder)
    {
        var build = await builder.BuildAsync(fixture.Language(language), Encoding.UTF8.GetBytes(main), [], Token, extra);
        Assert.True(build.Succeeded, build.Message + "\n" + build.CompilerOutput);
        var run = await fixture.Runner.RunAsync(build.Program!, SandboxInput.None, SandboxLimits.Default, Token);
        Assert.True(run.Status == RunStatus.OK, $"{run.Status}: {run.Message}\n{Encoding.UTF8.GetString(run.Stderr)}");
        return Encoding.UTF8.GetString(run.Stdout);
    }
}

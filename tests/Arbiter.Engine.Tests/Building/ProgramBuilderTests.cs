using System.Text;
using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Tests.Building;

[Collection(SharedEngine.Name)]
public sealed class ProgramBuilderTests(EngineFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Build_SameSourceTwice_CompilesOnceThenHitsTheCache()
    {
        var source = Encoding.UTF8.GetBytes($"int main(void) {{ return {Random.Shared.Next(1000)} * 0; }}\n");

        var first = await fixture.Builder.BuildAsync(fixture.Language("c"), source, [], Token);
        var second = await fixture.Builder.BuildAsync(fixture.Language("c"), source, [], Token);
        var fromDisk = await new ProgramBuilder(fixture.Pool, new BuildCache(fixture.CacheDirectory)).BuildAsync(fixture.Language("c"), source, [], Token);

        Assert.True(first.Succeeded && !first.CacheHit, first.CompilerOutput);
        Assert.True(second.CacheHit);
        Assert.True(fromDisk.CacheHit, "a new process (a new cache object) should find the build on disk");
        var run = await fixture.Runner.RunAsync(fromDisk.Program!, SandboxInput.None, SandboxLimits.Default, Token);
        Assert.Equal(RunStatus.OK, run.Status);
    }

    [Fact]
    public async Task Build_DifferentFlags_AreADifferentBuild()
    {
        var source = Encoding.UTF8.GetBytes("int main(void) { int unused; return 0; }\n");

        var plain = await fixture.Builder.BuildAsync(fixture.Language("c"), source, [], Token);
        var strict = await fixture.Builder.BuildAsync(fixture.Language("c"), source, ["-Werror"], Token);

        Assert.True(plain.Succeeded, plain.CompilerOutput);
        Assert.False(strict.Succeeded);
        Assert.False(strict.CacheHit);
        Assert.Contains("unused", strict.CompilerOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c", "int main(void) { return y; }")]
    [InlineData("cpp", "int main() { undefined_call(); }")]
    [InlineData("java", "public class Main { public static void main(String[] a) { int x = \"s\"; } }")]
    [InlineData("rust", "fn main() { let x: i32 = \"s\"; }")]
    [InlineData("go", "package main\nfunc main() { x := 1 }")]
    [InlineData("csharp", "int x = \"s\";")]
    [InlineData("python3", "def f(:\n    pass")]
    [InlineData("javascript", "function (")]
    public async Task Build_BrokenSource_IsACompileErrorWithTheCompilersWords(string language, string source)
    {
        var build = await fixture.Builder.BuildAsync(fixture.Language(language), Encoding.UTF8.GetBytes(source), [], Token);

        Assert.False(build.Succeeded);
        Assert.False(build.InternalError, build.Message);
        Assert.Equal("compilation failed", build.Message);
        Assert.NotEmpty(build.CompilerOutput);
    }

    [Fact]
    public async Task Build_SourceIncludingHostSecrets_CannotReadThem()
    {
        var source = Encoding.UTF8.GetBytes("#include \"/etc/shadow\"\n#include \"/root/.bashrc\"\nint main(void) { return 0; }\n");

        var build = await fixture.Builder.BuildAsync(fixture.Language("c"), source, [], Token);

        Assert.False(build.Succeeded);
        Assert.Contains("/etc/shadow", build.CompilerOutput, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", build.CompilerOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_CompilerThatNeverFinishes_IsStoppedByTheCompileLimit()
    {
        var spec = fixture.Language("c") with
        {
            Id = "slow",
            Compile = new CompileStep(["/bin/sh", "-c", "while :; do :; done"], ["main"], "text"),
            Limits = fixture.Language("c").Limits with { CompileSeconds = 0.5 },
        };

        var build = await fixture.Builder.BuildAsync(spec, "x"u8.ToArray(), [], Token);

        Assert.False(build.Succeeded);
        Assert.Equal("compilation took longer than 0.5 s", build.Message);
    }

    [Fact]
    public void ForLanguage_ManagedRuntime_GetsMoreTimeMemoryAndThreads()
    {
        var limits = SandboxLimits.Default with { CpuTime = TimeSpan.FromSeconds(1), WallTime = TimeSpan.FromSeconds(3), MemoryBytes = 256L << 20 };

        var java = ProgramRunner.ForLanguage(limits, fixture.Language("java"));
        var c = ProgramRunner.ForLanguage(limits, fixture.Language("c"));

        Assert.Equal(limits, c);
        Assert.Equal(TimeSpan.FromSeconds(2), java.CpuTime);
        Assert.Equal(TimeSpan.FromSeconds(6), java.WallTime);
        Assert.Equal(512L << 20, java.MemoryBytes);
        Assert.Equal(128, java.Processes);
    }
}

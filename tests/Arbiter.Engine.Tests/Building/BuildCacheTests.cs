using System.Text;
using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;

namespace Arbiter.Engine.Tests.Building;

/// <summary>What the build cache keeps and what it must not: failures that may not repeat, and
/// artefacts of a compiler that has since changed.</summary>
[Collection(SharedEngine.Name)]
public sealed class BuildCacheTests(EngineFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Build_MissingCompiler_IsInternalErrorAndNeverCached()
    {
        var spec = WithCompiler(["/usr/bin/arbiter-no-such-compiler", "main.c"]);

        var first = await fixture.Builder.BuildAsync(spec, "int main(void) { return 0; }"u8.ToArray(), [], Token);
        var second = await fixture.Builder.BuildAsync(spec, "int main(void) { return 0; }"u8.ToArray(), [], Token);

        Assert.True(first.InternalError, first.Message);
        Assert.StartsWith("the C toolchain is not installed here", first.Message, StringComparison.Ordinal);
        Assert.False(second.CacheHit);
        Assert.True(second.InternalError);
    }

    [Fact]
    public async Task Build_ShellScriptCallingAMissingCompiler_IsInternalError()
    {
        // Java and C# compile through /bin/sh: a missing javac is the shell's exit 127.
        var spec = WithCompiler(["/bin/sh", "-c", "/usr/bin/arbiter-no-such-javac main.c"]);

        var build = await fixture.Builder.BuildAsync(spec, "x"u8.ToArray(), [], Token);

        Assert.True(build.InternalError, build.Message);
        Assert.Contains("not found", build.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_CompileTimeLimitHit_IsRetryableAndNeverCached()
    {
        var spec = WithCompiler(["/bin/sh", "-c", "while :; do :; done"]) with
        {
            Limits = fixture.Language("c").Limits with { CompileSeconds = 0.3 },
        };
        var source = Encoding.UTF8.GetBytes($"slow {Random.Shared.Next()}");

        var first = await fixture.Builder.BuildAsync(spec, source, [], Token);
        var second = await fixture.Builder.BuildAsync(spec, source, [], Token);

        Assert.True(first is { Succeeded: false, InternalError: false, Retryable: true }, first.Message);
        Assert.False(second.CacheHit);
    }

    [Fact]
    public async Task Build_OrdinaryCompileError_IsCachedAndNotRetryable()
    {
        var source = Encoding.UTF8.GetBytes($"int main(void) {{ return missing{Random.Shared.Next(1000)}; }}");

        var first = await fixture.Builder.BuildAsync(fixture.Language("c"), source, [], Token);
        var second = await fixture.Builder.BuildAsync(fixture.Language("c"), source, [], Token);

        Assert.False(first.Retryable || first.InternalError);
        Assert.True(second.CacheHit);
    }

    [Fact]
    public void Key_CompilerBinaryReplaced_ChangesTheKey()
    {
        var directory = Directory.CreateTempSubdirectory("arbiter-toolchain-").FullName;
        try
        {
            var compiler = Path.Combine(directory, "cc");
            File.WriteAllText(compiler, "version 1");
            var spec = WithCompiler([compiler, "main.c"]);
            var before = BuildCache.Key(spec, "x"u8, []);
            var again = BuildCache.Key(spec, "x"u8, []);

            File.WriteAllText(compiler, "version 2 (an upgrade)");

            Assert.Equal(before, again);
            Assert.NotEqual(before, BuildCache.Key(spec, "x"u8, []));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Key_CompilerSymlinkRetargeted_ChangesTheKey()
    {
        // Debian's /usr/bin/gcc is a chain of symlinks; an upgrade moves the end of the chain.
        var directory = Directory.CreateTempSubdirectory("arbiter-toolchain-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "cc-12"), "old");
            File.WriteAllText(Path.Combine(directory, "cc-14"), "new");
            var link = Path.Combine(directory, "cc");
            File.CreateSymbolicLink(link, "cc-12");
            var spec = WithCompiler([link, "main.c"]);
            var before = BuildCache.Key(spec, "x"u8, []);
            var again = BuildCache.Key(spec, "x"u8, []);

            File.Delete(link);
            File.CreateSymbolicLink(link, "cc-14");

            Assert.Equal(before, again);
            Assert.NotEqual(before, BuildCache.Key(spec, "x"u8, []));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private LanguageSpec WithCompiler(IReadOnlyList<string> command) => fixture.Language("c") with
    {
        Compile = new CompileStep(command, ["main"], "text"),
    };
}

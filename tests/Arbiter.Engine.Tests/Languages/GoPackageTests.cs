using System.Text;

namespace Arbiter.Engine.Tests.Languages;

/// <summary>A Go file outside package main builds a library archive, not a program: a compile
/// error naming the package, never a run that fails with "permission denied".</summary>
[Collection(SharedEngine.Name)]
public sealed class GoPackageTests(EngineFixture fixture)
{
    [Theory]
    [InlineData("solution")]
    [InlineData("mainly")]
    public async Task Build_GoFileInAnotherPackage_IsACompileErrorAskingForPackageMain(string package)
    {
        var source = $"package {package}\n\nimport \"fmt\"\n\nfunc main() {{ fmt.Println(1) }}\n";

        var build = await fixture.Builder.BuildAsync(fixture.Language("go"), Encoding.UTF8.GetBytes(source), [], TestContext.Current.CancellationToken);

        Assert.False(build.Succeeded);
        Assert.False(build.InternalError, build.Message);
        Assert.Contains("package main is required", build.CompilerOutput, StringComparison.Ordinal);
        Assert.Contains($"package {package}", build.CompilerOutput, StringComparison.Ordinal);
    }
}

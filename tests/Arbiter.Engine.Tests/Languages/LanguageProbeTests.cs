using Arbiter.Engine.Languages;

namespace Arbiter.Engine.Tests.Languages;

/// <summary>Every shipped language, end to end on this machine: its toolchain answers, its
/// packages are there, and its self-test compiles and runs in the sandbox.</summary>
[Collection(SharedEngine.Name)]
public sealed class LanguageProbeTests(EngineFixture fixture)
{
    [Theory]
    [InlineData("c")]
    [InlineData("cpp")]
    [InlineData("python3")]
    [InlineData("java")]
    [InlineData("javascript")]
    [InlineData("rust")]
    [InlineData("go")]
    [InlineData("csharp")]
    [InlineData("pascal")]
    [InlineData("fortran")]
    [InlineData("perl")]
    [InlineData("ruby")]
    [InlineData("lua")]
    [InlineData("php")]
    public async Task Probe_ShippedLanguage_IsAvailableAndPassesItsSelfTest(string id)
    {
        var probe = new LanguageProbe(fixture.Pool, fixture.Builder);

        var status = await probe.ProbeAsync(fixture.Language(id), TestContext.Current.CancellationToken);

        Assert.True(status.Available, status.Problem);
        Assert.True(status.SelfTestPassed);
        Assert.False(string.IsNullOrEmpty(status.Version));
        Assert.All(status.Packages, p => Assert.False(string.IsNullOrEmpty(p.Value), $"package {p.Key} has no version"));
    }

    [Fact]
    public async Task Probe_MissingToolchain_IsUnavailableWithAReason()
    {
        var spec = fixture.Language("c") with
        {
            Id = "ghost",
            Version = ["/usr/bin/ghost-compiler", "--version"],
        };
        var probe = new LanguageProbe(fixture.Pool, fixture.Builder);

        var status = await probe.ProbeAsync(spec, TestContext.Current.CancellationToken);

        Assert.False(status.Available);
        Assert.Contains("toolchain not installed", status.Problem, StringComparison.Ordinal);
        Assert.Contains("/usr/bin/ghost-compiler", status.Problem, StringComparison.Ordinal);
    }
}

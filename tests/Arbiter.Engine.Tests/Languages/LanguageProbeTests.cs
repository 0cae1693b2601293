using Arbiter.Engine.Languages;
using Arbiter.Engine.Running;

namespace Arbiter.Engine.Tests.Languages;

/// <summary>Every shipped language, end to end on this machine: its toolchain answers, its
/// packages are there, and its self-test compiles and runs in the sandbox.</summary>
[Collection(SharedEngine.Name)]
public sealed class LanguageProbeTests(EngineFixture fixture)
{
    [Theory]
    [MemberData(nameof(ShippedLanguages.Ids), MemberType = typeof(ShippedLanguages))]
    public async Task Probe_ShippedLanguage_IsAvailableAndPassesItsSelfTest(string id)
    {
        var language = fixture.Language(id);
        ShippedLanguages.SkipUnlessInstalled(language);
        var probe = new LanguageProbe(fixture.Pool, new SourceRunner(fixture.Builder));

        var status = await probe.ProbeAsync(language, TestContext.Current.CancellationToken);

        Assert.True(status.Available, status.Problem);
        Assert.Empty(status.MissingPackages);
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
        var probe = new LanguageProbe(fixture.Pool, new SourceRunner(fixture.Builder));

        var status = await probe.ProbeAsync(spec, TestContext.Current.CancellationToken);

        Assert.False(status.Available);
        Assert.Contains("toolchain not installed", status.Problem, StringComparison.Ordinal);
        Assert.Contains("/usr/bin/ghost-compiler", status.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_MissingDebianPackage_SaysWhichAndHowToInstallIt()
    {
        var spec = fixture.Language("c") with
        {
            Id = "ghost",
            Version = ["/usr/bin/ghost-compiler", "--version"],
            Apt = ["gcc", "arbiter-ghost-compiler"],
            Optional = true,
        };
        var probe = new LanguageProbe(fixture.Pool, new SourceRunner(fixture.Builder));

        var status = await probe.ProbeAsync(spec, TestContext.Current.CancellationToken);

        Assert.False(status.Available);
        Assert.Equal(["arbiter-ghost-compiler"], status.MissingPackages);
        Assert.StartsWith("missing Debian package arbiter-ghost-compiler (scripts/setup.sh --languages ghost); toolchain not installed", status.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_FailingSelfTest_IsUnavailableWithWhatItPrinted()
    {
        var spec = fixture.Language("c") with { Id = "wrong", SelfTest = fixture.Language("c").SelfTest with { Expected = "43\n" } };
        var probe = new LanguageProbe(fixture.Pool, new SourceRunner(fixture.Builder));

        var status = await probe.ProbeAsync(spec, TestContext.Current.CancellationToken);

        Assert.False(status.Available);
        Assert.Empty(status.MissingPackages);
        Assert.Equal("self-test printed \"42\\n\", expected \"43\\n\"", status.Problem);
    }
}

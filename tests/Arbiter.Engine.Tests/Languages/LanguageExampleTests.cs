using Arbiter.Engine.Judging;
using Arbiter.Engine.Problems;
using Arbiter.Engine.Tests.Judging;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Languages;

/// <summary>Every language judged end to end: its example solution (languages/examples/sum/)
/// compiled and run on every test of the sample problem sum, with the problem's own limits,
/// banned functions and checks, must be accepted.</summary>
[Collection(SharedEngine.Name)]
public sealed class LanguageExampleTests(EngineFixture fixture)
{
    [Theory]
    [MemberData(nameof(ShippedLanguages.Ids), MemberType = typeof(ShippedLanguages))]
    public async Task Judge_ExampleSolution_IsAcceptedOnEveryTestOfSum(string id)
    {
        var language = fixture.Language(id);
        ShippedLanguages.SkipUnlessInstalled(language);
        using var package = ProblemLoader.Load(SamplePackages.Path("sum"));
        var source = await File.ReadAllBytesAsync(ShippedLanguages.Example(id), TestContext.Current.CancellationToken);

        var result = await fixture.Judge().JudgeAsync(package, language, source, new JudgeOptions(TimeLimit: package.Limits.TimeLimit), TestContext.Current.CancellationToken);

        Assert.True(
            result.Verdict == Verdict.AC,
            $"{id}: {result.Verdict} {result.Message} {result.Compile.Output} {string.Join("; ", result.Tests.Select(t => $"{t.Path} {t.Verdict} {t.CpuTimeMs:0} ms"))}");
        Assert.Equal(package.TestData.AllTests().Count(), result.Tests.Count);
    }
}

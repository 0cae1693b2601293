using Arbiter.Engine.Languages;
using Arbiter.Engine.Tests.Problems;

namespace Arbiter.Engine.Tests.Languages;

/// <summary>
/// The languages/ directory as test data: every language's id, its example solution, and whether
/// this machine is expected to run it. A default language must always work; an optional one is
/// skipped where its Debian packages are not installed, unless ARBITER_REQUIRE_ALL_LANGUAGES=1
/// (scripts/test.sh sets it after installing every language), where missing is a failure.
/// </summary>
internal static class ShippedLanguages
{
    private static readonly LanguageCatalog Catalog = LanguageCatalog.Load(LanguageCatalog.DefaultDirectory);

    public static TheoryData<string> Ids => [.. Catalog.Languages.Select(l => l.Id)];

    /// <summary>Skips the calling test when <paramref name="language"/> is optional and not
    /// installed here, and all languages are not required.</summary>
    public static void SkipUnlessInstalled(LanguageSpec language)
    {
        var missing = DebianPackages.Host.Missing(language.Apt);
        if (missing.Count > 0 && language.Optional && Environment.GetEnvironmentVariable("ARBITER_REQUIRE_ALL_LANGUAGES") != "1")
        {
            Assert.Skip($"{language.Id} is optional and not installed here (missing {string.Join(", ", missing)}; scripts/setup.sh --languages {language.Id})");
        }
    }

    /// <summary>languages/examples/sum/&lt;id&gt;.*: the language's solution to problems/sum.</summary>
    public static string Example(string id)
    {
        var directory = Path.Combine(Path.GetDirectoryName(SamplePackages.Path("sum"))!, "..", "languages", "examples", "sum");
        var files = Directory.GetFiles(directory, id + ".*").Where(f => Path.GetFileNameWithoutExtension(f) == id).ToList();
        return files.Count == 1 ? files[0] : throw new InvalidOperationException($"languages/examples/sum has {files.Count} solutions for {id}, not one");
    }
}

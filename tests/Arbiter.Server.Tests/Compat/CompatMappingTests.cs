namespace Arbiter.Server.Tests.Compat;

/// <summary>languages/compat/ids.yaml is checked at start: an entry for a language the server
/// does not have, or one Judge0 number or Piston name given to two languages, stops
/// <c>arbiter serve</c> with one line naming it; the shipped file covers every shipped language.</summary>
public sealed class CompatMappingTests
{
    [Theory]
    [InlineData("c:\n  jobe: c\ncobra:\n  jobe: cobra\n", "'cobra' is not an Arbiter language id")]
    [InlineData("c:\n  judge0: {ids: [50], name: C}\npython3:\n  judge0: {ids: [71, 50], name: Python}\n", "Judge0 language id '50' is given to both 'c' and 'python3'")]
    [InlineData(
        "c:\n  piston: {language: c, aliases: [py]}\npython3:\n  piston: {language: python, aliases: [py]}\n",
        "Piston language name or alias 'py' is given to both 'c' and 'python3'")]
    [InlineData("c:\n  jobe: [not, a, string]\n", "ids.yaml: line")]
    public async Task Serve_MappingThatContradictsTheCatalog_ExitsNamingIt(string mapping, string expected)
    {
        var languages = Directory.CreateTempSubdirectory("arbiter-compat-languages-");
        try
        {
            foreach (var id in new[] { "c", "python3" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, "languages", id + ".yaml"), Path.Combine(languages.FullName, id + ".yaml"));
            }

            Directory.CreateDirectory(Path.Combine(languages.FullName, "compat"));
            await File.WriteAllTextAsync(Path.Combine(languages.FullName, "compat", "ids.yaml"), mapping, TestContext.Current.CancellationToken);

            var (exitCode, output) = await ConfigurationTests.ServeUntilExitAsync(new Dictionary<string, string> { ["ARBITER_LANGUAGES"] = languages.FullName });

            Assert.Equal(2, exitCode);
            Assert.Contains(expected, output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            languages.Delete(recursive: true);
        }
    }

    [Fact]
    public void ShippedMapping_HasOneEntryPerShippedLanguage()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "languages");
        var languages = Directory.EnumerateFiles(directory, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList();
        var entries = File.ReadLines(Path.Combine(directory, "compat", "ids.yaml"))
            .Where(line => line.Length > 0 && char.IsAsciiLetterLower(line[0]) && line.EndsWith(':'))
            .Select(line => line[..^1]).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(languages, entries);
    }
}

using Arbiter.Engine.Languages;

namespace Arbiter.Engine.Tests.Languages;

public sealed class LanguageCatalogTests
{
    private const string Minimal = """
        id: toy
        name: Toy
        extensions: [.toy]
        source: main.toy
        version: [/bin/echo, "1.0"]
        run: [/bin/cat, main.toy]
        selfTest:
          source: "hi\n"
          expected: "hi\n"
        """;

    [Fact]
    public void Load_ShippedLanguages_HasEveryRequiredLanguage()
    {
        var catalog = LanguageCatalog.Load(LanguageCatalog.DefaultDirectory);

        foreach (var id in new[] { "c", "cpp", "python3", "java", "javascript", "rust", "go", "csharp" })
        {
            Assert.NotNull(catalog.Find(id));
        }

        Assert.Equal("python3", catalog.ForFile("solution.py")?.Id);
        Assert.Equal("cpp", catalog.ForFile("a.CC")?.Id);
        Assert.Null(catalog.ForFile("notes.txt"));
        Assert.Null(catalog.ForFile("Makefile"));
    }

    [Fact]
    public void Load_ShippedLanguages_AreAtLeast45WithADefaultSetAndAnExampleEach()
    {
        var catalog = LanguageCatalog.Load(LanguageCatalog.DefaultDirectory);

        Assert.True(catalog.Languages.Count >= 45, $"{catalog.Languages.Count} languages");
        Assert.Equal(
            ["c", "cpp", "csharp", "fortran", "go", "java", "javascript", "lua", "pascal", "perl", "php", "python3", "ruby", "rust"],
            catalog.Languages.Where(l => !l.Optional).Select(l => l.Id));
        Assert.All(catalog.Languages, l => Assert.True(File.Exists(ShippedLanguages.Example(l.Id))));
        Assert.Equal("fsharp", catalog.ForFile("Program.fs")?.Id);
        Assert.Equal("objectivec", catalog.ForFile("main.m")?.Id);
        Assert.Equal("perl", catalog.ForFile("main.pl")?.Id);
    }

    [Fact]
    public void Parse_NewKeys_AreReadAndScaleTheLimits()
    {
        var yaml = Minimal + "\noptional: true\nlimits: { timeMultiplier: 2, extraSeconds: 1.5 }\ncompile: { command: [/bin/true], artifacts: [x], functionChecks: source }\n";

        var spec = LanguageCatalog.Parse(yaml.Replace("extensions: [.toy]", "extensions: []", StringComparison.Ordinal), "toy.yaml");

        Assert.True(spec.Optional);
        Assert.Empty(spec.Extensions);
        Assert.False(spec.Compile!.SymbolChecks);
        Assert.Equal(TimeSpan.FromSeconds(3.5), spec.Limits.Scale(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), spec.Limits.Unscale(TimeSpan.FromSeconds(3.5)));
        Assert.Equal(TimeSpan.Zero, spec.Limits.Unscale(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Parse_MinimalSpec_UsesDefaults()
    {
        var spec = LanguageCatalog.Parse(Minimal, "toy.yaml");

        Assert.Equal("toy", spec.Id);
        Assert.Null(spec.Compile);
        Assert.Equal(1.0, spec.Limits.TimeMultiplier);
        Assert.Equal(64, spec.Limits.Processes);
        Assert.Equal("", spec.SelfTest.Stdin);
        Assert.Empty(spec.DotnetSdk);
    }

    [Fact]
    public void ShippedSpecs_ThatCompileWithTheDotnetSdk_ListThePartsTheyUse_SoWorkerImagesGetThem()
    {
        var catalog = LanguageCatalog.Load(LanguageCatalog.DefaultDirectory);

        // The SDK comes from the host's .NET install, not from an apt package: a spec that calls one
        // of its folders (${sdk}Roslyn/...) and does not list it builds a worker image without it.
        var sdkUsers = catalog.Languages.Where(l => File.ReadAllText(l.SourcePath!).Contains("${sdk}", StringComparison.Ordinal)).ToList();
        Assert.Equal(["csharp", "fsharp", "vbnet"], sdkUsers.Select(l => l.Id).Order(StringComparer.Ordinal));
        Assert.All(sdkUsers, l => Assert.Equal(
            System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(l.SourcePath!), @"\$\{sdk\}([A-Za-z]+)/").Select(m => m.Groups[1].Value).Distinct(),
            l.DotnetSdk));
        Assert.All(catalog.Languages.Except(sdkUsers), l => Assert.Empty(l.DotnetSdk));
        // Images hold those parts only, not the SDK's own commands (dotnet --version, build...):
        // wherever the specs call dotnet itself, it runs an assembly.
        Assert.All(sdkUsers.SelectMany(l => new[] { l.Version, l.Run }), command =>
            Assert.True(command[0] != "/usr/bin/dotnet" || command[1].EndsWith(".dll", StringComparison.Ordinal), string.Join(" ", command)));
    }

    [Theory]
    [InlineData("id: toy", "id: Toy!", "'id' must be lower-case")]
    [InlineData("source: main.toy", "source: ../main.toy", "'source' must be a plain file name")]
    [InlineData("extensions: [.toy]", "extensions: [toy]", "'extensions' must list extensions starting with '.'")]
    [InlineData("run: [/bin/cat, main.toy]", "run: []", "'run' must be a non-empty command")]
    [InlineData("name: Toy", "name: Toy\nlimits: { timeMultiplier: 0.5 }", "'limits' out of range")]
    [InlineData("name: Toy", "name: Toy\ncompile: { command: [/bin/true], artifacts: [] }", "'compile.artifacts' must list")]
    [InlineData("name: Toy", "name: Toy\ncompile: { command: [/bin/true], artifacts: [x], diagnostics: magic }", "'compile.diagnostics' must be one of")]
    [InlineData("name: Toy", "name: Toy\ncompile: { command: [/bin/true], artifacts: [x], functionChecks: magic }", "'compile.functionChecks' must be binary or source")]
    [InlineData("name: Toy", "name: Toy\nlimits: { extraSeconds: 31 }", "'limits' out of range")]
    [InlineData("name: Toy", "name: Toy\noptional: maybe", "toy.yaml")]
    [InlineData("name: Toy", "name: Toy\ncolour: blue", "colour")]
    [InlineData("name: Toy", "name: Toy\ndotnetSdk: [../../etc]", "'dotnetSdk' must list folder names")]
    [InlineData("name: Toy", "name: Toy\ndotnetSdk: [Roslyn/bincore]", "'dotnetSdk' must list folder names")]
    [InlineData("name: Toy", "name: [unclosed", "toy.yaml")]
    public void Parse_MalformedSpec_NamesTheFileAndTheProblem(string find, string replace, string expected)
    {
        var yaml = Minimal.Replace(find, replace, StringComparison.Ordinal);

        var error = Assert.Throws<LanguageSpecException>(() => LanguageCatalog.Parse(yaml, "toy.yaml"));

        Assert.StartsWith("toy.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoFilesClaimingOneExtension_IsRefused()
    {
        var directory = Directory.CreateTempSubdirectory("arbiter-languages-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "a.yaml"), Minimal);
            File.WriteAllText(Path.Combine(directory.FullName, "b.yaml"), Minimal.Replace("id: toy", "id: toy2", StringComparison.Ordinal));

            var error = Assert.Throws<LanguageSpecException>(() => LanguageCatalog.Load(directory.FullName));

            Assert.Contains("Extension '.toy' is claimed by toy and toy2", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Expand_FlagsAndPlaceholders_BecomeArguments()
    {
        var command = CommandTemplate.Expand(["/usr/bin/gcc", "{flags}", "-o", "main", "{source}", "-Xmx{memoryMiB}m"], "main.c", ["-Werror", "-DX=1"], 256);

        Assert.Equal(["/usr/bin/gcc", "-Werror", "-DX=1", "-o", "main", "main.c", "-Xmx256m"], command);
    }

    [Fact]
    public void Expand_Sources_BecomesTheMainFileThenEveryOtherUnitOfTheLanguage()
    {
        var sources = CommandTemplate.Sources("main.cpp", [".cpp", ".cc"], ["util.h", "lib/zeta.CC", "data.txt", "alpha.cpp", "main.cpp"]);

        var command = CommandTemplate.Expand(["/usr/bin/g++", "-o", "main", "{sources}", "-lm"], "main.cpp", [], 256, sources);

        Assert.Equal(["/usr/bin/g++", "-o", "main", "main.cpp", "alpha.cpp", "lib/zeta.CC", "-lm"], command);
    }

    [Theory]
    [InlineData("c")]
    [InlineData("cpp")]
    [InlineData("c-clang")]
    [InlineData("cpp-clang")]
    [InlineData("objectivec")]
    [InlineData("d")]
    public void ShippedLanguage_OfSeveralTranslationUnits_CompilesThemAll(string id)
    {
        var language = LanguageCatalog.Load(LanguageCatalog.DefaultDirectory).Find(id)!;

        Assert.Contains("{sources}", language.Compile!.Command);
    }
}

using Arbiter.Engine.Judging;
using Arbiter.Engine.Languages;

namespace Arbiter.Engine.Tests.Judging;

/// <summary>Which language and entry file a package program has, by problemtools' rule, against
/// the shipped languages (no sandbox needed).</summary>
public sealed class ProgramEntryTests
{
    private static readonly LanguageCatalog Languages = LanguageCatalog.Load(LanguageCatalog.DefaultDirectory);

    [Theory]
    [InlineData("single file", "check.py", "check.py", "python3")]
    [InlineData("the only source beside a header", "validate.cc validate.h", "validate.cc", "cpp")]
    [InlineData("main.* wins, in any case", "aaa.py Main.py zzz.py", "Main.py", "python3")]
    [InlineData("__main__.py of a Python package", "__init__.py __main__.py logic.py", "__main__.py", "python3")]
    [InlineData("a file named after the program", "aaa.c sum.c", "sum.c", "c")]
    [InlineData("a file named after its role", "aaa.cpp validator.cpp", "validator.cpp", "cpp")]
    [InlineData("else the first by name", "b.go a.go", "a.go", "go")]
    [InlineData("the language with the most files", "x.c y.py z.py", "y.py", "python3")]
    [InlineData("top-level files before deeper ones", "lib/main.py run.py", "run.py", "python3")]
    [InlineData("a source in a subfolder when there is none above", "README.txt src/Solver.java", "src/Solver.java", "java")]
    public void Find_ProgramFiles_GivesProblemtoolsLanguageAndEntry(string rule, string files, string entry, string language)
    {
        var (found, main) = ProgramEntry.Find(files.Split(' '), "sum", Languages);

        Assert.True(found?.Id == language, $"{rule}: {found?.Id}");
        Assert.True(main == entry, $"{rule}: {main}");
    }

    [Fact]
    public void Find_NoSourceInAKnownLanguage_GivesNothing()
    {
        var (language, entry) = ProgramEntry.Find(["notes.txt", "data.bin"], "x", Languages);

        Assert.Null(language);
        Assert.Null(entry);
    }
}

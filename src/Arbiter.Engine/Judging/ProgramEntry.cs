using Arbiter.Engine.Languages;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Which language a package program is in and which of its files is the entry, as Kattis
/// problemtools decides: the language that claims the most of its files (by extension, at any
/// depth); then among that language's files, <c>__main__.py</c> (the format's rule for Python
/// directories), a file named <c>main.*</c> in any case, one named after the program or its role
/// (<c>validator</c>, <c>interactor</c>, <c>checker</c>, <c>solution</c>), else the first by name;
/// files at the program's top before deeper ones.
/// </summary>
internal static class ProgramEntry
{
    private static readonly string[] RoleStems = ["validator", "validate", "interactor", "checker", "solution"];

    /// <param name="files">The program's files relative to it, with forward slashes.</param>
    /// <param name="programName">The program's name (a directory program's folder name).</param>
    /// <param name="languages">The languages the judge has.</param>
    public static (LanguageSpec? Language, string? Entry) Find(IReadOnlyList<string> files, string programName, LanguageCatalog languages)
    {
        var sources = files.Select(f => (File: f, Language: languages.ForFile(f))).Where(s => s.Language is not null).ToList();
        var language = sources
            .GroupBy(s => s.Language!.Id, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Min(s => Rank(s.File, programName)))
            .Select(g => g.First().Language)
            .FirstOrDefault();
        if (language is null)
        {
            return (null, null);
        }

        var entry = sources.Where(s => s.Language!.Id == language.Id)
            .Select(s => s.File)
            .OrderBy(f => f.Contains('/', StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(f => Rank(f, programName))
            .ThenBy(f => f, StringComparer.Ordinal)
            .First();
        return (language, entry);
    }

    private static int Rank(string file, string programName)
    {
        var name = Path.GetFileName(file);
        var stem = Path.GetFileNameWithoutExtension(name);
        return name == "__main__.py" ? 0
            : stem.Equals("main", StringComparison.OrdinalIgnoreCase) ? 1
            : stem == programName || RoleStems.Contains(stem, StringComparer.OrdinalIgnoreCase) ? 2
            : 3;
    }
}

namespace Arbiter.Engine.Problems;

/// <summary>Reads programs (validators, submissions): a single file, or a directory of files.</summary>
internal static class ProgramReader
{
    private static readonly HashSet<string> SourceExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".c", ".cc", ".cpp", ".cxx", ".c++", ".py", ".java", ".kt", ".rs", ".go", ".cs", ".js", ".ts", ".rb", ".hs", ".sh",
    };

    private static readonly string[] PreferredStems = ["main", "Main", "validator", "interactor", "checker", "solution"];

    public static ProgramSource Read(LoadContext context, string location)
    {
        var name = Path.GetFileName(location);
        if (File.Exists(location))
        {
            return new ProgramSource(name, location, [location], name, false, false);
        }

        var files = Directory.EnumerateFiles(location, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw ProblemPackageException.In(context.Relative(location), "is an empty program directory");
        }

        var top = files.Where(f => Path.GetDirectoryName(f) == location).Select(Path.GetFileName).OfType<string>().ToList();
        var hasBuild = top.Contains("build");
        var hasRun = top.Contains("run");
        return new ProgramSource(name, location, files, hasRun ? "run" : EntryOf(name, top), hasBuild, hasRun);
    }

    private static string? EntryOf(string programName, List<string> top)
    {
        var sources = top.Where(f => SourceExtensions.Contains(Path.GetExtension(f))).ToList();
        if (sources.Count == 1)
        {
            return sources[0];
        }

        if (sources.Contains("__main__.py"))
        {
            return "__main__.py";
        }

        foreach (var stem in PreferredStems.Append(programName))
        {
            var match = sources.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == stem);
            if (match is not null)
            {
                return match;
            }
        }

        // C and C++ programs are compiled from all their files together; any one names the language.
        return sources.FirstOrDefault(f => Path.GetExtension(f) is ".c" or ".cc" or ".cpp" or ".cxx");
    }

    /// <summary>The programs of a directory where each file or subdirectory is one program.</summary>
    public static List<ProgramSource> ReadAll(LoadContext context, string directory) =>
        Directory.EnumerateFileSystemEntries(directory)
            .Where(e => !Path.GetFileName(e).StartsWith('.') && !IsDocumentation(Path.GetFileName(e)))
            .Order(StringComparer.Ordinal)
            .Select(e => Read(context, e))
            .ToList();

    private static bool IsDocumentation(string name) =>
        name.StartsWith("README", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".md", StringComparison.Ordinal);
}

namespace Arbiter.Engine.Problems;

/// <summary>Reads programs (validators, submissions): a single file, or a directory of files.</summary>
internal static class ProgramReader
{
    public static ProgramSource Read(LoadContext context, string location)
    {
        var name = Path.GetFileName(location);
        if (File.Exists(location))
        {
            return new ProgramSource(name, location, [location], false, false) { Constants = context.Constants };
        }

        var files = Directory.EnumerateFiles(location, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw ProblemPackageException.In(context.Relative(location), "is an empty program directory");
        }

        var top = files.Where(f => Path.GetDirectoryName(f) == location).Select(Path.GetFileName).ToList();
        return new ProgramSource(name, location, files, top.Contains("build"), top.Contains("run")) { Constants = context.Constants };
    }

    /// <summary>The programs of a directory where each file or subdirectory is one program.</summary>
    public static List<ProgramSource> ReadAll(LoadContext context, string directory) =>
        Entries(directory).Select(e => Read(context, e)).ToList();

    /// <summary>
    /// The 2023-07 <c>output_validator/</c>: by the format it is itself the program (its files at
    /// its top); problemtools also accepts it holding programs, as legacy
    /// <c>output_validators/</c> does (its own <c>guess</c> example has
    /// <c>output_validator/NAME/validate.cc</c>), so a directory with no files of its own, only
    /// subdirectories, is read that way.
    /// </summary>
    public static List<ProgramSource> ReadOneOrAll(LoadContext context, string directory) =>
        Entries(directory).Any(File.Exists) ? [Read(context, directory)] : ReadAll(context, directory);

    private static IEnumerable<string> Entries(string directory) =>
        Directory.EnumerateFileSystemEntries(directory)
            .Where(e => !Path.GetFileName(e).StartsWith('.') && !IsDocumentation(Path.GetFileName(e)))
            .Order(StringComparer.Ordinal);

    private static bool IsDocumentation(string name) =>
        name.StartsWith("README", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".md", StringComparison.Ordinal);
}

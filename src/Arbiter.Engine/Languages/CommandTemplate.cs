namespace Arbiter.Engine.Languages;

/// <summary>
/// Expands a spec's command: "{flags}" as a whole argument becomes the extra compiler flags (zero
/// or more arguments); "{sources}" as a whole argument becomes every source unit of the program
/// (the main file first, then the program's other files in the language, as problemtools passes
/// them all to the compiler); "{source}" the source file name; "{memoryMiB}" the run's memory
/// limit before the language's extra. Nothing is ever passed through a shell unless the spec
/// itself runs one.
/// </summary>
public static class CommandTemplate
{
    /// <summary>The command with its placeholders filled in.</summary>
    public static List<string> Expand(IReadOnlyList<string> command, string sourceFile, IReadOnlyList<string> flags, long memoryMiB, IReadOnlyList<string>? sources = null)
    {
        var expanded = new List<string>(command.Count + flags.Count);
        foreach (var argument in command)
        {
            if (argument == "{flags}")
            {
                expanded.AddRange(flags);
                continue;
            }

            if (argument == "{sources}")
            {
                expanded.AddRange(sources ?? [sourceFile]);
                continue;
            }

            expanded.Add(argument
                .Replace("{source}", sourceFile, StringComparison.Ordinal)
                .Replace("{memoryMiB}", memoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        return expanded;
    }

    /// <summary>The source units of a program for "{sources}": the main file, then each other
    /// file whose extension is the language's, at any depth, in ordinal order of name.</summary>
    public static List<string> Sources(string sourceFile, IReadOnlyList<string> extensions, IEnumerable<string> otherFiles) =>
    [
        sourceFile,
        .. otherFiles
            .Where(name => name != sourceFile && extensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];
}

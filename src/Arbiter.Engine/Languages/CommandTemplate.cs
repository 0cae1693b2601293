namespace Arbiter.Engine.Languages;

/// <summary>
/// Expands a spec's command: "{flags}" as a whole argument becomes the extra compiler flags (zero
/// or more arguments); "{source}" the source file name; "{memoryMiB}" the run's memory limit
/// before the language's extra. Nothing is ever passed through a shell unless the spec itself
/// runs one.
/// </summary>
public static class CommandTemplate
{
    /// <summary>The command with its placeholders filled in.</summary>
    public static List<string> Expand(IReadOnlyList<string> command, string sourceFile, IReadOnlyList<string> flags, long memoryMiB)
    {
        var expanded = new List<string>(command.Count + flags.Count);
        foreach (var argument in command)
        {
            if (argument == "{flags}")
            {
                expanded.AddRange(flags);
                continue;
            }

            expanded.Add(argument
                .Replace("{source}", sourceFile, StringComparison.Ordinal)
                .Replace("{memoryMiB}", memoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        return expanded;
    }
}

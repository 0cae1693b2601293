namespace Arbiter.Engine.Tests;

/// <summary>
/// Keeps the rule .editorconfig states as max_line_length: no line of C# in the repository is
/// longer than 180 characters. Editors only show the limit; this test is what holds it.
/// </summary>
public sealed class SourceLineLengthTests
{
    private const int MaxLineLength = 180;

    // Build output and tool folders hold generated or third-party code we do not format.
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "node_modules" };

    [Fact]
    public void EveryCSharpLine_IsAtMost180Characters()
    {
        var root = RepositoryRoot();
        var files = CSharpFiles(root).ToList();
        var tooLong = files
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, number: index + 1, line.Length)))
            .Where(l => l.Length > MaxLineLength)
            .Select(l => $"{Path.GetRelativePath(root, l.file)}:{l.number} ({l.Length})")
            .ToList();

        Assert.True(files.Count > 100, $"only {files.Count} C# files found under {root}");
        Assert.True(tooLong.Count == 0, $"lines over {MaxLineLength} characters: {string.Join(", ", tooLong)}");
    }

    private static IEnumerable<string> CSharpFiles(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs"))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(sub);
            if (name.StartsWith('.') || SkippedFolders.Contains(name))
            {
                continue;
            }

            foreach (var file in CSharpFiles(sub))
            {
                yield return file;
            }
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Arbiter.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("no Arbiter.slnx above the tests");
    }
}

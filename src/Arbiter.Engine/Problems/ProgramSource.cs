namespace Arbiter.Engine.Problems;

/// <summary>
/// A program in a package (output validator or example submission): a single file or a directory.
/// The judge picks the language from <see cref="EntryFile"/>'s extension, or runs the
/// <c>build</c>/<c>run</c> scripts when a directory has them.
/// </summary>
/// <param name="Name">The program's name: the file name or the directory name.</param>
/// <param name="Location">Absolute path of the file or directory.</param>
/// <param name="Files">Absolute paths of all its files (one for a single-file program), ordinal order.</param>
/// <param name="EntryFile">The main source file's name relative to the program (<c>validator.cpp</c>,
/// <c>__main__.py</c>, <c>Main.java</c>), or null when it could not be decided.</param>
/// <param name="HasBuildScript">A directory program with a <c>build</c> script.</param>
/// <param name="HasRunScript">A directory program with a <c>run</c> script.</param>
public sealed record ProgramSource(
    string Name,
    string Location,
    IReadOnlyList<string> Files,
    string? EntryFile,
    bool HasBuildScript,
    bool HasRunScript)
{
    /// <summary>The entry file's extension without the dot, lower case (<c>cpp</c>, <c>py</c>), or null.</summary>
    public string? Extension => EntryFile is null ? null
        : System.IO.Path.GetExtension(EntryFile).TrimStart('.').ToLowerInvariant() is { Length: > 0 } ext ? ext : null;

    /// <summary>Whether the program is a directory rather than a single file.</summary>
    public bool IsDirectory => Directory.Exists(Location);
}

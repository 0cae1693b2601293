namespace Arbiter.Engine.Problems;

/// <summary>
/// A program in a package (output validator or example submission): a single file or a directory.
/// Which language it is in and which file is its entry are decided when it is built, against the
/// languages the judge has (<c>SubmissionSource</c>); the loader only says what files it has.
/// </summary>
/// <param name="Name">The program's name: the file name or the directory name.</param>
/// <param name="Location">Absolute path of the file or directory.</param>
/// <param name="Files">Absolute paths of all its files (one for a single-file program), ordinal order.</param>
/// <param name="HasBuildScript">A directory program with a <c>build</c> script.</param>
/// <param name="HasRunScript">A directory program with a <c>run</c> script.</param>
public sealed record ProgramSource(
    string Name,
    string Location,
    IReadOnlyList<string> Files,
    bool HasBuildScript,
    bool HasRunScript)
{
    /// <summary>The package's 2025-09 <c>constants</c>, substituted into the program's files when
    /// they are read to be built (<see cref="PackageConstants"/>).</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();

    /// <summary>A file of the program, as it is built: its bytes with the package's constants substituted.</summary>
    public byte[] Read(string file) => PackageConstants.Substitute(File.ReadAllBytes(file), Constants);

    /// <summary>Whether the program is a directory rather than a single file.</summary>
    public bool IsDirectory => Directory.Exists(Location);

    /// <summary>Its files' paths relative to the program (the file's own name for a single file),
    /// with forward slashes.</summary>
    public IEnumerable<string> RelativeFiles =>
        IsDirectory ? Files.Select(f => Path.GetRelativePath(Location, f).Replace('\\', '/')) : [Name];
}

namespace Arbiter.Engine.Problems;

/// <summary>
/// A loaded problem package. Test data and programs are referenced by path under
/// <see cref="RootDirectory"/>; when the package came from a zip, that directory is a private temp
/// copy deleted by <see cref="Dispose"/>.
/// </summary>
public sealed class ProblemPackage : IDisposable
{
    private readonly string? _ownedDirectory;

    internal ProblemPackage(string? ownedDirectory) => _ownedDirectory = ownedDirectory;

    /// <summary>Short name: the folder name, or the zip's base name.</summary>
    public required string Id { get; init; }

    /// <summary>Display name (<c>name</c>, English if it is a map; the id when absent).</summary>
    public required string Name { get; init; }

    /// <summary>The absolute directory the package lives in.</summary>
    public required string RootDirectory { get; init; }

    public required ProblemFormat Format { get; init; }

    public required ProblemType Type { get; init; }

    public required ProblemLimits Limits { get; init; }

    public required ValidationSettings Validation { get; init; }

    /// <summary>The root <c>data</c> group, holding <c>sample</c> (if any) and <c>secret</c>.</summary>
    public required TestGroup TestData { get; init; }

    /// <summary>Custom output validators (or interactors); empty with default validation.</summary>
    public required IReadOnlyList<ProgramSource> OutputValidators { get; init; }

    /// <summary>Input validators (<c>input_validators/</c>, legacy <c>input_format_validators/</c>):
    /// programs that check each test's input; run by <c>arbiter problem verify</c>, not when judging.</summary>
    public IReadOnlyList<ProgramSource> InputValidators { get; init; } = [];

    /// <summary>Example submissions under <c>submissions/</c>, in folder then name order.</summary>
    public required IReadOnlyList<ExampleSubmission> Submissions { get; init; }

    /// <summary>Statement files found in <c>problem_statement/</c> or <c>statement/</c>.</summary>
    public required IReadOnlyList<ProblemStatement> Statements { get; init; }

    /// <summary>Files included with every submission, by language code (<c>default</c> for all): directory path.</summary>
    public required IReadOnlyDictionary<string, string> IncludeDirectories { get; init; }

    public required ArbiterExtensions Arbiter { get; init; }

    /// <summary>The 2025-09 <c>constants</c> of <c>problem.yaml</c>, already substituted into the
    /// package's programs, include files and test group settings (<see cref="PackageConstants"/>).</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();

    /// <summary>Things that are odd but not fatal (unknown keys, unknown submission folders).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Whether results carry scores: a scoring problem, or any group with Arbiter points.</summary>
    public bool IsScored => Type == ProblemType.Scoring || Arbiter.Points.Count > 0;

    /// <summary>The Markdown statement to show: Arbiter's <c>statement</c>, else an English or
    /// language-less <c>.md</c> statement, else any <c>.md</c> statement; null when there is none.</summary>
    public string? MarkdownStatement =>
        Arbiter.Statement
        ?? Statements.Where(s => s.Format == "md").OrderBy(s => s.Language == "en" ? 0 : 1).Select(s => s.File).FirstOrDefault();

    /// <summary>The test with path <paramref name="path"/> (relative to <c>data/</c>), or null.</summary>
    public TestCase? FindTest(string path) => TestData.AllTests().FirstOrDefault(t => t.Path == path);

    /// <summary>Deletes the private extraction directory of a zipped package.</summary>
    public void Dispose()
    {
        if (_ownedDirectory is not null && System.IO.Directory.Exists(_ownedDirectory))
        {
            try
            {
                System.IO.Directory.Delete(_ownedDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere; the OS temp cleaner gets it later.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

namespace Arbiter.Engine.Problems;

/// <summary>
/// One test: an <c>.in</c> and its <c>.ans</c>. Files are referenced by path and never read by the
/// loader, so huge tests cost nothing until they are run.
/// </summary>
/// <param name="Name">Base name within its group.</param>
/// <param name="Path">Path relative to <c>data/</c> without extension (<c>secret/group1/01</c>).</param>
/// <param name="InputFile">Absolute path of the <c>.in</c> file.</param>
/// <param name="AnswerFile">Absolute path of the <c>.ans</c> file.</param>
/// <param name="InputBytes">Size of the input file.</param>
/// <param name="AnswerBytes">Size of the answer file.</param>
/// <param name="IsSample">Whether the test is under <c>data/sample</c> (shown to students).</param>
/// <param name="Hint">Text of a <c>.hint</c> file, if any (shown to a student who failed it).</param>
public sealed record TestCase(
    string Name,
    string Path,
    string InputFile,
    string AnswerFile,
    long InputBytes,
    long AnswerBytes,
    bool IsSample,
    string? Hint) : TestNode(Name, Path)
{
    /// <summary>The submission's command-line arguments: the test's <c>.yaml</c> <c>args</c>
    /// (2025-09), else its group's; empty for most packages.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The test's own output validator arguments from its <c>.yaml</c> (problem-wide
    /// <c>validator_flags</c> first), or null when it takes its group's.</summary>
    public IReadOnlyList<string>? OutputValidatorArgs { get; init; }

    /// <summary>The test's own input validator arguments from its <c>.yaml</c> (for every
    /// validator), or null when it takes its group's.</summary>
    public IReadOnlyList<string>? InputValidatorArgs { get; init; }

    /// <summary>The test's own per-validator input validator arguments (a map in its <c>.yaml</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? InputValidatorArgsByName { get; init; }

    /// <summary>The test's <c>description</c> from its <c>.yaml</c>, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The test's <c>NAME.files</c> directory (2025-09): files copied into the
    /// submission's work dir for this test, over any of the same name; null when there is none.</summary>
    public string? FilesDirectory { get; init; }
}

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
    string? Hint) : TestNode(Name, Path);

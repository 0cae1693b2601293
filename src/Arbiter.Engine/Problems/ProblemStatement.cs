namespace Arbiter.Engine.Problems;

/// <summary>A statement file of the package.</summary>
/// <param name="File">Absolute path.</param>
/// <param name="Language">Natural language code (<c>en</c> when the file name has none).</param>
/// <param name="Format">File type: <c>md</c>, <c>tex</c> or <c>pdf</c>.</param>
public sealed record ProblemStatement(string File, string Language, string Format);

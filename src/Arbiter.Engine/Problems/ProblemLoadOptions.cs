namespace Arbiter.Engine.Problems;

/// <summary>Bounds on what the loader accepts. Packages, zips above all, are hostile input.</summary>
/// <param name="MaxArchiveBytes">Total uncompressed bytes a zip may extract to (default 1 GiB).</param>
/// <param name="MaxArchiveEntries">Entries a zip may hold (default 20 000).</param>
/// <param name="MaxYamlBytes">Largest YAML or <c>.timelimit</c> file read into memory (default 1 MiB).</param>
/// <param name="MaxTestCases">Test cases a package may declare (default 10 000).</param>
/// <param name="MaxGroupDepth">Nesting depth of test groups below <c>data/</c> (default 16).</param>
public sealed record ProblemLoadOptions(
    long MaxArchiveBytes = 1L << 30,
    int MaxArchiveEntries = 20_000,
    int MaxYamlBytes = 1 << 20,
    int MaxTestCases = 10_000,
    int MaxGroupDepth = 16)
{
    /// <summary>The defaults.</summary>
    public static ProblemLoadOptions Default { get; } = new();
}

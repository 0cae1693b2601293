namespace Arbiter.Engine.Problems;

/// <summary>
/// A problem package that cannot be used: missing or malformed files, bad YAML, absurd limits, a
/// hostile archive. The message names the offending file relative to the package.
/// </summary>
public sealed class ProblemPackageException : Exception
{
    public ProblemPackageException()
    {
    }

    public ProblemPackageException(string message)
        : base(message)
    {
    }

    public ProblemPackageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="file"/> (relative to the package).</summary>
    internal static ProblemPackageException In(string file, string problem, Exception? inner = null) =>
        inner is null
            ? new ProblemPackageException($"{file}: {problem}")
            : new ProblemPackageException($"{file}: {problem}", inner);
}

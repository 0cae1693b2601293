namespace Arbiter.Engine.Analysis.Functions;

/// <summary>The outcome of the function and keyword rules; a failure is a compile-stage verdict (CE).</summary>
/// <param name="Violations">Broken rules, in source order where known.</param>
/// <param name="ExternalFunctions">The external symbols the object uses, normalised (versions and
/// fortify wrappers removed), sorted.</param>
public sealed record FunctionCheckResult(IReadOnlyList<FunctionViolation> Violations, IReadOnlyList<string> ExternalFunctions)
{
    /// <summary>Nothing checked, nothing broken.</summary>
    public static FunctionCheckResult Empty { get; } = new([], []);

    /// <summary>No rule was broken.</summary>
    public bool Passed => Violations.Count == 0;

    /// <summary>One line per violation, for the compile output the student sees.</summary>
    public string Message => string.Join('\n', Violations.Select(v => v.Message));

    /// <summary>Both results' violations together (symbols from the first that has them).</summary>
    public FunctionCheckResult Merge(FunctionCheckResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new FunctionCheckResult([.. Violations, .. other.Violations], ExternalFunctions.Count > 0 ? ExternalFunctions : other.ExternalFunctions);
    }
}

namespace Arbiter.Storage;

/// <summary>Problem packages, kept whole in the database so every process judges the same
/// version.</summary>
public interface IProblemStore
{
    /// <summary>Adds or replaces a problem package.</summary>
    Task SaveProblemAsync(ProblemRecord problem, CancellationToken cancellationToken);

    Task<ProblemRecord?> GetProblemAsync(string id, CancellationToken cancellationToken);

    /// <summary>Problems without their package bytes (PackageZip empty).</summary>
    Task<IReadOnlyList<ProblemRecord>> ListProblemsAsync(CancellationToken cancellationToken);
}

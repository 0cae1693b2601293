using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage;

/// <summary>Problem packages: <see cref="IProblemStore"/>.</summary>
public abstract partial class ArbiterStore
{
    /// <inheritdoc />
    public async Task SaveProblemAsync(ProblemRecord problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        await Db.ExecuteAsync(SharedSql.UpsertProblem,
            [Text("id", problem.Id), Text("name", problem.Name), Text("type", problem.Type), Time("imported", problem.ImportedAt),
             Text("owner", problem.Owner), Bytes("zip", problem.PackageZip)],
            cancellationToken, durable: false).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<ProblemRecord?> GetProblemAsync(string id, CancellationToken cancellationToken) =>
        FirstAsync(SharedSql.Problem, [Text("id", id)], row => RecordReader.Problem(row, ReadTime, withPackage: true), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProblemRecord>> ListProblemsAsync(CancellationToken cancellationToken) =>
        await Db.QueryAsync(SharedSql.ListProblems, [], row => RecordReader.Problem(row, ReadTime, withPackage: false), cancellationToken).ConfigureAwait(false);
}

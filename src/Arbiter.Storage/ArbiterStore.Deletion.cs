using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage;

/// <summary>Deleting a finished submission: <see cref="ISubmissionStore.DeleteSubmissionAsync"/>.</summary>
public abstract partial class ArbiterStore
{
    /// <summary>A callback attempt recorded by another process between the statements (PostgreSQL
    /// runs them under READ COMMITTED) fails the last one on its foreign key; the whole deletion
    /// then rolls back and is tried again, this many times in all.</summary>
    private const int DeletionTries = 3;

    /// <inheritdoc />
    public async Task<SubmissionDeletion> DeleteSubmissionAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var changed = await Db.ExecuteAllAsync(SharedSql.DeleteFinishedSubmission, [Text("id", id)], cancellationToken).ConfigureAwait(false);
                if (changed[^1] == 1)
                {
                    return SubmissionDeletion.Deleted;
                }

                break;
            }
            catch (Exception ex) when (attempt < DeletionTries && Db.IsForeignKeyViolation(ex))
            {
                // deleted nothing; again, now that the other attempt is committed
            }
        }

        var status = await Db.ScalarAsync<string?>("SELECT status FROM submissions WHERE id = @id", [Text("id", id)], cancellationToken).ConfigureAwait(false);
        return status is null ? SubmissionDeletion.NotFound : SubmissionDeletion.Unfinished;
    }
}

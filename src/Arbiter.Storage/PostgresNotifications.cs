
namespace Arbiter.Storage;

/// <summary>
/// The PostgreSQL store's wake-ups for other processes: it sends <see cref="Queued"/> (payload:
/// how many submissions) when a batch is queued and <see cref="Finished"/> (payload: the
/// submission id) when a result is stored, each in the transaction of its write, so a listener
/// hears of a change exactly when it becomes visible. Losing one costs only a poll.
/// </summary>
public static class PostgresNotifications
{
    public const string Queued = "arbiter_queued";

    public const string Finished = "arbiter_finished";

    /// <summary>
    /// Holds one connection listening on both channels and calls <paramref name="heard"/>
    /// (channel, payload) for each notification; <paramref name="listening"/> runs once the
    /// LISTEN is in place. Returns only by throwing: cancellation, or the connection failing
    /// (<see cref="StoreUnavailableException"/> when it cannot be opened or is cut).
    /// </summary>
    internal static Task ListenAsync(PostgresDatabase db, Action<string, string> heard, Action listening, CancellationToken cancellationToken) =>
        db.GuardAsync(() => ListenUnguardedAsync(db, heard, listening, cancellationToken), cancellationToken);

    private static async Task ListenUnguardedAsync(PostgresDatabase db, Action<string, string> heard, Action listening, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        connection.Notification += (_, e) => heard(e.Channel, e.Payload);
        await using (var listen = PostgresDatabase.Command(connection, null, $"LISTEN {Queued}; LISTEN {Finished}"))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        listening();
        while (true)
        {
            await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

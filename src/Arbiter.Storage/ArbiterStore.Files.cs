using System.Security.Cryptography;
using Arbiter.Storage.Sql;
using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage;

/// <summary>Cached files: <see cref="IFileCache"/>. Two tables: <c>cached_files</c> holds each
/// content once (by SHA-256, with its size and when it was last used) and <c>cached_file_ids</c>
/// the ids naming it. Reads join the two, so an id left naming a content another process evicted
/// at the same moment reads as absent, never as an error.</summary>
public abstract partial class ArbiterStore
{
    /// <summary>
    /// The lock every put takes (<see cref="ISqlGateway.ExecuteAllAloneAsync"/>): puts run one at a
    /// time, each storing its file and evicting in one transaction. On PostgreSQL, puts and their
    /// evictions running side by side deadlocked (a put refreshing a content holds its row and
    /// waits for its id's row, while an eviction that ranked that content out holds the id and
    /// waits for the content), and an eviction working from a snapshot could drop a content a
    /// concurrent put had just named again. Taking rows in one order with FOR UPDATE SKIP LOCKED
    /// would avoid the deadlock but not that loss, and skipped rows would leave the cache past its
    /// bound. Serialising costs little: puts are rare (CodeRunner sends a file once, then names
    /// it) and each is a few statements; reads take no lock and see whole puts only.
    /// </summary>
    private const long FileCacheLockKey = 0x4152_4246_494C_4553; // "ARBFILES"

    /// <inheritdoc />
    public async Task<bool> PutCachedFileAsync(string id, byte[] content, long capacityBytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.CachedFileId(id);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(content.LongLength, capacityBytes, nameof(content));
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        SqlArg[] args = [Text("id", id), Text("hash", hash), Bytes("content", content), Integer("size", content.LongLength), Time("now", now), Integer("capacity", capacityBytes)];
        var changed = await Db.ExecuteAllAloneAsync(FileCacheLockKey, [.. SharedSql.PutCachedFile, .. SharedSql.EvictCachedFiles], args, cancellationToken, durable: false)
            .ConfigureAwait(false);
        return changed[1] == 1;
    }

    /// <inheritdoc />
    public async Task<bool> CachedFileExistsAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await Db.ScalarAsync<long>(SharedSql.CachedFileCount, [Text("id", id)], cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetCachedFileAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var rows = await Db.QueryAsync(SharedSql.CachedFile, [Text("id", id)], row => row.GetFieldValue<byte[]>(0), cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        await Db.ExecuteAsync(SharedSql.TouchCachedFile, [Text("id", id), Time("now", now)], cancellationToken, durable: false).ConfigureAwait(false);
        return rows[0];
    }
}

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
    /// <inheritdoc />
    public async Task<bool> PutCachedFileAsync(string id, byte[] content, long capacityBytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreGuard.CachedFileId(id);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(content.LongLength, capacityBytes, nameof(content));
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        SqlArg[] args = [Text("id", id), Text("hash", hash), Bytes("content", content), Integer("size", content.LongLength), Time("now", now), Integer("capacity", capacityBytes)];
        var changed = await Db.ExecuteAllAsync(SharedSql.PutCachedFile, args, cancellationToken, durable: false).ConfigureAwait(false);
        var created = changed[1] == 1;
        if (await Db.ScalarAsync<long>(SharedSql.CachedBytes, [], cancellationToken).ConfigureAwait(false) > capacityBytes)
        {
            await Db.ExecuteAllAsync(SharedSql.EvictCachedFiles, args, cancellationToken, durable: false).ConfigureAwait(false);
        }

        return created;
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
